"""Outside lists linked against the clients of the Bapas: a misspelt name is found, a rejected pair stays
rejected, and a confirmed one becomes a violation with an e-mail to the Kasi."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from bimkemas.linkage.models import CandidateStatus, MatchCandidate
from bimkemas.linkage.services import candidate_decide, link_outside_list, outside_list_import
from bimkemas.notify.models import Message
from bimkemas.violations.models import Violation, ViolationSource
from tests.cases.factories import receive_client


@pytest.fixture
def huey_immediate():
    """Run huey tasks inline (djhuey built its instance before the settings fixture ran)."""
    from huey.contrib.djhuey import HUEY

    before = HUEY.immediate
    HUEY.immediate = True
    yield
    HUEY.immediate = before


HEADER = "id,nik,name,birth_date,birth_place,sex,mother_name,address,institution,event_date,case_number\n"


def _clients(kasi_budi):
    names = [
        ("Muhammad Agus Santoso", dt.date(1988, 3, 12), "Sumiyati"),
        ("Rudi Hartono", dt.date(1990, 5, 17), "Painem"),
        ("Siti Aminah", dt.date(1995, 1, 2), "Sukarni"),
        ("Bambang Wijaya", dt.date(1979, 11, 30), "Tukinah"),
    ]
    cases = {}
    for name, birth, mother in names:
        sex = "P" if name.startswith("Siti") else "L"
        cases[name] = receive_client(
            kasi_budi, name, person_kw={"birth": birth, "sex": sex, "nik": False, "mother_name": mother}
        )
    return cases


def _import(kasi_budi, body: str, kind="prison_admission"):
    result = outside_list_import(
        actor=kasi_budi, kind=kind, filename="lapas.csv", content=(HEADER + body).encode()
    )
    assert result.ok, result.errors or result.file_error
    return result.outside_list


ADMISSIONS = (
    "A-1,,M. AGOES SANTOSA BIN SLAMET,1988-03-12,KAB. SLEMAN,L,SUMIYATI,Jl. Kaliurang,"
    "Rutan Kelas IIA Yogyakarta,2026-10-01,B.123/2026\n"
    "A-2,,Joko Susilo,1970-07-07,Bantul,L,Ngatinah,,Lapas Wirogunan,2026-10-02,\n"
)


@pytest.mark.django_db
def test_misspelt_client_name_is_proposed_for_review(kasi_budi):
    cases = _clients(kasi_budi)
    outside_list = _import(kasi_budi, ADMISSIONS)

    counts = outside_list.linked_at, link_outside_list(outside_list=outside_list)

    candidates = list(MatchCandidate.objects.all())
    assert [(c.case_id, c.record.source_id) for c in candidates] == [
        (cases["Muhammad Agus Santoso"].id, "A-1")
    ]
    assert candidates[0].status == CandidateStatus.PROPOSED
    assert candidates[0].probability >= 0.8
    assert candidates[0].weights["name"] > 0 and candidates[0].weights["birth_date"] > 0
    assert counts[1]["proposed"] == 1


@pytest.mark.django_db
def test_rejected_pair_is_never_proposed_again(kasi_budi, pk_andi):
    cases = _clients(kasi_budi)
    outside_list = _import(kasi_budi, ADMISSIONS)
    link_outside_list(outside_list=outside_list)
    candidate = MatchCandidate.objects.get()

    candidate_decide(actor=kasi_budi, candidate=candidate, confirm=False, note="Beda orang, ayah berbeda")
    counts = link_outside_list(outside_list=outside_list)

    assert counts["proposed"] == 0 and counts["skipped"] == 1
    assert list(MatchCandidate.objects.values_list("case_id", "status")) == [
        (cases["Muhammad Agus Santoso"].id, CandidateStatus.REJECTED)
    ]
    assert not Violation.objects.exists()


@pytest.mark.django_db
def test_reject_needs_a_reason(kasi_budi):
    _clients(kasi_budi)
    outside_list = _import(kasi_budi, ADMISSIONS)
    link_outside_list(outside_list=outside_list)

    with pytest.raises(ValidationError):
        candidate_decide(actor=kasi_budi, candidate=MatchCandidate.objects.get(), confirm=False, note=" ")
    assert MatchCandidate.objects.get().status == CandidateStatus.PROPOSED


@pytest.mark.django_db
def test_confirm_records_violation_and_emails_the_kasi(kasi_budi, kasubsi_eko):
    kasi_budi.email = "budi@bapas-yk.go.id"
    kasi_budi.save()
    cases = _clients(kasi_budi)
    outside_list = _import(kasi_budi, ADMISSIONS, kind="court_decision")
    link_outside_list(outside_list=outside_list)

    candidate_decide(
        actor=kasubsi_eko, candidate=MatchCandidate.objects.get(), confirm=True, note="Dicek ke Rutan"
    )

    violation = Violation.objects.get()
    assert violation.case == cases["Muhammad Agus Santoso"]
    assert violation.kind == "new_offence_convicted"
    assert violation.source == ViolationSource.LINKAGE
    assert violation.occurred_on == dt.date(2026, 10, 1)
    assert "B.123/2026" in violation.evidence and "Dicek ke Rutan" in violation.evidence
    assert violation.recorded_by == kasubsi_eko
    assert violation.match_candidate.status == CandidateStatus.CONFIRMED
    message = Message.objects.get()
    assert (message.channel, message.recipient, message.template) == (
        "email",
        "budi@bapas-yk.go.id",
        "staff_notice",
    )
    assert violation.case.register_number in message.body


@pytest.mark.django_db
def test_large_list_is_linked_by_the_background_task(kasi_budi, settings, huey_immediate):
    from bimkemas.linkage.services import link_or_queue

    settings.LINKAGE_SYNC_MAX_RECORDS = 0  # every list counts as large
    _clients(kasi_budi)
    outside_list = _import(kasi_budi, ADMISSIONS)

    assert link_or_queue(outside_list=outside_list) is None
    assert MatchCandidate.objects.filter(record__outside_list=outside_list).count() == 1


@pytest.mark.django_db
def test_nightly_run_links_lists_of_the_last_30_days_only(kasi_budi):
    from bimkemas.linkage.models import OutsideList
    from bimkemas.linkage.tasks import link_recent_lists_nightly

    _clients(kasi_budi)
    recent = _import(kasi_budi, ADMISSIONS)
    old = _import(kasi_budi, ADMISSIONS)
    OutsideList.objects.filter(id=old.id).update(created_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))

    link_recent_lists_nightly.call_local()

    assert MatchCandidate.objects.filter(record__outside_list=recent).count() == 1
    assert not MatchCandidate.objects.filter(record__outside_list=old).exists()
