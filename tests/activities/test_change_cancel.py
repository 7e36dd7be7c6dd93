"""Changing and cancelling an activity: the same rules as at creation, clients told by SMS (a change of
date/time/place each time, a cancellation once), attendance closed, audited; the pages and who may use them."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from bimkemas.activities.models import Activity
from bimkemas.activities.services import (
    ActivityData,
    activity_cancel,
    activity_create,
    activity_update,
    attendance_record,
    enrol,
)
from bimkemas.audit.models import AuditEntry
from bimkemas.notify.models import Message
from tests.activities.factories import at_local, make_activity
from tests.cases.factories import receive_client
from tests.partners.factories import make_agreement, make_partner

pytestmark = pytest.mark.django_db


def with_phone(kasi, name, number):
    return receive_client(kasi, name, person_kw={"phones": [number]})


def change(activity, **kw) -> ActivityData:
    """The activity's current details as ActivityData, with `kw` changed."""
    values = {"field": activity.field, "topic": activity.topic, "place": activity.place,
              "starts_at": activity.starts_at, "ends_at": activity.ends_at, "capacity": activity.capacity,
              "mode": activity.mode, "materials": activity.materials}  # fmt: skip
    values.update(kw)
    return ActivityData(**values)


@pytest.fixture
def people(kasi_budi):
    joko = with_phone(kasi_budi, "Joko Susilo", "081234567890")
    siti = with_phone(kasi_budi, "Siti Aminah", "081298765432")
    bambang = receive_client(kasi_budi, "Bambang Wibowo")  # no phone
    return joko, siti, bambang


def test_update_moves_the_session_and_tells_each_client_with_a_phone(kasi_budi, people):
    day = timezone.localdate() + dt.timedelta(days=5)
    activity = make_activity(kasi_budi, day=day)
    enrol(actor=kasi_budi, activity=activity, cases=list(people))
    new_day = day + dt.timedelta(days=2)
    activity_update(actor=kasi_budi, activity=activity,
                    data=change(activity, starts_at=at_local(new_day, 13), ends_at=at_local(new_day, 15),
                                place="Aula Kapanewon Mlati"))  # fmt: skip
    activity.refresh_from_db()
    assert timezone.localtime(activity.starts_at).hour == 13 and activity.place == "Aula Kapanewon Mlati"
    sent = Message.objects.filter(template="activity_changed").order_by("recipient")
    assert [m.recipient for m in sent] == ["+6281234567890", "+6281298765432"]
    assert (
        "13.00" in sent[0].body and "Aula Kapanewon Mlati" in sent[0].body and "Joko Susilo" in sent[0].body
    )
    entry = AuditEntry.objects.get(context="activity_update", object_id=activity.id)
    assert "place" in entry.changes and entry.actor == kasi_budi
    # A second change is told again; a change of the topic alone is not told.
    activity_update(actor=kasi_budi, activity=activity,
                    data=change(activity, place="Balai Desa Sendangadi"))  # fmt: skip
    assert Message.objects.filter(template="activity_changed").count() == 4
    activity.refresh_from_db()
    activity_update(actor=kasi_budi, activity=activity, data=change(activity, topic="Budidaya lele lanjutan"))
    assert Message.objects.filter(template="activity_changed").count() == 4


def test_update_validates_like_create_and_names_the_field(kasi_budi, people):
    activity = make_activity(kasi_budi, capacity=5, day=timezone.localdate() + dt.timedelta(days=3))
    enrol(actor=kasi_budi, activity=activity, cases=list(people))
    with pytest.raises(ValidationError) as exc:
        activity_update(actor=kasi_budi, activity=activity,
                        data=change(activity, capacity=2, topic=" ", ends_at=activity.starts_at))  # fmt: skip
    assert set(exc.value.message_dict) == {"capacity", "topic", "ends_at"}
    assert "jumlah peserta yang sudah terdaftar (3)" in str(exc.value)
    activity.refresh_from_db()
    assert activity.capacity == 5 and not Message.objects.exists()


def test_update_of_partner_activity_needs_agreement_on_the_new_date(kasi_budi, people):
    partner = make_partner(kasi_budi, "Karang Taruna Maju")
    today = timezone.localdate()
    make_agreement(kasi_budi, partner, start=today - dt.timedelta(days=10), days=20)
    activity = make_activity(kasi_budi, partner=partner, day=today + dt.timedelta(days=2))
    late = today + dt.timedelta(days=30)
    with pytest.raises(ValidationError) as exc:
        activity_update(actor=kasi_budi, activity=activity,
                        data=change(activity, starts_at=at_local(late), ends_at=at_local(late, 11)))  # fmt: skip
    assert "tidak memiliki perjanjian kerja sama yang berlaku" in str(exc.value)
    activity.refresh_from_db()
    assert timezone.localdate(activity.starts_at) == today + dt.timedelta(days=2)


def test_date_fixed_once_attendance_is_recorded(pk_andi, caseload):
    now = timezone.localtime()
    activity = activity_create(actor=pk_andi, data=ActivityData(
        field="hukum", topic="Penyuluhan hukum", place="Kantor", starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=1), capacity=5))[0]  # fmt: skip
    e = enrol(actor=pk_andi, activity=activity, cases=caseload[:1])[0]
    attendance_record(actor=pk_andi, activity=activity, marks={e.id: True})
    later = activity.starts_at + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        activity_update(actor=pk_andi, activity=activity,
                        data=change(activity, starts_at=later, ends_at=later + dt.timedelta(hours=2)))  # fmt: skip
    assert "date" in exc.value.message_dict
    with pytest.raises(ValidationError):
        activity_cancel(actor=pk_andi, activity=activity, reason="Salah input")
    activity_update(actor=pk_andi, activity=activity, data=change(activity, materials="Modul UU 22/2022"))


def test_who_may_change_and_cancel(kasi_budi, pk_andi, pk_sari, kanwil_hadi, sekar, caseload):
    bapas_activity = make_activity(kasi_budi, day=timezone.localdate() + dt.timedelta(days=4))
    partner_activity = make_activity(
        kasi_budi, partner=sekar, day=timezone.localdate() + dt.timedelta(days=4)
    )
    for actor in (pk_sari, kanwil_hadi, sekar.user):
        with pytest.raises(PermissionDenied):
            activity_update(actor=actor, activity=bapas_activity, data=change(bapas_activity, topic="X"))
        with pytest.raises(PermissionDenied):
            activity_cancel(actor=actor, activity=bapas_activity, reason="x")
    # The partner's own user: their activity; a PK of the Bapas: any activity of the Bapas.
    activity_update(
        actor=sekar.user, activity=partner_activity, data=change(partner_activity, place="Kolam baru")
    )
    activity_update(actor=pk_andi, activity=bapas_activity, data=change(bapas_activity, topic="Konseling"))
    activity_cancel(actor=sekar.user, activity=partner_activity, reason="Kolam banjir")
    partner_activity.refresh_from_db()
    assert partner_activity.cancelled and partner_activity.cancelled_by == sekar.user


def test_cancel_needs_a_reason_tells_once_and_closes_attendance(kasi_budi, people):
    now = timezone.localtime()
    activity = activity_create(actor=kasi_budi, data=ActivityData(
        field="kepribadian", topic="Konseling kelompok", place="Aula Bapas",
        starts_at=now + dt.timedelta(hours=2), ends_at=now + dt.timedelta(hours=4), capacity=5))[0]  # fmt: skip
    enrolments = enrol(actor=kasi_budi, activity=activity, cases=list(people))
    with pytest.raises(ValidationError) as exc:
        activity_cancel(actor=kasi_budi, activity=activity, reason="  ")
    assert "reason" in exc.value.message_dict
    activity_cancel(actor=kasi_budi, activity=activity, reason="Narasumber sakit")
    activity.refresh_from_db()
    assert activity.cancelled and activity.cancel_reason == "Narasumber sakit"
    sent = Message.objects.filter(template="activity_cancelled")
    assert sent.count() == 2 and all("Narasumber sakit" in m.body and "dibatalkan" in m.body for m in sent)
    with pytest.raises(ValidationError):
        activity_cancel(actor=kasi_budi, activity=activity, reason="Lagi")
    assert Message.objects.filter(template="activity_cancelled").count() == 2
    with pytest.raises(ValidationError) as exc:
        attendance_record(actor=kasi_budi, activity=activity, marks={enrolments[0].id: True},
                          now=now + dt.timedelta(hours=3))  # fmt: skip
    assert "dibatalkan" in str(exc.value)
    assert AuditEntry.objects.filter(context="activity_cancel", object_id=activity.id).count() == 1


def test_cancel_one_session_or_the_rest_of_the_series(kasi_budi, people):
    joko, siti, _bambang = people
    first = make_activity(kasi_budi, sessions=4, day=timezone.localdate() + dt.timedelta(days=1))
    sessions = list(Activity.objects.filter(series_key=first.series_key).order_by("starts_at"))
    for s in sessions:
        enrol(actor=kasi_budi, activity=s, cases=[joko])
    enrol(actor=kasi_budi, activity=sessions[3], cases=[siti])
    activity_cancel(actor=kasi_budi, activity=sessions[0], reason="Hari libur")
    assert [s.cancelled for s in Activity.objects.filter(series_key=first.series_key).order_by("starts_at")] == [
        True, False, False, False]  # fmt: skip
    done = activity_cancel(actor=kasi_budi, activity=sessions[1], reason="Program dihentikan", scope="future")
    assert [s.id for s in done] == [s.id for s in sessions[1:]]
    assert all(Activity.objects.filter(series_key=first.series_key).values_list("cancelled", flat=True))
    # Joko: one message per cancellation (not one per session); Siti, only in the last session: one.
    assert Message.objects.filter(template="activity_cancelled", case=joko).count() == 2
    siti_msg = Message.objects.get(template="activity_cancelled", case=siti)
    assert "Program dihentikan" in siti_msg.body


def _post_edit(client, activity, **kw):
    local = timezone.localtime(activity.starts_at)
    data = {"field": activity.field, "topic": activity.topic, "place": activity.place, "mode": activity.mode,
            "date": local.date().isoformat(), "start_time": local.strftime("%H:%M"),
            "end_time": timezone.localtime(activity.ends_at).strftime("%H:%M"), "capacity": activity.capacity,
            "materials": ""}  # fmt: skip
    data.update(kw)
    return client.post(reverse("activity_edit", args=[activity.id]), data)


def test_edit_page_saves_and_names_errors(client, pk_andi, caseload):
    activity = make_activity(pk_andi, day=timezone.localdate() + dt.timedelta(days=3), capacity=5)
    enrol(actor=pk_andi, activity=activity, cases=caseload[:3])
    client.force_login(pk_andi)
    detail = client.get(reverse("activity_detail", args=[activity.id])).content.decode()
    assert reverse("activity_edit", args=[activity.id]) in detail
    assert reverse("activity_cancel", args=[activity.id]) in detail
    page = client.get(reverse("activity_edit", args=[activity.id])).content.decode()
    assert 'value="Balai Kelurahan Sinduadi"' in page and 'name="partner"' not in page
    response = _post_edit(client, activity, capacity="2", end_time="08:00")
    body = response.content.decode()
    assert response.status_code == 400
    assert "Jam selesai harus setelah jam mulai." in body
    response = _post_edit(client, activity, capacity="2")
    assert (
        response.status_code == 400 and "jumlah peserta yang sudah terdaftar (3)" in response.content.decode()
    )
    response = _post_edit(client, activity, place="Aula Kapanewon", start_time="10:00", end_time="12:00")
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.place == "Aula Kapanewon" and timezone.localtime(activity.starts_at).hour == 10


def test_cancel_page_requires_reason_and_shows_cancelled(client, kasi_budi, sekar, caseload, pk_andi):
    activity = make_activity(
        kasi_budi, partner=sekar, sessions=2, day=timezone.localdate() + dt.timedelta(days=2)
    )
    enrol(actor=pk_andi, activity=activity, cases=caseload[:1])
    client.force_login(sekar.user)
    page = client.get(reverse("activity_cancel", args=[activity.id])).content.decode()
    assert "csrfmiddlewaretoken" in page and 'name="reason"' in page and 'name="scope"' in page
    response = client.post(reverse("activity_cancel", args=[activity.id]), {"scope": "one"})
    assert response.status_code == 400 and "Alasan pembatalan wajib diisi." in response.content.decode()
    response = client.post(reverse("activity_cancel", args=[activity.id]),
                           {"reason": "Pelatih berhalangan", "scope": "one"})  # fmt: skip
    assert response.status_code == 302
    detail = client.get(reverse("activity_detail", args=[activity.id])).content.decode()
    assert "Dibatalkan" in detail and "Pelatih berhalangan" in detail
    assert reverse("activity_cancel", args=[activity.id]) not in detail
    assert reverse("activity_rollcall", args=[activity.id]) not in detail
    rollcall = client.get(reverse("activity_rollcall", args=[activity.id])).content.decode()
    assert 'data-testid="rollcall-cancelled"' in rollcall and "Simpan kehadiran" not in rollcall
    portal = client.get(reverse("partner_home")).content.decode()
    assert portal.count('data-testid="portal-activity"') == 2
    assert portal.count('data-testid="portal-cancelled"') == 1 and "Pelatih berhalangan" in portal
    client.force_login(kasi_budi)
    listing = client.get(reverse("activity_list")).content.decode()
    assert "Dibatalkan: Pelatih berhalangan" in listing


def test_other_bapas_and_other_partner_get_404(client, pk_sari, kasi_budi, sekar):
    activity = make_activity(kasi_budi)
    for user in (pk_sari, sekar.user):
        client.force_login(user)
        for name in ("activity_edit", "activity_cancel"):
            assert client.get(reverse(name, args=[activity.id])).status_code == 404
            assert client.post(reverse(name, args=[activity.id]), {"reason": "x"}).status_code == 404
    activity.refresh_from_db()
    assert not activity.cancelled
