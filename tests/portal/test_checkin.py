"""A client checks in from the portal: the plain form (no JavaScript) and the JSON API the offline queue
uses; a retry with the same key never makes a second check-in."""

import base64
import datetime as dt
import io
import uuid

import pytest
from django.utils import timezone
from PIL import Image

from bimkemas.contacts.models import CheckIn, Contact, Kind, Obligation, ObligationStatus, Requirement

API = "/api/v1/portal/checkins"


def _answers(**kw) -> dict:
    return {
        "address_same": True,
        "new_address": "",
        "working": True,
        "workplace": "Bengkel Las Maju, Sleman",
        "problem": "",
        **kw,
    }


def _post(phone, body: dict):
    return phone.post(API, body, content_type="application/json")


def _jpeg(size=(64, 48)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buf, "JPEG")
    return buf.getvalue()


@pytest.mark.django_db
def test_form_without_javascript_records_a_check_in_that_meets_the_obligation(rudi_phone, client_rudi):
    key = uuid.uuid4()
    page = rudi_phone.get("/p/lapor/")
    assert page.status_code == 200 and 'name="key"' in page.content.decode()
    response = rudi_phone.post(
        "/p/lapor/",
        {
            "key": str(key),
            "address_same": "no",
            "new_address": "Jl. Kaliurang Km 7 No. 12, Sinduadi",
            "working": "no",
            "problem": "Belum dapat kerja.",
            "latitude": "-7.747123",
            "longitude": "110.381234",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/p/"
    checkin = CheckIn.objects.get(key=key)
    assert checkin.case == client_rudi and checkin.status == "submitted"
    assert checkin.answers["new_address"] == "Jl. Kaliurang Km 7 No. 12, Sinduadi"
    assert checkin.answers["working"] is False and checkin.received_at is not None
    assert str(checkin.latitude) == "-7.747123"
    contact = checkin.contact
    assert contact.kind == Kind.SELF_CHECKIN and contact.recorded_by is None and contact.address_changed
    met = Obligation.objects.filter(case=client_rudi, contact=contact, requirement=Requirement.REPORT)
    assert met.get().status == ObligationStatus.MET
    home = rudi_phone.get("/p/").content.decode()
    assert "Laporan Anda sudah terkirim" in home and str(key) in home


@pytest.mark.django_db
def test_form_names_what_is_missing_and_keeps_the_answers(rudi_phone):
    response = rudi_phone.post(
        "/p/lapor/", {"key": str(uuid.uuid4()), "address_same": "no", "working": "yes", "problem": "Sakit"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tulis alamat Anda yang baru." in page
    assert "Tulis di mana Anda bekerja." in page
    assert ">Sakit</textarea>" in page
    assert not CheckIn.objects.exists()


@pytest.mark.django_db
def test_form_with_a_photo(rudi_phone):
    from django.core.files.uploadedfile import SimpleUploadedFile

    key = uuid.uuid4()
    photo = SimpleUploadedFile("foto.jpg", _jpeg(), content_type="image/jpeg")
    response = rudi_phone.post(
        "/p/lapor/", {"key": str(key), "address_same": "yes", "working": "no", "photo": photo}
    )
    assert response.status_code == 302
    assert CheckIn.objects.get(key=key).photo.name.endswith(f"{key}.jpg")


@pytest.mark.django_db
def test_form_refuses_a_file_that_is_not_a_photo(rudi_phone):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("foto.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    response = rudi_phone.post(
        "/p/lapor/", {"key": str(uuid.uuid4()), "address_same": "yes", "working": "no", "photo": fake}
    )
    assert "Berkas foto tidak dapat dibaca" in response.content.decode()
    assert not CheckIn.objects.exists()


@pytest.mark.django_db
def test_api_check_in_keeps_client_time_and_receipt_time(rudi_phone, client_rudi):
    key = str(uuid.uuid4())
    made = timezone.now() - dt.timedelta(hours=5)  # made offline this morning
    response = _post(rudi_phone, {"key": key, "client_time": made.isoformat(), **_answers()})
    assert response.status_code == 201, response.content
    body = response.json()
    # Stored at once as received; the inbox job (inline in tests) then judges it.
    assert body["status"] == "received" and body["status_label"] == "Diterima server, sedang diproses"
    assert body["received_at"] and body["deadline"] is None
    listed = rudi_phone.get(API).json()
    assert [(c["key"], c["status"], c["status_label"]) for c in listed] == [
        (key, "submitted", "Terkirim, menunggu PK")
    ]
    checkin = CheckIn.objects.get(key=key)
    assert abs((checkin.client_time - made).total_seconds()) < 1
    assert checkin.received_at > made + dt.timedelta(hours=4)
    assert checkin.contact.occurred_at == checkin.client_time


@pytest.mark.django_db
def test_retry_with_the_same_key_returns_the_stored_check_in(rudi_phone, client_rudi):
    key = str(uuid.uuid4())
    first = _post(rudi_phone, {"key": key, **_answers()})
    again = _post(rudi_phone, {"key": key, **_answers(workplace="Changed on the retry")})
    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["received_at"] == first.json()["received_at"]
    assert CheckIn.objects.filter(key=key).count() == 1
    assert Contact.objects.filter(case=client_rudi, kind=Kind.SELF_CHECKIN).count() == 1
    assert CheckIn.objects.get(key=key).answers["workplace"] == "Bengkel Las Maju, Sleman"


@pytest.mark.django_db
def test_form_post_and_api_retry_with_one_key_make_one_check_in(rudi_phone, client_rudi):
    key = str(uuid.uuid4())
    rudi_phone.post("/p/lapor/", {"key": key, "address_same": "yes", "working": "no"})
    assert _post(rudi_phone, {"key": key, **_answers()}).status_code == 200
    assert Contact.objects.filter(case=client_rudi).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"address_same": False}, "new_address", "Tulis alamat Anda yang baru."),
        ({"address_same": None}, "address_same", "Jawab: apakah alamat Anda masih sama?"),
        ({"working": None}, "working", "Jawab: apakah Anda sedang bekerja?"),
        ({"workplace": ""}, "workplace", "Tulis di mana Anda bekerja."),
        ({"problem": "x" * 1001}, "problem", "Keterangan masalah terlalu panjang"),
        ({"latitude": "95.0", "longitude": "110.1"}, "location", "Lokasi tidak valid."),
        ({"latitude": "-7.7"}, "location", "Lokasi tidak lengkap."),
        ({"photo": "data:image/jpeg;base64,bm90IGFuIGltYWdl"}, "photo", "Berkas foto tidak dapat dibaca"),
    ],
)
def test_invalid_answers_get_400_with_an_indonesian_detail(rudi_phone, change, field, message):
    response = _post(rudi_phone, {"key": str(uuid.uuid4()), **_answers(**change)})
    assert response.status_code == 400
    body = response.json()
    assert message in body["detail"]
    assert any(message in m for m in body["errors"][field])
    assert not CheckIn.objects.exists()


@pytest.mark.django_db
def test_check_in_made_too_long_ago_is_refused(rudi_phone):
    made = timezone.now() - dt.timedelta(days=9)
    response = _post(rudi_phone, {"key": str(uuid.uuid4()), "client_time": made.isoformat(), **_answers()})
    assert response.status_code == 400
    assert "lebih dari 7 hari yang lalu" in response.json()["detail"]


@pytest.mark.django_db
def test_malformed_key_is_422(rudi_phone):
    response = _post(rudi_phone, {"key": "not-a-uuid", **_answers()})
    assert response.status_code == 422
    assert response.json()["detail"] == "Parameter permintaan tidak valid."


@pytest.mark.django_db
def test_api_photo_as_data_url_is_stored(rudi_phone):
    key = str(uuid.uuid4())
    data_url = "data:image/jpeg;base64," + base64.b64encode(_jpeg()).decode()
    response = _post(rudi_phone, {"key": key, "photo": data_url, **_answers()})
    assert response.status_code == 201
    stored = CheckIn.objects.get(key=key).photo
    assert stored.name.endswith(".jpg") and stored.read() == _jpeg()


@pytest.mark.django_db
def test_photo_over_the_limit_is_refused(rudi_phone, settings):
    settings.PORTAL_PHOTO_MAX_BYTES = 100
    data_url = "data:image/jpeg;base64," + base64.b64encode(_jpeg()).decode()
    response = _post(rudi_phone, {"key": str(uuid.uuid4()), "photo": data_url, **_answers()})
    assert response.status_code == 400 and "Foto terlalu besar" in response.json()["detail"]


@pytest.mark.django_db
def test_me_lists_next_obligations_and_the_latest_review(rudi_phone, client_rudi, pk_andi):
    from bimkemas.contacts.services import checkin_review

    key = str(uuid.uuid4())
    _post(rudi_phone, {"key": key, **_answers()})
    checkin_review(
        actor=pk_andi, checkin=CheckIn.objects.get(key=key), decision="more", note="Kirim foto slip gaji."
    )
    me = rudi_phone.get("/api/v1/portal/me").json()
    assert me["name"] == "Rudi Hartono" and me["officer"] == "Andi Pratama"
    assert me["latest_checkin"]["status"] == "more"
    assert me["latest_checkin"]["review_note"] == "Kirim foto slip gaji."
    assert me["obligations"] and all(
        o["due"] >= me["today"] or o["state"] == "late" for o in me["obligations"]
    )
    home = rudi_phone.get("/p/").content.decode()
    assert "PK meminta keterangan tambahan:" in home and "Kirim foto slip gaji." in home


@pytest.mark.django_db
def test_open_then_submit_follows_the_sequence(rudi_phone):
    key = str(uuid.uuid4())
    opened = rudi_phone.post(API + "/open", {"key": key}, content_type="application/json")
    assert opened.status_code == 200 and opened.json()["status"] == "opened"
    assert rudi_phone.get(API).json() == []  # an opened check-in is not a report yet
    assert _post(rudi_phone, {"key": key, **_answers()}).status_code == 201
    assert [c["key"] for c in rudi_phone.get(API).json()] == [key]


@pytest.mark.django_db
def test_retry_is_answered_even_when_its_body_would_not_pass(rudi_phone):
    """A queued request re-sent from an older version of the page still gets its stored check-in back."""
    key = str(uuid.uuid4())
    assert _post(rudi_phone, {"key": key, **_answers()}).status_code == 201
    again = _post(rudi_phone, {"key": key, **_answers(address_same=None)})
    assert again.status_code == 200 and again.json()["key"] == key
    assert CheckIn.objects.filter(key=key).count() == 1


@pytest.mark.django_db
def test_inbox_job_judges_a_received_check_in_as_of_its_receipt(rudi_phone, client_rudi, monkeypatch):
    """Sent while the worker is down: stored as received, the obligation still open; the job run later
    judges it as of when it arrived, so a late run does not make it late."""
    from huey.contrib.djhuey import HUEY

    from bimkemas.contacts.services import checkins_process

    monkeypatch.setattr(HUEY, "immediate", False)
    monkeypatch.setattr("bimkemas.contacts.tasks.checkins_inbox.schedule", lambda **kw: None)
    key = str(uuid.uuid4())
    assert _post(rudi_phone, {"key": key, **_answers()}).status_code == 201
    stored = CheckIn.objects.get(key=key)
    assert stored.status == "received" and stored.contact is None
    assert [c["status"] for c in rudi_phone.get(API).json()] == ["received"]
    assert checkins_process() == {"submitted": 1, "refused": 0}
    stored.refresh_from_db()
    assert stored.status == "submitted" and stored.deadline is not None
    assert stored.contact.occurred_at == stored.client_time
    assert stored.obligation.status in (ObligationStatus.MET, ObligationStatus.MET_LATE)
    assert checkins_process() == {"submitted": 0, "refused": 0}  # nothing twice


@pytest.mark.django_db
def test_inbox_job_refuses_a_check_in_whose_case_ended_and_says_why(rudi_phone, client_rudi, monkeypatch):
    from huey.contrib.djhuey import HUEY

    from bimkemas.cases.models import Status
    from bimkemas.contacts.services import checkins_process

    monkeypatch.setattr(HUEY, "immediate", False)
    monkeypatch.setattr("bimkemas.contacts.tasks.checkins_inbox.schedule", lambda **kw: None)
    key = str(uuid.uuid4())
    assert _post(rudi_phone, {"key": key, **_answers()}).status_code == 201
    type(client_rudi).objects.filter(id=client_rudi.id).update(status=Status.ENDED)
    assert checkins_process() == {"submitted": 0, "refused": 1}
    stored = CheckIn.objects.get(key=key)
    assert stored.status == "refused" and stored.contact is None
    assert stored.review_note == "Masa bimbingan Anda sudah berakhir."
    assert not Contact.objects.filter(case=client_rudi).exists()
    assert rudi_phone.get(API).status_code == 403  # the session still names Rudi, whose case has ended
    type(client_rudi).objects.filter(id=client_rudi.id).update(status=client_rudi.status)  # reopened
    home = rudi_phone.get("/p/").content.decode()
    assert (
        "Laporan terakhir Anda tidak dapat diterima:" in home
        and "Masa bimbingan Anda sudah berakhir." in home
    )


@pytest.mark.django_db
def test_inbox_job_refusing_one_check_in_keeps_the_others_of_its_batch(client_rudi, kasi_budi, pk_andi):
    """Three received check-ins judged in one batch, the middle one of a client whose case has ended: the
    other two become contacts, the middle one is refused alone."""
    from bimkemas.cases.models import Status
    from bimkemas.cases.services import case_assign
    from bimkemas.contacts.services import checkins_process
    from tests.cases.factories import receive_client

    ended = receive_client(kasi_budi, "Joko Susilo")
    case_assign(actor=kasi_budi, cases=[ended], pk=pk_andi)
    type(ended).objects.filter(id=ended.id).update(status=Status.ENDED)
    now = timezone.now()
    rows = [
        CheckIn.objects.create(
            case=case,
            key=uuid.uuid4(),
            status="received",
            opened_at=now - dt.timedelta(minutes=m),
            client_time=now - dt.timedelta(minutes=m),
            received_at=now - dt.timedelta(minutes=m),
            answers=_answers(),
        )  # fmt: skip
        for case, m in ((client_rudi, 3), (ended, 2), (client_rudi, 1))
    ]
    assert checkins_process() == {"submitted": 2, "refused": 1}
    first, middle, last = (CheckIn.objects.get(id=r.id) for r in rows)
    assert (first.status, middle.status, last.status) == ("submitted", "refused", "submitted")
    assert middle.review_note == "Masa bimbingan Anda sudah berakhir." and middle.contact is None
    assert Contact.objects.filter(case=client_rudi, kind=Kind.SELF_CHECKIN).count() == 2
    assert not Contact.objects.filter(case_id=ended.id).exists()


@pytest.mark.django_db
def test_a_pin_reset_voids_the_check_in_token(rudi_phone, client_rudi, rudi_account):
    """After a PIN reset the old browser's token stores nothing and the session is over too: 401."""
    from bimkemas.portal.auth import TOKEN_COOKIE

    assert TOKEN_COOKIE in rudi_phone.cookies
    rudi_account.pin_set_at = timezone.now()
    rudi_account.pin_hash = "reset"
    rudi_account.save()
    response = _post(rudi_phone, {"key": str(uuid.uuid4()), **_answers()})
    assert response.status_code == 401
    assert not CheckIn.objects.exists()


@pytest.mark.django_db
def test_a_forged_token_is_not_accepted(rudi_account, client_rudi):
    from django.test import Client

    from bimkemas.portal.auth import TOKEN_COOKIE

    stranger = Client()
    stranger.cookies[TOKEN_COOKIE] = f"[{rudi_account.person_id}]:forged:signature"
    response = _post(stranger, {"key": str(uuid.uuid4()), **_answers()})
    assert response.status_code == 401
    assert not CheckIn.objects.exists()


@pytest.mark.django_db
def test_logging_out_removes_the_check_in_token(rudi_phone):
    from bimkemas.portal.auth import TOKEN_COOKIE

    assert rudi_phone.cookies[TOKEN_COOKIE].value
    rudi_phone.post("/p/keluar/")
    assert rudi_phone.cookies[TOKEN_COOKIE].value == ""
    assert _post(rudi_phone, {"key": str(uuid.uuid4()), **_answers()}).status_code == 401
