"""Revocation (pencabutan): the order of the steps, who may take each, the service standard, the end of
the case when granted, the proposal PDF, the pages and the figures."""

import datetime as dt
import shutil
import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from bimkemas.cases.models import EndReason, Status
from bimkemas.violations import services
from bimkemas.violations.models import Revocation
from bimkemas.violations.services import violation_record

D = dt.date


@pytest.fixture
def violation(client_rudi, kasi_budi):
    return violation_record(actor=kasi_budi, case=client_rudi, kind="new_offence_suspect", source="police",
                            evidence="Ditangkap Polsek Depok atas dugaan pencurian.", occurred_on=D(2026, 8, 3))  # fmt: skip


@pytest.fixture
def reported(violation, client_rudi, pk_andi):
    return services.revocation_report(
        actor=pk_andi, case=client_rudi, violations=[violation], reported_on=D(2026, 8, 10)
    )


def _to_proposed(revocation, pk_andi, kasi_budi, kepala_dewi):
    services.revocation_bap(actor=pk_andi, revocation=revocation, bap_date=D(2026, 8, 12), examiner="Andi Pratama",
                            summary="Klien mengakui ditangkap pada 3 Agustus.")  # fmt: skip
    services.revocation_tpp(actor=kasi_budi, revocation=revocation, tpp_date=D(2026, 8, 14),
                            members="Dewi (ketua), Budi, Andi", recommendation="Diusulkan pencabutan PB.")  # fmt: skip
    services.revocation_suspend(actor=kepala_dewi, revocation=revocation, suspended_on=D(2026, 8, 18))
    return services.revocation_propose(actor=kepala_dewi, revocation=revocation, proposed_on=D(2026, 8, 19))


@pytest.mark.django_db
def test_service_standard_counts_working_days_across_holidays(reported):
    # 17 Aug (Independence Day) and 25 Aug 2026 (Maulid) are skipped with the weekends: 20 working days
    # after Mon 10 Aug is Wed 9 Sep (7 Sep without the holidays).
    assert reported.due_date == D(2026, 9, 9)
    assert services.working_days_left(D(2026, 9, 9), D(2026, 9, 4)) == 3  # Fri → Mon, Tue, Wed
    assert services.working_days_left(D(2026, 9, 9), D(2026, 9, 14)) == -3


@pytest.mark.django_db
def test_service_standard_is_the_limit_valid_on_the_report_date(violation, client_rudi, pk_andi):
    from bimkemas.violations.models import Limit

    Limit.objects.filter(code="revocation_service_days").update(valid_until=D(2026, 7, 31))
    Limit.objects.create(code="revocation_service_days", value=5, valid_from=D(2026, 8, 1), source="test")
    revocation = services.revocation_report(
        actor=pk_andi, case=client_rudi, violations=[violation], reported_on=D(2026, 8, 10)
    )
    assert revocation.due_date == D(2026, 8, 18)  # 11-14 Aug, then 18 Aug (17th is a holiday)
    assert services.revocation_service_days(D(2026, 7, 30)) == 20  # before the change: the old limit


@pytest.mark.django_db
def test_steps_must_follow_the_order(reported, kepala_dewi, kasi_budi):
    with pytest.raises(ValidationError, match="tahap"):
        services.revocation_suspend(actor=kepala_dewi, revocation=reported, suspended_on=D(2026, 8, 18))
    with pytest.raises(ValidationError, match="tahap"):
        services.revocation_tpp(
            actor=kasi_budi, revocation=reported, tpp_date=D(2026, 8, 14), members="x", recommendation="y"
        )
    assert Revocation.objects.get().status == "reported"


@pytest.mark.django_db
def test_roles_of_each_step(reported, pk_andi, pk_rina, kasi_budi, kepala_dewi, kasi_wati):
    with pytest.raises(PermissionDenied):  # an APK not on the case
        services.revocation_bap(
            actor=pk_rina, revocation=reported, bap_date=D(2026, 8, 12), examiner="x", summary="y"
        )
    services.revocation_bap(
        actor=pk_andi, revocation=reported, bap_date=D(2026, 8, 12), examiner="Andi", summary="BAP"
    )
    with pytest.raises(PermissionDenied):  # the PK does not record the TPP
        services.revocation_tpp(
            actor=pk_andi, revocation=reported, tpp_date=D(2026, 8, 14), members="x", recommendation="y"
        )
    with pytest.raises(PermissionDenied):  # a lead of another Bapas
        services.revocation_tpp(
            actor=kasi_wati, revocation=reported, tpp_date=D(2026, 8, 14), members="x", recommendation="y"
        )
    services.revocation_tpp(
        actor=kasi_budi, revocation=reported, tpp_date=D(2026, 8, 14), members="TPP", recommendation="Cabut"
    )
    with pytest.raises(PermissionDenied):  # only the Kepala suspends
        services.revocation_suspend(actor=kasi_budi, revocation=reported, suspended_on=D(2026, 8, 18))
    services.revocation_suspend(actor=kepala_dewi, revocation=reported, suspended_on=D(2026, 8, 18))
    with pytest.raises(PermissionDenied):  # only the Kepala proposes
        services.revocation_propose(actor=kasi_budi, revocation=reported, proposed_on=D(2026, 8, 19))
    proposed = services.revocation_propose(actor=kepala_dewi, revocation=reported, proposed_on=D(2026, 8, 19))
    assert proposed.status == "proposed"
    assert proposed.proposal_number == f"PCB/{proposed.case.bapas.code}/0001/2026"


@pytest.mark.django_db
def test_one_open_revocation_per_case_and_validation_names_fields(reported, violation, client_rudi, pk_andi):
    with pytest.raises(ValidationError, match="sedang berjalan"):
        services.revocation_report(
            actor=pk_andi, case=client_rudi, violations=[violation], reported_on=D(2026, 8, 11)
        )
    with pytest.raises(ValidationError) as exc:
        services.revocation_bap(
            actor=pk_andi, revocation=reported, bap_date=D(2026, 8, 1), examiner=" ", summary=""
        )
    assert set(exc.value.message_dict) == {"bap_date", "examiner", "summary"}


@pytest.mark.django_db
def test_granted_decision_ends_the_case_and_records_days_not_counted(
    reported, client_rudi, pk_andi, kasi_budi, kepala_dewi
):
    revocation = _to_proposed(reported, pk_andi, kasi_budi, kepala_dewi)
    services.revocation_decide(actor=kasi_budi, revocation=revocation, decision_number="PAS-123.PK.05.09/2026",
                               decision_date=D(2026, 9, 1), granted=True)  # fmt: skip
    revocation.refresh_from_db()
    client_rudi.refresh_from_db()
    assert (client_rudi.status, client_rudi.end_reason, client_rudi.end_date) == (
        Status.ENDED,
        EndReason.REVOKED,
        D(2026, 9, 1),
    )
    assert "PAS-123.PK.05.09/2026" in client_rudi.end_note
    # 18 Aug .. 1 Sep, both counted
    assert (revocation.days_not_counted, revocation.not_counted_from, revocation.not_counted_until) == (
        15,
        D(2026, 8, 18),
        D(2026, 9, 1),
    )


@pytest.mark.django_db
def test_rejected_decision_keeps_the_case(reported, client_rudi, pk_andi, kasi_budi, kepala_dewi):
    revocation = _to_proposed(reported, pk_andi, kasi_budi, kepala_dewi)
    with pytest.raises(PermissionDenied):  # the PK does not record the decision
        services.revocation_decide(
            actor=pk_andi,
            revocation=revocation,
            decision_number="X",
            decision_date=D(2026, 9, 1),
            granted=False,
        )
    services.revocation_decide(actor=kasi_budi, revocation=revocation, decision_number="PAS-9/2026",
                               decision_date=D(2026, 9, 1), granted=False)  # fmt: skip
    client_rudi.refresh_from_db()
    revocation.refresh_from_db()
    assert client_rudi.status != Status.ENDED
    assert revocation.status == "decided" and revocation.days_not_counted is None


@pytest.mark.django_db
def test_proposal_pdf_names_client_and_recommendation(
    client, reported, client_rudi, pk_andi, kasi_budi, kepala_dewi
):
    _to_proposed(reported, pk_andi, kasi_budi, kepala_dewi)
    client.force_login(kepala_dewi)
    response = client.get(reverse("revocation_pdf", kwargs={"revocation_id": reported.id}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = subprocess.run(
        [shutil.which("pdftotext"), "-layout", "-", "-"],
        input=response.content,
        capture_output=True,
        check=True,
    ).stdout.decode()
    flat = " ".join(text.split())
    assert "Rudi Hartono" in flat
    assert client_rudi.register_number in flat
    assert "Diusulkan pencabutan PB." in flat
    assert "Klien mengakui ditangkap pada 3 Agustus." in flat
    assert f"PCB/{client_rudi.bapas.code}/0001/2026" in flat
    assert kepala_dewi.display_name in flat
    assert "KONSEP" not in flat


@pytest.mark.django_db
def test_pages_walk_the_steps(client, violation, client_rudi, pk_andi, kasi_budi, kepala_dewi):
    client.force_login(pk_andi)
    page = client.get(reverse("case_violations", kwargs={"case_id": client_rudi.id})).content.decode()
    assert "Ajukan pencabutan" in page
    new_url = reverse("revocation_new", kwargs={"case_id": client_rudi.id})
    response = client.post(new_url, {"reported_on": "2026-08-10"})
    assert (
        response.status_code == 400 and "Pilih paling sedikit satu pelanggaran." in response.content.decode()
    )
    response = client.post(
        new_url, {"violations": [violation.id], "reported_on": "2026-08-10", "note": "Laporan PK"}
    )
    revocation = Revocation.objects.get()
    url = reverse("revocation_detail", kwargs={"revocation_id": revocation.id})
    assert response.status_code == 302 and response["Location"] == url
    page = client.get(url).content.decode()
    assert "2026-09-09" in page and "terlambat" in page  # the standard has passed (today is after Sep 2026)

    client.post(url, {"bap_date": "2026-08-12", "examiner": "Andi", "summary": "Ringkasan BAP"})
    assert client.post(url, {"tpp_date": "2026-08-14"}).status_code == 403  # PK cannot record the TPP
    client.force_login(kasi_budi)
    response = client.post(url, {"tpp_date": "2026-08-14", "members": ""})
    assert response.status_code == 400 and "Isi anggota TPP yang hadir." in response.content.decode()
    client.post(url, {"tpp_date": "2026-08-14", "members": "Dewi, Budi", "recommendation": "Cabut PB"})
    assert client.post(url, {"suspended_on": "2026-08-18"}).status_code == 403
    client.force_login(kepala_dewi)
    client.post(url, {"suspended_on": "2026-08-18"})
    client.post(url, {"proposed_on": "2026-08-19"})
    client.force_login(kasi_budi)
    client.post(url, {"decision_number": "PAS-1/2026", "decision_date": "2026-09-01", "granted": "1"})
    revocation.refresh_from_db()
    assert revocation.status == "decided"
    page = client.get(url).content.decode()
    assert "15 hari (2026-08-18 s.d. 2026-09-01) tidak dihitung sebagai masa menjalani pidana." in page
    listing = client.get(reverse("revocation_list"), {"status": "all"}).content.decode()
    assert client_rudi.register_number in listing


@pytest.mark.django_db
def test_figures_per_month_and_linkage_share(
    client, reported, violation, client_rudi, kasi_budi, kanwil_hadi, pk_andi
):
    from tests.cases.factories import receive_client

    other = receive_client(kasi_budi, "Joko Santoso")
    v2 = violation_record(actor=kasi_budi, case=other, kind="new_offence_suspect", source="linkage",
                          evidence="Cocok dengan data register Rutan.", occurred_on=D(2026, 9, 2))  # fmt: skip
    services.revocation_report(actor=kasi_budi, case=other, violations=[v2], reported_on=D(2026, 9, 3))

    client.force_login(kanwil_hadi)
    response = client.get(reverse("violation_statistics"), {"year": 2026})
    stats = response.context["stats"]
    row = next(r for r in stats.rows if r.unit.id == client_rudi.bapas_id)
    assert row.violations[7] == 1 and row.violations[8] == 1  # August, September
    assert row.revocations[7] == 1 and row.revocations[8] == 1
    assert (stats.revocations_linkage, stats.revocations_total, stats.linkage_share) == (1, 2, 50.0)
    assert "50,0% pencabutan ditemukan melalui pencocokan data" in response.content.decode()

    client.force_login(pk_andi)
    assert client.get(reverse("violation_statistics")).status_code == 403
