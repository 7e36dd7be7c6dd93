"""Violations pages: the leads' list of their Bapas and the case page where the team records one."""

import datetime as dt

import pytest
from django.urls import reverse

from bimkemas.notify.models import Message
from bimkemas.violations.models import Violation
from bimkemas.violations.services import violation_record


@pytest.mark.django_db
def test_pk_records_a_violation_on_own_case(client, client_rudi, pk_andi, kasi_budi):
    kasi_budi.email = "budi@bapas-yk.go.id"
    kasi_budi.save()
    client.force_login(pk_andi)
    url = reverse("case_violations", kwargs={"case_id": client_rudi.id})

    response = client.post(
        url, {"kind": "address_change_unreported", "source": "report", "occurred_on": "2026-05-04",
              "evidence": "Tetangga melapor klien pindah ke Klaten."},
    )  # fmt: skip

    assert response.status_code == 302
    violation = Violation.objects.get()
    assert (violation.case, violation.recorded_by, violation.kind) == (
        client_rudi, pk_andi, "address_change_unreported",
    )  # fmt: skip
    assert Message.objects.filter(recipient="budi@bapas-yk.go.id").exists()
    assert "Tetangga melapor klien pindah ke Klaten." in client.get(url).content.decode()


@pytest.mark.django_db
def test_empty_form_names_what_is_missing(client, client_rudi, pk_andi):
    client.force_login(pk_andi)
    response = client.post(reverse("case_violations", kwargs={"case_id": client_rudi.id}), {})

    assert response.status_code == 400
    assert "Isi tanggal kejadian." in response.content.decode()
    assert not Violation.objects.exists()


@pytest.mark.django_db
def test_leads_list_shows_own_bapas_only(
    client, client_rudi, kasi_budi, kasi_wati, django_assert_max_num_queries
):
    for day in range(1, 6):
        violation_record(actor=kasi_budi, case=client_rudi, kind="public_unrest", source="police",
                         evidence="Laporan Polsek", occurred_on=dt.date(2026, 5, day))  # fmt: skip
    client.force_login(kasi_budi)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("violation_list")).content.decode()
    assert client_rudi.register_number in page

    client.force_login(kasi_wati)
    page = client.get(reverse("violation_list")).content.decode()
    assert client_rudi.register_number not in page and "Belum ada pelanggaran" in page


@pytest.mark.django_db
def test_other_bapas_and_apk_not_on_case_are_refused(client, client_rudi, pk_sari, pk_rina):
    url = reverse("case_violations", kwargs={"case_id": client_rudi.id})
    client.force_login(pk_sari)
    assert client.get(url).status_code == 404
    client.force_login(pk_rina)
    assert client.get(url).status_code == 403
