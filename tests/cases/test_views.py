"""The caseload, the case page, penerimaan with the duplicate check, assignment, restriction, pengakhiran."""

import datetime as dt

import pytest
from django.urls import reverse

from bimkemas.audit.models import AuditEntry
from bimkemas.cases.models import Case, CaseEvent, Status
from bimkemas.cases.services import case_assign, case_restrict
from bimkemas.clients.models import Person
from tests.cases.factories import make_nik, receive_client

pytestmark = pytest.mark.django_db


def receive_post(**over):
    birth = dt.date(1988, 2, 9)
    data = {
        "p-nik": make_nik(birth, "L"), "p-name": "Slamet Riyadi", "p-sex": "L", "p-birth_date": "1988-02-09",
        "p-birth_place": "Sleman", "p-phones": "0812 2233 4455", "p-aliases": "Met; Slamet R.",
        "c-client_group": "D", "c-programme": "PB", "c-sk_number": "PAS-123.PK.01.04.06/2026",
        "c-sk_date": "2026-01-02", "c-handover_date": "2026-01-05", "c-period_start": "2026-01-05",
        "c-period_end": "2027-01-04", "c-origin_institution": "Lapas Kelas IIB Sleman",
    }  # fmt: skip
    data.update(over)
    return data


def _as_rudi(case) -> dict:
    """The person form filled in with Rudi's own data: he is then one of the possible duplicates."""
    person = case.person
    return {"p-nik": person.nik, "p-name": person.name, "p-birth_date": person.birth_date.isoformat()}


def test_pk_sees_only_own_clients_in_caseload(
    client, client_rudi, kasi_budi, pk_andi, pk_rina, django_assert_max_num_queries
):
    receive_client(kasi_budi, "Joko Susilo")  # unassigned: not in pk_andi's list
    client.force_login(pk_andi)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("caseload"))
    assert response.status_code == 200
    assert "Rudi Hartono" in response.content.decode()
    assert "Joko Susilo" not in response.content.decode()
    client.force_login(pk_rina)
    assert "Rudi Hartono" not in client.get(reverse("caseload")).content.decode()


def test_caseload_search_by_name_nik_and_register(client, client_rudi, kasi_budi):
    receive_client(kasi_budi, "Joko Susilo")
    client.force_login(kasi_budi)
    for q in ("rudi", client_rudi.person.nik, client_rudi.register_number):
        page = client.get(reverse("caseload"), {"q": q}).content.decode()
        assert "Rudi Hartono" in page, q
        assert "Joko Susilo" not in page, q


def test_caseload_paginates(client, kasi_budi):
    for i in range(27):
        receive_client(kasi_budi, f"Klien Nomor {chr(65 + i % 26)}{i}")
    client.force_login(kasi_budi)
    first = client.get(reverse("caseload")).content.decode()
    assert "Halaman 1 dari 2" in first
    second = client.get(reverse("caseload"), {"page": 2}).content.decode()
    assert second.count("/kasus/") >= 2


def test_case_page_shows_phases_register_number_and_logs_the_view(client, client_rudi, pk_andi):
    client.force_login(pk_andi)
    page = client.get(reverse("case_detail", args=[client_rudi.id])).content.decode()
    assert client_rudi.register_number in page
    for label in ("Tahap awal", "Tahap lanjutan", "Tahap akhir", "After care"):
        assert label in page
    assert AuditEntry.objects.filter(
        actor=pk_andi, action="view", object_type="person", object_id=client_rudi.person_id
    ).exists()


def test_pk_of_other_bapas_gets_404_and_colleague_403(client, client_rudi, pk_sari, pk_rina):
    client.force_login(pk_sari)
    assert client.get(reverse("case_detail", args=[client_rudi.id])).status_code == 404
    client.force_login(pk_rina)
    assert client.get(reverse("case_detail", args=[client_rudi.id])).status_code == 403


def test_receive_creates_person_and_case_then_redirects_to_case(client, kasi_budi):
    client.force_login(kasi_budi)
    response = client.post(reverse("case_receive"), receive_post())
    case = Case.objects.get(person__name="Slamet Riyadi")
    assert response.status_code == 302 and response.url == reverse("case_detail", args=[case.id])
    assert case.status == Status.REGISTERED
    assert case.person.phones.get().number == "+6281222334455"
    assert sorted(a.name for a in case.person.aliases.all()) == ["Met", "Slamet R."]


def test_receive_with_bad_nik_keeps_input_and_says_which_part_is_wrong(client, kasi_budi):
    client.force_login(kasi_budi)
    response = client.post(reverse("case_receive"), receive_post(**{"p-nik": "3404019913880001"}))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tanggal lahir di NIK (digit 7–12" in page
    assert 'value="Slamet Riyadi"' in page  # nothing lost
    assert not Person.objects.filter(name="Slamet Riyadi").exists()


def test_nik_birth_date_mismatch_is_a_warning_not_a_rejection(client, kasi_budi):
    client.force_login(kasi_budi)
    client.post(reverse("case_receive"), receive_post(**{"p-birth_date": "1988-03-09"}))
    person = Person.objects.get(name="Slamet Riyadi")
    assert any("berbeda" in w for w in person.nik_warnings)


def test_duplicate_check_shows_existing_person_before_creating(client, kasi_budi, client_rudi):
    client.force_login(kasi_budi)
    post = receive_post(**{"p-nik": "", "p-name": "Rudy Hartono", "p-birth_date": "1990-05-17"})
    response = client.post(reverse("case_receive"), post)
    page = response.content.decode()
    assert "Kemungkinan orang yang sama sudah terdaftar" in page
    assert client_rudi.register_number in page  # history one click away
    assert Person.objects.filter(name__startswith="Rud").count() == 1
    # Confirming it is someone else creates the new person.
    response = client.post(reverse("case_receive"), {**post, "confirm_new": "1"})
    assert response.status_code == 302
    assert Person.objects.filter(name="Rudy Hartono").exists()


def test_returning_client_reuses_the_person(client, kasi_budi, client_rudi):
    from bimkemas.cases.services import case_end

    case_end(actor=kasi_budi, case=client_rudi, reason="completed", end_date=dt.date(2026, 6, 1))
    client.force_login(kasi_budi)
    post = receive_post(**{"existing_person": str(client_rudi.person_id), **_as_rudi(client_rudi), "c-handover_date": "2026-07-01",
                           "c-period_start": "2026-07-01", "c-period_end": "2027-07-01", "c-sk_date": "2026-06-20"})  # fmt: skip
    assert client.post(reverse("case_receive"), post).status_code == 302
    assert client_rudi.person.cases.count() == 2


def test_only_a_shown_duplicate_can_be_chosen_as_the_same_person(client, kasi_budi, client_rudi):
    """A person id sent by hand that is not among the possible duplicates of the data entered is refused:
    nothing is created and nobody's record is touched."""
    from bimkemas.cases.services import case_end

    case_end(actor=kasi_budi, case=client_rudi, reason="completed", end_date=dt.date(2026, 6, 1))
    client.force_login(kasi_budi)
    post = receive_post(**{"existing_person": str(client_rudi.person_id), "c-handover_date": "2026-07-01",
                           "c-period_start": "2026-07-01", "c-period_end": "2027-07-01", "c-sk_date": "2026-06-20"})  # fmt: skip
    response = client.post(reverse("case_receive"), post)
    assert response.status_code == 200
    assert "Klien yang dipilih tidak termasuk kemungkinan data ganda" in response.content.decode()
    assert client_rudi.person.cases.count() == 1
    assert not Person.objects.filter(name="Slamet Riyadi").exists()


def test_kasi_bulk_assigns_and_reassignment_keeps_history(client, kasi_budi, pk_andi, pk_rina):
    a = receive_client(kasi_budi, "Joko Susilo")
    b = receive_client(kasi_budi, "Agus Salim")
    client.force_login(kasi_budi)
    page = client.get(reverse("assignments")).content.decode()
    assert "Andi Pratama" in page and "Rina Wulandari" in page
    client.post(reverse("assign"), {"case": [a.id, b.id], "officer": pk_andi.id})
    assert set(Case.objects.filter(officer=pk_andi).values_list("id", flat=True)) == {a.id, b.id}
    client.post(reverse("assign"), {"case": [a.id], "officer": pk_rina.id, "reason": "cuti"})
    a.refresh_from_db()
    assert a.officer == pk_rina
    assert [x.officer for x in a.assignments.order_by("started_at")] == [pk_andi, pk_rina]
    assert a.events.filter(code=CaseEvent.Code.REASSIGNED, payload__reason="cuti").exists()
    page = client.get(reverse("assignments")).content.decode()
    assert "1 : 1" in page  # two active clients, two supervisors


def test_pk_cannot_assign(client, pk_andi, client_rudi, pk_rina):
    client.force_login(pk_andi)
    assert (
        client.post(reverse("assign"), {"case": [client_rudi.id], "officer": pk_rina.id}).status_code == 403
    )


def test_child_identity_masked_outside_case_team(client, kasi_budi, kasubsi_eko, pk_andi):
    case = receive_client(
        kasi_budi, "Bima Saputra", programme="DIV", group="A", person_kw={"birth": dt.date(2011, 4, 1)}
    )
    case_assign(actor=kasi_budi, cases=[case], pk=pk_andi)
    client.force_login(kasubsi_eko)
    listing = client.get(reverse("caseload")).content.decode()
    assert "Bima Saputra" not in listing and "B. S." in listing
    detail = client.get(reverse("case_detail", args=[case.id])).content.decode()
    assert "Bima Saputra" not in detail and case.person.nik not in detail
    client.force_login(pk_andi)
    assert "Bima Saputra" in client.get(reverse("case_detail", args=[case.id])).content.decode()


def test_restricted_case_visible_only_to_named_staff(
    client, kepala_dewi, kasi_budi, kasubsi_eko, client_rudi
):
    case_restrict(actor=kepala_dewi, case=client_rudi, staff=[kasi_budi], reason="keluarga petugas")
    client.force_login(kasubsi_eko)
    listing = client.get(reverse("caseload")).content.decode()
    assert "kasus terbatas" in listing and "Rudi Hartono" not in listing
    assert client.get(reverse("case_detail", args=[client_rudi.id])).status_code == 403
    client.force_login(kasi_budi)
    assert client.get(reverse("case_detail", args=[client_rudi.id])).status_code == 200


def test_restrict_page_only_for_kepala(client, kepala_dewi, kasi_budi, client_rudi):
    client.force_login(kasi_budi)
    assert client.get(reverse("case_restrict", args=[client_rudi.id])).status_code == 403
    client.force_login(kepala_dewi)
    response = client.post(
        reverse("case_restrict", args=[client_rudi.id]), {"staff": [kasi_budi.id], "reason": ""}
    )
    assert "Alasan pembatasan wajib diisi" in response.content.decode()
    client_rudi.refresh_from_db()
    assert not client_rudi.restricted


def test_ending_a_case_makes_it_read_only(client, pk_andi, client_rudi):
    client.force_login(pk_andi)
    response = client.post(
        reverse("case_end", args=[client_rudi.id]), {"reason": "died", "end_date": "2026-02-01", "note": ""}
    )
    assert response.status_code == 302
    client_rudi.refresh_from_db()
    assert client_rudi.status == Status.ENDED and client_rudi.end_reason == "died"
    edit = client.get(reverse("person_edit", args=[client_rudi.id]))
    assert edit.status_code == 302  # read-only: back to the case page
    response = client.post(reverse("case_edit", args=[client_rudi.id]), {})
    assert client_rudi.events.filter(code=CaseEvent.Code.UPDATED).count() == 0


def test_transfer_moves_case_to_other_bapas_with_history(client, kasi_budi, kasi_wati, bapas_b, client_rudi):
    client.force_login(kasi_budi)
    client.post(reverse("case_end", args=[client_rudi.id]),
                {"reason": "transferred", "end_date": "2026-02-01", "transfer_to": bapas_b.id})  # fmt: skip
    new = Case.objects.get(previous_case=client_rudi)
    assert new.bapas == bapas_b and new.register_number.startswith("BPS-WNS/PB.D/")
    client.force_login(kasi_wati)
    page = client.get(reverse("case_detail", args=[new.id])).content.decode()
    assert "Klien diterima (serah terima)" in page  # the old case's events on the timeline
    assert client.get(reverse("case_detail", args=[client_rudi.id])).status_code == 200  # history readable


def test_revocation_needs_a_note(client, kasi_budi, client_rudi):
    client.force_login(kasi_budi)
    response = client.post(
        reverse("case_end", args=[client_rudi.id]), {"reason": "revoked", "end_date": "2026-02-01"}
    )
    assert "Sebutkan pelanggaran" in response.content.decode()
    client_rudi.refresh_from_db()
    assert client_rudi.status != Status.ENDED


def test_region_search_finds_villages(client, pk_andi):
    client.force_login(pk_andi)
    page = client.get(reverse("region_search"), {"q": "sinduadi"}).content.decode()
    assert "34.04" in page and "Sinduadi" in page
