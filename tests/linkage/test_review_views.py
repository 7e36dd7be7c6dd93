"""The review queue and the decision page, as the PK and the leads use them, and who may not."""

import datetime as dt

import pytest
from django.urls import reverse

from bimkemas.linkage.models import CandidateStatus, ListKind, MatchCandidate, OutsideList, OutsideRecord
from bimkemas.violations.models import Violation

HEADER = "id,nik,name,birth_date,birth_place,sex,mother_name,address,institution,event_date,case_number\n"


def _candidate(case, uploader, probability=0.93, name="RUDY HARTONO"):
    outside_list = OutsideList.objects.create(
        kind=ListKind.PRISON_ADMISSION, bapas=case.bapas, uploaded_by=uploader, filename="lapas.csv", rows=1
    )
    record = OutsideRecord.objects.create(
        outside_list=outside_list, row=2, raw=[{"id": "A-1", "name": name}], source_id="A-1", name=name,
        birth_date=case.person.birth_date, institution="Rutan Kelas IIA Yogyakarta",
    )  # fmt: skip
    return MatchCandidate.objects.create(
        case=case, person=case.person, record=record, probability=probability,
        levels={"name": "same phonetic key", "birth_date": "exact", "sex": ""},
        weights={"name": 6.0, "birth_date": 8.0, "sex": 0.0},
    )  # fmt: skip


@pytest.mark.django_db
def test_pk_sees_own_candidates_ranked_and_confirms(client, client_rudi, pk_andi, kasi_budi):
    low = _candidate(client_rudi, kasi_budi, probability=0.81, name="RUDI HARTANTO")
    high = _candidate(client_rudi, kasi_budi, probability=0.97)
    client.force_login(pk_andi)

    page = client.get(reverse("candidate_list")).content.decode()
    assert page.index("RUDY HARTONO") < page.index("RUDI HARTANTO")

    detail = client.get(reverse("candidate_detail", kwargs={"candidate_id": high.id})).content.decode()
    assert 'data-agreement="agree"' in detail and "Rutan Kelas IIA Yogyakarta" in detail

    response = client.post(
        reverse("candidate_detail", kwargs={"candidate_id": high.id}),
        {"decision": "confirm", "kind": "new_offence_suspect", "note": ""},
    )
    assert response.status_code == 302
    assert Violation.objects.get().case == client_rudi
    assert client_rudi.events.filter(code="violation_recorded").exists()  # on the case timeline
    high.refresh_from_db()
    assert (high.status, high.reviewed_by) == (CandidateStatus.CONFIRMED, pk_andi)
    page = client.get(reverse("candidate_list")).content.decode()
    assert "RUDY HARTONO" not in page and "RUDI HARTANTO" in page
    assert low.status == CandidateStatus.PROPOSED


@pytest.mark.django_db
def test_reject_without_reason_shows_the_error(client, client_rudi, pk_andi, kasi_budi):
    candidate = _candidate(client_rudi, kasi_budi)
    client.force_login(pk_andi)

    response = client.post(
        reverse("candidate_detail", kwargs={"candidate_id": candidate.id}),
        {"decision": "reject", "kind": "new_offence_suspect", "note": ""},
    )

    assert response.status_code == 400
    assert "Tulis alasan penolakan." in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.PROPOSED


@pytest.mark.django_db
def test_pk_of_other_bapas_gets_404_and_sees_nothing(client, client_rudi, pk_sari, kasi_budi):
    candidate = _candidate(client_rudi, kasi_budi)
    client.force_login(pk_sari)

    assert client.get(reverse("candidate_detail", kwargs={"candidate_id": candidate.id})).status_code == 404
    assert "RUDY HARTONO" not in client.get(reverse("candidate_list")).content.decode()


@pytest.mark.django_db
def test_apk_not_on_the_case_gets_403(client, client_rudi, pk_rina, kasi_budi):
    candidate = _candidate(client_rudi, kasi_budi)
    client.force_login(pk_rina)

    response = client.post(
        reverse("candidate_detail", kwargs={"candidate_id": candidate.id}),
        {"decision": "confirm", "kind": "new_offence_suspect"},
    )

    assert response.status_code == 403
    assert not Violation.objects.exists()


@pytest.mark.django_db
def test_queue_has_no_n_plus_one(client, client_rudi, kasi_budi, django_assert_max_num_queries):
    for i in range(5):
        _candidate(client_rudi, kasi_budi, probability=0.8 + i / 100, name=f"RUDY {i}")
    client.force_login(kasi_budi)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("candidate_list")).status_code == 200


@pytest.mark.django_db
def test_lead_uploads_list_and_misspelt_client_appears_in_queue(client, client_rudi, kasi_budi, pk_andi):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.cases.factories import receive_client

    for name, sex in (("Siti Aminah", "P"), ("Bambang Wijaya", "L"), ("Joko Susilo", "L")):
        receive_client(kasi_budi, name, person_kw={"sex": sex, "nik": False, "birth": dt.date(1980, 2, 3)})

    person = client_rudi.person
    body = f"A-9,,RUDY HARTONO,{person.birth_date.isoformat()},YOGYAKARTA,L,,,Lapas Wirogunan,2026-10-05,\n"
    client.force_login(kasi_budi)
    response = client.post(
        reverse("outside_import"),
        {"kind": "prison_admission", "berkas": SimpleUploadedFile("lapas.csv", (HEADER + body).encode())},
    )
    assert response.status_code == 200
    assert "1 kecocokan baru" in response.content.decode()

    client.force_login(pk_andi)
    assert "RUDY HARTONO" in client.get(reverse("candidate_list")).content.decode()
