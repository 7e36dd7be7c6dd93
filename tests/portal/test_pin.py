"""The PK sets or resets a client's portal PIN on /kasus/<id>/pin/, and unlocks a locked account."""

import re

import pytest
from django.contrib.auth.hashers import check_password
from django.test import Client

from bimkemas.audit.models import AuditEntry
from bimkemas.portal.models import ClientAccount
from tests.cases.factories import receive_client
from tests.portal.conftest import RUDI_PIN, portal_login


def _as(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _url(case) -> str:
    return f"/kasus/{case.id}/pin/"


@pytest.mark.django_db
def test_pk_generates_a_pin_shown_once_and_the_client_can_log_in(client_rudi, pk_andi):
    pk = _as(pk_andi)
    page = pk.get(_url(client_rudi)).content.decode()
    assert "Belum ada akun" in page and client_rudi.person.nik in page
    response = pk.post(_url(client_rudi), {"mode": "generate"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    pin = re.search(r'data-testid="new-pin">(\d{6})<', response.content.decode()).group(1)
    account = ClientAccount.objects.get(person=client_rudi.person)
    assert check_password(pin, account.pin_hash) and pin not in account.pin_hash
    assert account.pin_set_by == pk_andi
    assert pin not in pk.get(_url(client_rudi)).content.decode()  # shown once only
    assert portal_login(Client(), client_rudi.person.nik, pin).status_code == 302
    entry = AuditEntry.objects.get(object_type="clientaccount", object_id=account.id)
    assert entry.actor == pk_andi and entry.context == "portal_pin_set" and pin not in str(entry.changes)


@pytest.mark.django_db
def test_pk_types_a_pin(client_rudi, pk_andi):
    response = _as(pk_andi).post(_url(client_rudi), {"mode": "type", "pin": "580317"}, follow=True)
    assert "PIN baru sudah disimpan" in response.content.decode()
    assert portal_login(Client(), client_rudi.person.nik, "580317").status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("pin", "message"),
    [
        ("12345", "PIN harus terdiri dari tepat 6 angka."),
        ("12a456", "PIN harus terdiri dari tepat 6 angka."),
        ("123456", "PIN ini terlalu mudah ditebak."),
        ("777777", "PIN ini terlalu mudah ditebak."),
        ("", "Ketik PIN 6 angka, atau pilih PIN acak."),
    ],
)
def test_bad_typed_pin_is_refused_with_the_reason(client_rudi, pk_andi, pin, message):
    response = _as(pk_andi).post(_url(client_rudi), {"mode": "type", "pin": pin})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ClientAccount.objects.filter(person=client_rudi.person).exists()


@pytest.mark.django_db
def test_client_without_nik_gets_no_pin(pk_andi, kasi_budi):
    from bimkemas.cases.services import case_assign

    case = receive_client(kasi_budi, "Joko Susilo", person_kw={"nik": False})
    case_assign(actor=kasi_budi, cases=[case], pk=pk_andi)
    case.refresh_from_db()
    response = _as(pk_andi).post(_url(case), {"mode": "generate"})
    assert "Klien belum memiliki NIK" in response.content.decode()
    assert not ClientAccount.objects.exists()


@pytest.mark.django_db
def test_pk_unlocks_a_locked_account_without_changing_the_pin(rudi_account, client_rudi, pk_andi):
    for _ in range(5):
        portal_login(Client(), rudi_account.person.nik, "135799")
    pk = _as(pk_andi)
    assert "Terkunci" in pk.get(_url(client_rudi)).content.decode()
    response = pk.post(_url(client_rudi), {"unlock": "1"}, follow=True)
    assert "Akun portal klien sudah dibuka kembali." in response.content.decode()
    assert portal_login(Client(), rudi_account.person.nik, RUDI_PIN).status_code == 302
    assert AuditEntry.objects.filter(context="portal_unlock", actor=pk_andi).exists()


@pytest.mark.django_db
def test_only_the_case_team_sets_a_pin(client_rudi, pk_rina, pk_sari, kasubsi_eko, kasi_budi):
    assert _as(pk_rina).post(_url(client_rudi), {"mode": "generate"}).status_code == 403
    assert _as(pk_sari).post(_url(client_rudi), {"mode": "generate"}).status_code == 404
    assert _as(kasubsi_eko).post(_url(client_rudi), {"mode": "generate"}).status_code == 403
    assert not ClientAccount.objects.exists()
    assert _as(kasi_budi).post(_url(client_rudi), {"mode": "generate"}).status_code == 200
    assert ClientAccount.objects.filter(person=client_rudi.person, pin_set_by=kasi_budi).exists()


@pytest.mark.django_db
def test_anonymous_is_sent_to_the_staff_login(client_rudi):
    response = Client().get(_url(client_rudi))
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")
