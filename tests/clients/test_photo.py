"""The client's photo: uploaded on the person edit page (JPEG/PNG, size-limited, all or nothing, audited),
served only through the authorised view to those who may see the client's name, and shown as a thumbnail on
the case page, the participant list and the roll-call."""

import datetime as dt

import pytest
from django.db import connection
from django.template.defaultfilters import filesizeformat
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bimkemas.activities.services import enrol, identity_grant, identity_revoke
from bimkemas.audit.models import AuditEntry
from bimkemas.cases.services import case_restrict
from bimkemas.clients.models import Person, PersonPhoto
from bimkemas.clients.services import person_create
from tests.activities.factories import make_activity
from tests.cases.factories import person_data
from tests.clients.factories import give_photo, image_bytes, person_post, upload

pytestmark = pytest.mark.django_db


def photo_url(case) -> str:
    return reverse("person_photo", args=[case.person_id])


def post_edit(client, case, **extra):
    data = {**person_post(case.person), **extra}
    return client.post(reverse("person_edit", args=[case.id]), data)


# --- upload ---------------------------------------------------------------------------------------------


def test_pk_uploads_a_jpeg_which_is_stored_and_shown_on_the_case_page(client, pk_andi, client_rudi):
    client.force_login(pk_andi)
    raw = image_bytes("JPEG")
    response = post_edit(client, client_rudi, **{"f-photo": upload(raw)})
    assert response.status_code == 302
    record = PersonPhoto.objects.get(person=client_rudi.person)
    assert record.image.name.startswith(f"people/{timezone.localdate():%Y}/")
    assert "rudi" not in record.image.name.lower() and record.image.name.endswith(".jpg")

    page = client.get(reverse("case_detail", args=[client_rudi.id])).content.decode()
    assert f'src="{photo_url(client_rudi)}"' in page and 'loading="lazy"' in page
    assert 'alt="Foto Rudi Hartono"' in page
    served = client.get(photo_url(client_rudi))
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert b"".join(served.streaming_content) == raw
    assert served["Cache-Control"] == "private, max-age=300"
    entry = AuditEntry.objects.filter(
        object_type="person", object_id=client_rudi.person_id, action="update"
    ).get()
    assert entry.changes["photo"][0] == "" and entry.changes["photo"][1].endswith(".jpg")


def test_a_png_is_accepted_and_served_as_png(client, pk_andi, client_rudi):
    client.force_login(pk_andi)
    post_edit(client, client_rudi, **{"f-photo": upload(image_bytes("PNG"), "foto.png", "image/png")})
    assert client.get(photo_url(client_rudi))["Content-Type"] == "image/png"


def test_without_photo_the_case_page_shows_initials(client, pk_andi, client_rudi):
    client.force_login(pk_andi)
    page = client.get(reverse("case_detail", args=[client_rudi.id])).content.decode()
    assert 'data-testid="person-initials"' in page and ">RH</span>" in page
    assert photo_url(client_rudi) not in page
    assert client.get(photo_url(client_rudi)).status_code == 404


@pytest.mark.parametrize(
    ("raw", "name", "message"),
    [
        (b"%PDF-1.4 not a photo at all", "foto.jpg", "Berkas bukan foto JPG atau PNG"),
        (b"\xff\xd8\xff\xe0 broken jpeg", "foto.jpg", "Berkas bukan foto JPG atau PNG"),
        (None, "foto.gif", "Berkas bukan foto JPG atau PNG"),
    ],
    ids=["pdf", "broken-jpeg", "gif"],
)
def test_a_non_image_is_refused_with_the_reason_and_the_person_unchanged(
    client, pk_andi, client_rudi, raw, name, message
):
    client.force_login(pk_andi)
    if raw is None:
        raw = image_bytes("GIF")
    response = post_edit(client, client_rudi, **{"p-occupation": "Petani", "f-photo": upload(raw, name)})
    assert response.status_code == 200
    assert message in response.content.decode()
    person = Person.objects.get(id=client_rudi.person_id)
    assert person.occupation != "Petani" and person.photo is None
    assert not PersonPhoto.objects.exists()


def test_an_oversize_photo_is_refused_naming_the_limit(client, settings, pk_andi, client_rudi):
    settings.CLIENTS_PHOTO_MAX_BYTES = 20_000
    raw = image_bytes("JPEG", (200, 200), noise=True)
    assert len(raw) > 20_000
    client.force_login(pk_andi)
    response = post_edit(client, client_rudi, **{"p-occupation": "Petani", "f-photo": upload(raw)})
    page = response.content.decode()
    assert f"Foto terlalu besar ({filesizeformat(len(raw))}); maksimal {filesizeformat(20_000)}." in page
    person = Person.objects.get(id=client_rudi.person_id)
    assert person.occupation != "Petani" and not PersonPhoto.objects.exists()


def test_a_person_error_keeps_the_old_photo(client, pk_andi, client_rudi):
    give_photo(pk_andi, client_rudi)
    before = PersonPhoto.objects.get().image.name
    client.force_login(pk_andi)
    response = post_edit(
        client, client_rudi, **{"p-name": "", "f-photo": upload(image_bytes("PNG"), "b.png")}
    )
    assert "Nama lengkap" in response.content.decode() and response.status_code == 200
    assert PersonPhoto.objects.get().image.name == before


def test_hapus_foto_removes_the_photo(client, pk_andi, client_rudi):
    give_photo(pk_andi, client_rudi)
    client.force_login(pk_andi)
    assert "Hapus foto" in client.get(reverse("person_edit", args=[client_rudi.id])).content.decode()
    response = post_edit(client, client_rudi, **{"f-photo_clear": "on"})
    assert response.status_code == 302
    assert not PersonPhoto.objects.exists()
    assert client.get(photo_url(client_rudi)).status_code == 404
    entry = AuditEntry.objects.filter(object_type="person", action="update").latest("id")
    assert entry.changes["photo"][1] == ""


def test_a_photo_can_be_given_at_registration(kasi_budi):
    person = person_create(actor=kasi_budi, data=person_data("Joko Susilo"), photo=upload())
    assert person.photo is not None and person.photo.name.endswith(".jpg")
    entry = AuditEntry.objects.get(object_type="person", object_id=person.id, action="create")
    assert entry.changes["photo"][1].endswith(".jpg")


# --- who may see it -------------------------------------------------------------------------------------


def status_for(client, user, case) -> int:
    client.force_login(user)
    return client.get(photo_url(case)).status_code


def test_case_team_sees_the_photo_other_bapas_and_offices_do_not(
    client, pk_andi, kasi_budi, kepala_dewi, pk_rina, pk_sari, kasi_wati, kanwil_hadi, client_rudi
):
    give_photo(pk_andi, client_rudi)
    assert status_for(client, pk_andi, client_rudi) == 200
    assert status_for(client, kasi_budi, client_rudi) == 200
    assert status_for(client, kepala_dewi, client_rudi) == 200
    for outsider in (pk_rina, pk_sari, kasi_wati, kanwil_hadi):
        assert status_for(client, outsider, client_rudi) == 404, outsider.username


def test_anonymous_is_sent_to_the_login_page(client, pk_andi, client_rudi):
    give_photo(pk_andi, client_rudi)
    response = client.get(photo_url(client_rudi))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_staff_outside_a_restricted_cases_team_get_404(
    client, pk_andi, kasi_budi, kasubsi_eko, kepala_dewi, client_rudi
):
    give_photo(pk_andi, client_rudi)
    case_restrict(
        actor=kepala_dewi, case=client_rudi, staff=[pk_andi], reason="Kasus menarik perhatian publik"
    )
    assert status_for(client, pk_andi, client_rudi) == 200
    assert status_for(client, kepala_dewi, client_rudi) == 200
    assert status_for(client, kasi_budi, client_rudi) == 404
    assert status_for(client, kasubsi_eko, client_rudi) == 404


def test_a_child_photo_is_for_the_case_team_only(client, pk_andi, kasi_budi, kasubsi_eko, caseload):
    child = caseload[3]
    give_photo(pk_andi, child)
    assert status_for(client, pk_andi, child) == 200
    assert status_for(client, kasi_budi, child) == 200
    assert status_for(client, kasubsi_eko, child) == 404  # a lead of the Bapas, but not of the case team


@pytest.fixture
def lele(pk_andi, sekar, caseload):
    """The partner's activity with Rudi (adult) and the child Dimas enrolled; both have photos."""
    day = timezone.localdate() + dt.timedelta(days=2)
    activity = make_activity(pk_andi, partner=sekar, day=day, topic="Budidaya lele")
    enrol(actor=pk_andi, activity=activity, cases=[caseload[0], caseload[3]])
    give_photo(pk_andi, caseload[0])
    give_photo(pk_andi, caseload[3])
    return activity


def test_partner_sees_the_photo_of_an_enrolled_adult_and_the_view_is_audited(client, sekar, caseload, lele):
    rudi = caseload[0]
    assert status_for(client, sekar.user, rudi) == 200
    entry = AuditEntry.objects.get(action="view", object_type="person", object_id=rudi.person_id)
    assert entry.actor == sekar.user and entry.context == "person_photo"


def test_partner_does_not_see_a_client_not_enrolled_in_its_activities(client, sekar, caseload, lele, pk_andi):
    joko = caseload[1]  # a client of the same PK, not enrolled
    give_photo(pk_andi, joko)
    assert status_for(client, sekar.user, joko) == 404
    assert not AuditEntry.objects.filter(
        action="view", object_type="person", object_id=joko.person_id
    ).exists()


def test_partner_sees_a_child_photo_only_while_an_identity_grant_is_in_force(
    client, kasi_budi, sekar, caseload, lele
):
    child = caseload[3]
    assert status_for(client, sekar.user, child) == 404
    identity_grant(actor=kasi_budi, activity=lele, reason="Pelatih perlu mengenali peserta")
    assert status_for(client, sekar.user, child) == 200
    identity_revoke(actor=kasi_budi, activity=lele)
    assert status_for(client, sekar.user, child) == 404


def test_partner_never_sees_the_photo_of_a_restricted_case(
    client, kepala_dewi, pk_andi, sekar, caseload, lele
):
    case_restrict(
        actor=kepala_dewi, case=caseload[0], staff=[pk_andi], reason="Kasus menarik perhatian publik"
    )
    assert status_for(client, sekar.user, caseload[0]) == 404


# --- thumbnails on the activity pages -------------------------------------------------------------------


def test_partner_pages_show_the_adult_photo_and_a_placeholder_for_the_masked_child(
    client, sekar, caseload, lele
):
    client.force_login(sekar.user)
    for name in ("activity_detail", "activity_rollcall"):
        page = client.get(reverse(name, args=[lele.id])).content.decode()
        assert f'src="{photo_url(caseload[0])}"' in page and 'alt="Foto Rudi Hartono"' in page
        assert photo_url(caseload[3]) not in page  # the child: masked, so no photo
        assert page.count('data-testid="person-photo"') == 1
        assert page.count('data-testid="person-initials"') == 1


def test_granted_child_photo_appears_on_the_partner_pages(client, kasi_budi, sekar, caseload, lele):
    identity_grant(actor=kasi_budi, activity=lele, reason="Pelatih perlu mengenali peserta")
    client.force_login(sekar.user)
    page = client.get(reverse("activity_rollcall", args=[lele.id])).content.decode()
    assert f'src="{photo_url(caseload[3])}"' in page
    assert client.get(photo_url(caseload[3])).status_code == 200


def test_staff_of_the_bapas_see_the_photos_in_the_participant_list_they_may_open(
    client, pk_rina, kasubsi_eko, caseload, lele
):
    """The photo follows the name: the APK not on the case sees the adult's name and photo in the activity
    of her Bapas, the child masked (no photo) — and the photo view agrees."""
    client.force_login(pk_rina)
    page = client.get(reverse("activity_detail", args=[lele.id])).content.decode()
    assert f'src="{photo_url(caseload[0])}"' in page and photo_url(caseload[3]) not in page
    assert client.get(photo_url(caseload[0])).status_code == 200
    assert client.get(photo_url(caseload[3])).status_code == 404


def test_participant_list_does_not_query_per_photo(client, pk_andi, sekar, caseload, lele):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            page = client.get(reverse("activity_detail", args=[lele.id])).content.decode()
        return len(captured), page.count('data-testid="person-photo"')

    client.force_login(sekar.user)
    queries()  # warm up
    before, shown = queries()
    assert shown == 1
    enrol(actor=pk_andi, activity=lele, cases=[caseload[1], caseload[2]])
    give_photo(pk_andi, caseload[1])
    give_photo(pk_andi, caseload[2])
    after, shown = queries()
    assert shown == 3 and after == before
