"""A client sees only themselves; staff logins and the portal are separate worlds.

The authorization matrix skips the client-only portal pages (its personas are staff); this file checks
them for every persona kind: anonymous and each staff role are sent to the portal login page.
"""

import uuid

import pytest
from django.test import Client

from bimkemas.cases.services import case_assign
from bimkemas.contacts.models import CheckIn
from bimkemas.portal.services import pin_set
from tests.cases.factories import receive_client
from tests.portal.conftest import portal_login

CLIENT_PAGES = ["/p/", "/p/lapor/"]
API_ROUTES = ["/api/v1/portal/me", "/api/v1/portal/checkins", "/api/v1/portal/ping"]


@pytest.fixture
def sinta_phone(kasi_budi, pk_rina):
    case = receive_client(kasi_budi, "Sinta Maharani", person_kw={"sex": "P"})
    case_assign(actor=kasi_budi, cases=[case], pk=pk_rina)
    case.refresh_from_db()
    pin_set(actor=pk_rina, case=case, pin="975310")
    phone = Client()
    assert portal_login(phone, case.person.nik, "975310").status_code == 302
    return phone


def _answers():
    return {"address_same": True, "working": False}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona", ["anonymous", "pk_andi", "kasi_budi", "kepala_dewi", "kanwil_hadi", "admin_yanto"]
)
def test_client_pages_send_staff_and_anonymous_to_the_portal_login(request, persona, client_rudi):
    browser = Client()
    if persona != "anonymous":
        browser.force_login(request.getfixturevalue(persona))
    for path in CLIENT_PAGES:
        response = browser.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/p/masuk/?next="), path
    for path in API_ROUTES:
        assert browser.get(path).status_code == 401, path
    posted = browser.post(
        "/api/v1/portal/checkins", {"key": str(uuid.uuid4()), **_answers()}, content_type="application/json"
    )
    assert posted.status_code == 401
    assert not CheckIn.objects.exists()


@pytest.mark.django_db
def test_portal_login_does_not_log_into_the_staff_side(rudi_phone):
    assert rudi_phone.get("/klien/").status_code == 302  # staff caseload: to the staff login
    assert rudi_phone.get("/api/v1/me").status_code == 401


@pytest.mark.django_db
def test_portal_logout_leaves_a_staff_login_in_the_same_browser(rudi_account, pk_andi):
    browser = Client()
    browser.force_login(pk_andi)
    assert portal_login(browser, rudi_account.person.nik, "246813").status_code == 302
    browser.post("/p/keluar/")
    assert browser.get("/klien/").status_code == 200


@pytest.mark.django_db
def test_a_client_sees_only_their_own_check_ins(rudi_phone, sinta_phone):
    rudi_key = str(uuid.uuid4())
    rudi_phone.post(
        "/api/v1/portal/checkins", {"key": rudi_key, **_answers()}, content_type="application/json"
    )
    assert sinta_phone.get("/api/v1/portal/checkins").json() == []
    assert sinta_phone.get("/api/v1/portal/me").json()["name"] == "Sinta Maharani"
    assert rudi_key not in sinta_phone.get("/p/").content.decode()
    # Sinta cannot take over or read Rudi's check-in through its key.
    stolen = sinta_phone.post(
        "/api/v1/portal/checkins", {"key": rudi_key, **_answers()}, content_type="application/json"
    )
    assert stolen.status_code == 400 and "Kode lapor tidak valid." in stolen.json()["detail"]
    opened = sinta_phone.post(
        "/api/v1/portal/checkins/open", {"key": rudi_key}, content_type="application/json"
    )
    assert opened.status_code == 400
    assert CheckIn.objects.get(key=rudi_key).case.person.name == "Rudi Hartono"


@pytest.mark.django_db
def test_api_posts_need_the_csrf_token(rudi_account):
    phone = Client(enforce_csrf_checks=True)
    page = phone.get("/p/masuk/")
    token = phone.cookies["csrftoken"].value
    response = phone.post(
        "/p/masuk/", {"nik": rudi_account.person.nik, "pin": "246813", "csrfmiddlewaretoken": token}
    )
    assert page.status_code == 200 and response.status_code == 302
    token = phone.cookies["csrftoken"].value  # rotated at login
    body = {"key": str(uuid.uuid4()), **_answers()}
    refused = phone.post("/api/v1/portal/checkins", body, content_type="application/json")
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    accepted = phone.post(
        "/api/v1/portal/checkins", body, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert accepted.status_code == 201


@pytest.mark.django_db
def test_next_parameter_stays_inside_the_portal(rudi_account):
    response = Client().post(
        "/p/masuk/?next=https://evil.example/", {"nik": rudi_account.person.nik, "pin": "246813"}
    )
    assert response["Location"] == "/p/"
    response = Client().post("/p/masuk/?next=/p/lapor/", {"nik": rudi_account.person.nik, "pin": "246813"})
    assert response["Location"] == "/p/lapor/"
