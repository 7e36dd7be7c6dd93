"""Activity reminders: an SMS the day before to each enrolled client with a phone — once each, never for a
cancelled activity, never for a client without a number."""

import datetime as dt

import pytest
from django.utils import timezone

from bimkemas.activities.services import activity_cancel, enrol
from bimkemas.activities.tasks import activity_reminders_send
from bimkemas.notify.models import Message
from tests.activities.factories import at_local, make_activity
from tests.cases.factories import receive_client

pytestmark = pytest.mark.django_db


def with_phone(kasi, name, number):
    return receive_client(kasi, name, person_kw={"phones": [number]})


def test_reminder_the_day_before_once_per_client(kasi_budi):
    today = timezone.localdate()
    joko = with_phone(kasi_budi, "Joko Susilo", "081234567890")
    siti = with_phone(kasi_budi, "Siti Aminah", "081298765432")
    nophone = receive_client(kasi_budi, "Bambang Wibowo")
    tomorrow = make_activity(
        kasi_budi, day=today + dt.timedelta(days=1), hour=9, topic="Pelatihan budidaya lele"
    )
    enrol(actor=kasi_budi, activity=tomorrow, cases=[joko, siti, nophone])
    later = make_activity(kasi_budi, day=today + dt.timedelta(days=3), topic="Penyuluhan hukum")
    enrol(actor=kasi_budi, activity=later, cases=[joko])
    cancelled = make_activity(kasi_budi, day=today + dt.timedelta(days=1), topic="Kegiatan batal")
    enrol(actor=kasi_budi, activity=cancelled, cases=[joko])
    activity_cancel(actor=kasi_budi, activity=cancelled, reason="Narasumber berhalangan")

    now = at_local(today, 10)
    activity_reminders_send(now=now)
    activity_reminders_send(now=now + dt.timedelta(hours=1))

    messages = Message.objects.filter(template="activity_reminder").order_by("recipient")
    assert [m.recipient for m in messages] == ["+6281234567890", "+6281298765432"]
    assert {m.dedupe_key for m in messages} == {
        f"activity:{tomorrow.id}:case:{joko.id}:before",
        f"activity:{tomorrow.id}:case:{siti.id}:before",
    }
    body = messages[0].body
    assert "Joko Susilo" in body and "Pelatihan budidaya lele" in body and "09.00" in body
    assert "Balai Kelurahan Sinduadi" in body
    assert not Message.objects.filter(template="activity_reminder", body__contains="Kegiatan batal").exists()
    assert not Message.objects.filter(body__contains="Penyuluhan hukum").exists()


def test_no_reminder_two_days_before_but_the_next_day(kasi_budi):
    today = timezone.localdate()
    joko = with_phone(kasi_budi, "Joko Susilo", "081234567890")
    activity = make_activity(kasi_budi, day=today + dt.timedelta(days=2))
    enrol(actor=kasi_budi, activity=activity, cases=[joko])

    activity_reminders_send(now=at_local(today, 10))
    assert not Message.objects.filter(template="activity_reminder").exists()

    activity_reminders_send(now=at_local(today + dt.timedelta(days=1), 10))
    assert Message.objects.filter(template="activity_reminder", case=joko).count() == 1
