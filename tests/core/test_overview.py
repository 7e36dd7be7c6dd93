import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_kanwil_sees_counts_of_its_bapas_without_names(client, kanwil_hadi, client_rudi, bapas_b):
    client.force_login(kanwil_hadi)
    page = client.get(reverse("overview")).content.decode()
    assert "Bapas Kelas I Yogyakarta" in page and "Bapas Kelas II Wonosari" in page
    assert "Rudi Hartono" not in page


def test_kanwil_cannot_open_client_records(client, kanwil_hadi, client_rudi):
    client.force_login(kanwil_hadi)
    assert client.get(reverse("case_detail", args=[client_rudi.id])).status_code in (403, 404)
    assert client.get(reverse("caseload")).status_code == 403


def test_pk_has_no_overview(client, pk_andi):
    client.force_login(pk_andi)
    assert client.get(reverse("overview")).status_code == 403


def test_english_can_be_chosen(client, pk_andi):
    client.force_login(pk_andi)
    client.post(reverse("set_language"), {"language": "en", "next": "/klien/"})
    assert 'lang="en"' in client.get(reverse("caseload")).content.decode()


def test_indonesian_is_the_default_whatever_the_browser_asks(client, pk_andi):
    client.force_login(pk_andi)
    page = client.get(reverse("caseload"), headers={"accept-language": "en-US,en;q=0.9"}).content.decode()
    assert 'lang="id"' in page
