"""The photo on the penerimaan form: checked with the other fields, kept server-side across the duplicate
confirmation (a browser does not send a chosen file twice), attached in the registration's transaction,
served only through the authorised photo view; abandoned held files are cleaned up."""

import datetime as dt
import html
import re
import time

import pytest
from django.core import signing
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import translation

from bimkemas.audit.models import AuditEntry
from bimkemas.cases.models import Case
from bimkemas.cases.services import case_assign
from bimkemas.clients.models import Person, PersonPhoto
from bimkemas.clients.services import PHOTO_HOLD_DIR, photo_hold, photo_holds_cleanup
from tests.cases.test_views import receive_post
from tests.clients.factories import image_bytes, upload

pytestmark = pytest.mark.django_db

HOLD_SALT = "bimkemas.clients.photo_hold"  # the salt of clients.services' tokens
TOKEN = re.compile(r'name="f-photo_token" value="([^"]+)"')


def held_files() -> list[str]:
    try:
        return default_storage.listdir(PHOTO_HOLD_DIR)[1]
    except FileNotFoundError:
        return []


def stored_people_files() -> list[str]:
    found = []
    try:
        years = default_storage.listdir("people")[0]
    except FileNotFoundError:
        return []
    for year in years:
        found += default_storage.listdir(f"people/{year}")[1]
    return found


def token_in(page: str) -> str:
    match = TOKEN.search(page)
    assert match, "no held photo token on the page"
    return html.unescape(match.group(1))


def near_rudi(**over) -> dict:
    """A penerimaan whose name and birth date look like Rudi Hartono's: the duplicate check stops it."""
    return receive_post(**{"p-nik": "", "p-name": "Rudy Hartono", "p-birth_date": "1990-05-17", **over})


def receive(client, data, *, capture):
    with capture(execute=True):
        return client.post(reverse("case_receive"), data)


# --- register with a photo ------------------------------------------------------------------------------


def _as_rudi(case) -> dict:
    """The person form filled in with Rudi's own data: he is then one of the possible duplicates."""
    person = case.person
    return {"p-nik": person.nik, "p-name": person.name, "p-birth_date": person.birth_date.isoformat()}


def test_a_photo_sent_with_the_registration_is_attached_and_shown_to_the_case_team_only(
    client, kasi_budi, pk_andi, pk_sari, kasi_wati, django_capture_on_commit_callbacks
):
    raw = image_bytes("JPEG")
    client.force_login(kasi_budi)
    response = receive(
        client, receive_post(**{"f-photo": upload(raw)}), capture=django_capture_on_commit_callbacks
    )

    case = Case.objects.get(person__name="Slamet Riyadi")
    assert response.status_code == 302 and response.url == reverse("case_detail", args=[case.id])
    record = PersonPhoto.objects.get(person=case.person)
    assert record.uploaded_by == kasi_budi and record.image.name.endswith(".jpg")
    assert held_files() == []  # not held: the form was not shown again
    photo_url = reverse("person_photo", args=[case.person_id])

    page = client.get(response.url).content.decode()
    assert f'src="{photo_url}"' in page and 'alt="Foto Slamet Riyadi"' in page
    served = client.get(photo_url)
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert b"".join(served.streaming_content) == raw

    case_assign(actor=kasi_budi, cases=[case], pk=pk_andi)
    client.force_login(pk_andi)
    assert client.get(photo_url).status_code == 200
    for outsider in (pk_sari, kasi_wati):  # Bapas B
        client.force_login(outsider)
        assert client.get(photo_url).status_code == 404, outsider.username

    entry = AuditEntry.objects.get(object_type="person", object_id=case.person_id, context="person_photo_set")
    assert entry.actor == kasi_budi and entry.changes["photo"][1].endswith(".jpg")


def test_the_photo_is_kept_through_the_duplicate_confirmation_without_sending_the_file_again(
    client, kasi_budi, client_rudi, django_capture_on_commit_callbacks
):
    raw = image_bytes("PNG")
    client.force_login(kasi_budi)
    first = receive(
        client, near_rudi(**{"f-photo": upload(raw, "ktp rudy.png", "image/png")}),
        capture=django_capture_on_commit_callbacks,
    )  # fmt: skip
    page = first.content.decode()
    assert first.status_code == 200 and "Kemungkinan orang yang sama sudah terdaftar" in page
    with translation.override("id"):
        note = f"Foto sudah diunggah: ktp rudy.png ({filesizeformat(len(raw))})"
    assert note in html.unescape(page)
    assert not Person.objects.filter(name="Rudy Hartono").exists() and not PersonPhoto.objects.exists()
    assert len(held_files()) == 1
    assert default_storage.url(f"{PHOTO_HOLD_DIR}/{held_files()[0]}") not in page  # never linked

    token = token_in(page)
    second = receive(client, {**near_rudi(), "confirm_new": "1", "f-photo_token": token},
                     capture=django_capture_on_commit_callbacks)  # fmt: skip
    assert second.status_code == 302
    person = Person.objects.get(name="Rudy Hartono")
    assert person.photo.name.endswith(".png")
    assert client.get(reverse("person_photo", args=[person.id])).getvalue() == raw
    assert held_files() == []  # used, then removed once the registration was committed

    # The token names a file that is gone: it cannot attach the photo a second time.
    again = receive(client, {**near_rudi(**{"c-sk_number": "PAS-9.PK/2026"}), "confirm_new": "1",
                             "f-photo_token": token}, capture=django_capture_on_commit_callbacks)  # fmt: skip
    assert again.status_code == 200
    assert "Foto yang diunggah tadi tidak ditemukan atau tidak sah" in again.content.decode()


def test_an_error_elsewhere_keeps_the_photo_and_a_service_failure_leaves_no_photo(
    client, kasi_budi, django_capture_on_commit_callbacks
):
    client.force_login(kasi_budi)
    # The period ending before it starts is refused by the service, after the person was created in the
    # same transaction: all of it is rolled back, and no photo file is left behind.
    bad = receive_post(**{"c-period_end": "2025-12-01", "f-photo": upload()})
    response = receive(client, bad, capture=django_capture_on_commit_callbacks)
    page = response.content.decode()
    assert response.status_code == 200 and "Akhir masa bimbingan harus sesudah awalnya." in page
    assert not Person.objects.filter(name="Slamet Riyadi").exists()
    assert not PersonPhoto.objects.exists() and stored_people_files() == []
    assert "Foto sudah diunggah: foto.jpg" in page

    fixed = {**receive_post(), "f-photo_token": token_in(page)}
    assert receive(client, fixed, capture=django_capture_on_commit_callbacks).status_code == 302
    assert Person.objects.get(name="Slamet Riyadi").photo is not None
    assert held_files() == []


def test_hapus_foto_drops_the_held_photo(client, kasi_budi, client_rudi, django_capture_on_commit_callbacks):
    client.force_login(kasi_budi)
    first = receive(client, near_rudi(**{"f-photo": upload()}), capture=django_capture_on_commit_callbacks)
    token = token_in(first.content.decode())
    response = receive(
        client, {**near_rudi(), "confirm_new": "1", "f-photo_token": token, "f-photo_discard": "on"},
        capture=django_capture_on_commit_callbacks,
    )  # fmt: skip
    assert response.status_code == 302
    assert Person.objects.get(name="Rudy Hartono").photo is None
    assert not PersonPhoto.objects.exists() and held_files() == []


def test_a_new_file_replaces_the_held_one(client, kasi_budi, client_rudi, django_capture_on_commit_callbacks):
    client.force_login(kasi_budi)
    first = receive(client, near_rudi(**{"f-photo": upload()}), capture=django_capture_on_commit_callbacks)
    png = image_bytes("PNG")
    second = receive(
        client, {**near_rudi(), "f-photo_token": token_in(first.content.decode()),
                 "f-photo": upload(png, "baru.png", "image/png")},
        capture=django_capture_on_commit_callbacks,
    )  # fmt: skip
    page = second.content.decode()
    assert "Foto sudah diunggah: baru.png" in page and "foto.jpg" not in page
    assert len(held_files()) == 1 and held_files()[0].endswith(".png")


def test_a_returning_client_gets_the_new_photo(
    client, kasi_budi, client_rudi, django_capture_on_commit_callbacks
):
    from bimkemas.cases.services import case_end

    case_end(actor=kasi_budi, case=client_rudi, reason="completed", end_date=dt.date(2026, 6, 1))
    client.force_login(kasi_budi)
    post = receive_post(**{"existing_person": str(client_rudi.person_id), **_as_rudi(client_rudi), "c-handover_date": "2026-07-01",
                           "c-period_start": "2026-07-01", "c-period_end": "2027-07-01", "c-sk_date": "2026-06-20",
                           "f-photo": upload()})  # fmt: skip
    assert receive(client, post, capture=django_capture_on_commit_callbacks).status_code == 302
    assert client_rudi.person.cases.count() == 2
    assert PersonPhoto.objects.get().person_id == client_rudi.person_id


# --- refused --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "name"), [(b"%PDF-1.4 not a photo", "berkas.pdf"), (None, "foto.gif")], ids=["pdf", "gif"]
)
def test_a_file_that_is_not_a_photo_is_refused_on_the_field_and_nothing_is_created(
    client, kasi_budi, raw, name, django_capture_on_commit_callbacks
):
    client.force_login(kasi_budi)
    raw = image_bytes("GIF") if raw is None else raw
    response = receive(client, receive_post(**{"f-photo": upload(raw, name)}),
                       capture=django_capture_on_commit_callbacks)  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    field = page[page.index('data-testid="photo-fieldset"') :]
    field = field[: field.index("</fieldset>")]
    assert "Berkas bukan foto JPG atau PNG yang dapat dibaca. Pilih foto berformat JPG atau PNG." in field
    assert 'value="Slamet Riyadi"' in page  # nothing else lost
    assert not Person.objects.exists() and not Case.objects.exists() and not PersonPhoto.objects.exists()
    assert held_files() == [] and "Foto sudah diunggah" not in page


def test_an_oversize_photo_is_refused_naming_the_limit(
    client, settings, kasi_budi, django_capture_on_commit_callbacks
):
    settings.CLIENTS_PHOTO_MAX_BYTES = 20_000
    raw = image_bytes("JPEG", (200, 200), noise=True)
    client.force_login(kasi_budi)
    response = receive(
        client, receive_post(**{"f-photo": upload(raw)}), capture=django_capture_on_commit_callbacks
    )
    with translation.override("id"):
        message = f"Foto terlalu besar ({filesizeformat(len(raw))}); maksimal {filesizeformat(20_000)}."
    assert message in response.content.decode()
    assert not Person.objects.exists() and held_files() == []


def _resign(token: str, **changes) -> str:
    payload = signing.loads(token, salt=HOLD_SALT)
    return signing.dumps({**payload, **changes}, salt=HOLD_SALT, compress=True)


class _SignedTwoHoursAgo(signing.TimestampSigner):
    def timestamp(self):
        return signing.b62_encode(int(time.time()) - 2 * 3600)


@pytest.mark.parametrize(
    ("forge", "message"),
    [
        (lambda t: t[:-3] + ("AAA" if not t.endswith("AAA") else "BBB"), "tidak ditemukan atau tidak sah"),
        (lambda t: signing.dumps(signing.loads(t, salt=HOLD_SALT), salt="another.salt"), "tidak sah"),
        (lambda t: _resign(t, k="0" * 32), "tidak ditemukan atau tidak sah"),
        (lambda t: _resign(t, k="../../people"), "tidak ditemukan atau tidak sah"),
        (
            lambda t: _SignedTwoHoursAgo(salt=HOLD_SALT).sign_object(
                signing.loads(t, salt=HOLD_SALT), compress=True
            ),
            "sudah kedaluwarsa",
        ),
    ],
    ids=["tampered", "other-salt", "other-file", "path", "expired"],
)
def test_a_forged_or_expired_token_is_refused_and_nothing_is_created(
    client, kasi_budi, client_rudi, forge, message, django_capture_on_commit_callbacks
):
    client.force_login(kasi_budi)
    first = receive(client, near_rudi(**{"f-photo": upload()}), capture=django_capture_on_commit_callbacks)
    people = Person.objects.count()
    response = receive(
        client, {**near_rudi(), "confirm_new": "1", "f-photo_token": forge(token_in(first.content.decode()))},
        capture=django_capture_on_commit_callbacks,
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    assert "Pilih foto itu sekali lagi." in page
    assert Person.objects.count() == people and not PersonPhoto.objects.exists()
    assert "Foto sudah diunggah" not in page


def test_a_token_issued_to_another_user_is_refused(
    client, kasi_budi, kepala_dewi, client_rudi, django_capture_on_commit_callbacks
):
    token = photo_hold(actor=kepala_dewi, photo=upload()).token
    client.force_login(kasi_budi)
    response = receive(client, {**near_rudi(), "confirm_new": "1", "f-photo_token": token},
                       capture=django_capture_on_commit_callbacks)  # fmt: skip
    assert "Foto yang diunggah tadi tidak ditemukan atau tidak sah" in response.content.decode()
    assert not Person.objects.filter(name="Rudy Hartono").exists()


def test_held_files_are_not_served_as_media(
    client, kasi_budi, client_rudi, django_capture_on_commit_callbacks
):
    client.force_login(kasi_budi)
    receive(client, near_rudi(**{"f-photo": upload()}), capture=django_capture_on_commit_callbacks)
    (name,) = held_files()
    assert client.get(f"/media/{PHOTO_HOLD_DIR}/{name}").status_code == 404


# --- cleanup --------------------------------------------------------------------------------------------


def test_cleanup_removes_held_photos_older_than_a_day_and_keeps_fresh_ones(kasi_budi):
    import os

    old = photo_hold(actor=kasi_budi, photo=upload())
    fresh = photo_hold(actor=kasi_budi, photo=upload(image_bytes("PNG"), "b.png"))
    two_days_ago = time.time() - 2 * 86400
    os.utime(default_storage.path(old.path), (two_days_ago, two_days_ago))

    assert photo_holds_cleanup() == 1
    assert held_files() == [fresh.path.rsplit("/", 1)[-1]]
    assert photo_holds_cleanup(now=dt.datetime.now(dt.UTC) + dt.timedelta(days=2)) == 1
    assert held_files() == []
    assert photo_holds_cleanup() == 0
