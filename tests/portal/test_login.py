"""A client logs in with NIK + PIN; wrong PINs lock the account for a while; the PK's reset opens it."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from bimkemas.cases.services import case_end
from bimkemas.portal.models import ClientAccount
from bimkemas.portal.services import pin_set
from tests.portal.conftest import RUDI_PIN, portal_login

WRONG = "NIK atau PIN salah"
LOCKED = "Terlalu banyak percobaan yang salah"


def _page(response) -> str:
    return response.content.decode()


@pytest.mark.django_db
def test_client_logs_in_with_nik_and_pin_and_sees_home(rudi_account):
    phone = Client()
    response = portal_login(phone, rudi_account.person.nik, RUDI_PIN)
    assert response.status_code == 302 and response["Location"] == "/p/"
    home = phone.get("/p/")
    assert home.status_code == 200
    assert "Halo, Rudi Hartono" in _page(home)
    assert "Andi Pratama" in _page(home)  # the PK


@pytest.mark.django_db
def test_nik_with_spaces_is_accepted(rudi_account):
    nik = rudi_account.person.nik
    spaced = f"{nik[:6]} {nik[6:12]} {nik[12:]}"
    assert portal_login(Client(), spaced, RUDI_PIN).status_code == 302


@pytest.mark.django_db
def test_wrong_pin_and_unknown_nik_get_the_same_message(rudi_account):
    wrong_pin = portal_login(Client(), rudi_account.person.nik, "135799")
    unknown = portal_login(Client(), "3401019999990001", "135799")
    assert wrong_pin.status_code == unknown.status_code == 200
    assert WRONG in _page(wrong_pin) and WRONG in _page(unknown)


@pytest.mark.django_db
def test_malformed_input_is_named():
    page = _page(portal_login(Client(), "12345", "12"))
    assert "NIK harus terdiri dari 16 angka" in page
    assert _page(Client().post("/p/masuk/", {})).count("Isi ") >= 2  # "Isi NIK Anda." and "Isi PIN Anda."


@pytest.mark.django_db
def test_five_wrong_pins_lock_the_account_even_against_the_right_pin(rudi_account, settings):
    nik = rudi_account.person.nik
    for _ in range(4):
        assert WRONG in _page(portal_login(Client(), nik, "135799"))
    fifth = _page(portal_login(Client(), nik, "135799"))
    assert LOCKED in fifth and "15 menit" in fifth
    right = portal_login(Client(), nik, RUDI_PIN)
    assert right.status_code == 200 and LOCKED in _page(right)
    rudi_account.refresh_from_db()
    assert rudi_account.is_locked()


@pytest.mark.django_db
def test_lock_ends_after_the_lockout_minutes(rudi_account):
    nik = rudi_account.person.nik
    for _ in range(5):
        portal_login(Client(), nik, "135799")
    ClientAccount.objects.filter(pk=rudi_account.pk).update(
        locked_until=timezone.now() - dt.timedelta(seconds=1)
    )
    assert portal_login(Client(), nik, RUDI_PIN).status_code == 302


@pytest.mark.django_db
def test_lockout_settings_are_read(rudi_account, settings):
    settings.PORTAL_MAX_FAILURES = 2
    settings.PORTAL_LOCKOUT_MINUTES = 40
    nik = rudi_account.person.nik
    portal_login(Client(), nik, "135799")
    second = _page(portal_login(Client(), nik, "135799"))
    assert LOCKED in second and "40 menit" in second


@pytest.mark.django_db
def test_unknown_nik_is_locked_out_like_a_real_one():
    """Otherwise the lockout message would tell an attacker that a NIK is registered."""
    for _ in range(4):
        assert WRONG in _page(portal_login(Client(), "3401015555550002", "135799"))
    assert LOCKED in _page(portal_login(Client(), "3401015555550002", "135799"))


@pytest.mark.django_db
def test_pin_reset_unlocks_and_ends_sessions_opened_with_the_old_pin(rudi_account, rudi_phone, pk_andi):
    nik = rudi_account.person.nik
    for _ in range(5):
        portal_login(Client(), nik, "135799")
    pin_set(actor=pk_andi, case=rudi_account.person.cases.get(), pin="802468")
    assert rudi_phone.get("/p/").status_code == 302  # the old session no longer counts
    assert portal_login(Client(), nik, RUDI_PIN).status_code == 200
    assert portal_login(Client(), nik, "802468").status_code == 302


@pytest.mark.django_db
def test_client_whose_case_ended_cannot_log_in(rudi_account, client_rudi, kasi_budi):
    case_end(actor=kasi_budi, case=client_rudi, reason="completed", end_date=timezone.localdate(), note="")
    page = _page(portal_login(Client(), rudi_account.person.nik, RUDI_PIN))
    assert "Tidak ada masa bimbingan aktif" in page


@pytest.mark.django_db
def test_logout_ends_the_portal_session(rudi_phone):
    assert rudi_phone.get("/p/").status_code == 200
    response = rudi_phone.post("/p/keluar/")
    assert response.status_code == 302 and response["Location"] == "/p/masuk/"
    assert rudi_phone.get("/p/").status_code == 302


@pytest.mark.django_db
def test_english_through_the_language_cookie(rudi_phone, settings):
    rudi_phone.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = _page(rudi_phone.get("/p/"))
    assert "Report now" in page
