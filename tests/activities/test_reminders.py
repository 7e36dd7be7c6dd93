"""Activity reminders: an SMS the day before to each enrolled client with a phone — once each per announced
date and time, never for a cancelled activity, never for a client without a number or no longer active.

The reschedule tests run the hourly task over the days concerned and deliver what falls due through the
notify sweep to the local HTTP gateway, so they assert the SMS the clients actually receive."""

import datetime as dt

import pytest
from django.utils import formats, timezone, translation

from bimkemas.activities.services import ActivityData, activity_cancel, activity_update, enrol
from bimkemas.activities.tasks import activity_reminders_send
from bimkemas.cases.services import case_end
from bimkemas.notify.models import Message
from bimkemas.notify.services import message_deliver, message_requeue_due
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
    stamp = tomorrow.starts_at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert {m.dedupe_key for m in messages} == {
        f"activity:{tomorrow.id}:case:{joko.id}:before:{stamp}",
        f"activity:{tomorrow.id}:case:{siti.id}:before:{stamp}",
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


# --- a session moved, changed or cancelled after (or before) its reminder -----------------------------


def day(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def hourly(start: dt.datetime, end: dt.datetime) -> None:
    """The hourly reminder task at :15 from `start` to `end` (inclusive), each run followed by the notify
    sweep delivering what is due (as `notify.tasks.message_requeue` does, at that moment)."""
    when = start.replace(minute=15)
    while when <= end:
        activity_reminders_send(now=when)
        for message_id in message_requeue_due(now=when):
            message_deliver(message_id=message_id, now=when)
        when += dt.timedelta(hours=1)


def reminders(gateway, activity, case) -> list[dict]:
    """The reminder SMS of `activity` the gateway accepted for `case`, in the order received."""
    prefix = f"activity:{activity.id}:case:{case.id}:before"
    return [
        r["json"]
        for r in gateway.requests
        if r["reply"] == "ok" and r["json"]["reference"].startswith(prefix)
    ]


def changes_told(gateway, activity, case) -> list[dict]:
    prefix = f"activity:{activity.id}:changed:"
    suffix = f":case:{case.id}"
    return [
        r["json"]
        for r in gateway.requests
        if r["reply"] == "ok"
        and r["json"]["reference"].startswith(prefix)
        and r["json"]["reference"].endswith(suffix)
    ]


def sent_on(reference: str) -> dt.date:
    return timezone.localdate(Message.objects.get(dedupe_key=reference).sent_at)


def shown(when: dt.date) -> str:
    with translation.override("id"):
        return formats.date_format(when, "j M Y")


def move(actor, activity, *, now, new_day=None, hour=None, place=None):
    """Change the session through the service: its date and start hour (two hours long) and/or place."""
    activity.refresh_from_db()
    local = timezone.localtime(activity.starts_at)
    new_day, hour = new_day or local.date(), local.hour if hour is None else hour
    data = ActivityData(
        field=activity.field, topic=activity.topic, place=place or activity.place, mode=activity.mode,
        starts_at=at_local(new_day, hour), ends_at=at_local(new_day, hour + 2), capacity=activity.capacity,
        materials=activity.materials,
    )  # fmt: skip
    return activity_update(actor=actor, activity=activity, data=data, now=now)


@pytest.fixture
def joko(kasi_budi):
    return with_phone(kasi_budi, "Joko Susilo", "081234567890")


@pytest.fixture
def siti(kasi_budi):
    return with_phone(kasi_budi, "Siti Aminah", "081298765432")


def test_moved_to_next_week_after_its_reminder_is_reminded_again_the_day_before(
    kasi_budi, joko, siti, gateway
):
    activity = make_activity(kasi_budi, day=day(1), hour=9, topic="Pelatihan budidaya lele")
    enrol(actor=kasi_budi, activity=activity, cases=[joko, siti])
    hourly(at_local(day(0), 0), at_local(day(0), 12))
    for case in (joko, siti):
        [first] = reminders(gateway, activity, case)
        assert "09.00" in first["body"] and shown(day(1)) in first["body"]

    move(kasi_budi, activity, new_day=day(7), hour=13, now=at_local(day(0), 13))
    hourly(at_local(day(0), 13), at_local(day(7), 12))

    for case in (joko, siti):
        got = reminders(gateway, activity, case)
        assert len(got) == 2, got
        new = got[1]
        assert "13.00" in new["body"] and shown(day(7)) in new["body"]
        assert sent_on(new["reference"]) == day(6)  # nothing sent in between: the day before the new date
        [told] = changes_told(gateway, activity, case)
        assert "13.00" in told["body"] and shown(day(7)) in told["body"]
    assert Message.objects.filter(template="activity_reminder").count() == 4


def test_moved_from_next_week_to_tomorrow_before_any_reminder_is_reminded(kasi_budi, joko, gateway):
    activity = make_activity(kasi_budi, day=day(7), hour=9)
    enrol(actor=kasi_budi, activity=activity, cases=[joko])
    hourly(at_local(day(0), 0), at_local(day(0), 10))
    assert reminders(gateway, activity, joko) == []

    move(kasi_budi, activity, new_day=day(1), hour=10, now=at_local(day(0), 11))
    hourly(at_local(day(0), 11), at_local(day(1), 9))

    [reminder] = reminders(gateway, activity, joko)
    assert "10.00" in reminder["body"] and shown(day(1)) in reminder["body"]
    assert sent_on(reminder["reference"]) == day(0)
    assert len(changes_told(gateway, activity, joko)) == 1


def test_a_change_that_keeps_the_start_is_told_but_not_reminded_twice(kasi_budi, joko, gateway):
    activity = make_activity(kasi_budi, day=day(1), hour=9)
    enrol(actor=kasi_budi, activity=activity, cases=[joko])
    hourly(at_local(day(0), 0), at_local(day(0), 10))
    assert len(reminders(gateway, activity, joko)) == 1

    move(kasi_budi, activity, place="Aula Kapanewon Mlati", now=at_local(day(0), 11))
    hourly(at_local(day(0), 11), at_local(day(1), 8))

    [reminder] = reminders(gateway, activity, joko)
    assert "Balai Kelurahan Sinduadi" in reminder["body"]
    [told] = changes_told(gateway, activity, joko)
    assert "Aula Kapanewon Mlati" in told["body"] and "09.00" in told["body"]

    # A new start on the same day is a new announced time: reminded once more, for it.
    move(kasi_budi, activity, hour=14, now=at_local(day(0), 15))
    hourly(at_local(day(0), 15), at_local(day(1), 13))
    got = reminders(gateway, activity, joko)
    assert len(got) == 2 and "14.00" in got[1]["body"] and "Aula Kapanewon Mlati" in got[1]["body"]
    assert len(changes_told(gateway, activity, joko)) == 2


def test_a_cancelled_session_is_never_reminded(kasi_budi, joko, siti, gateway):
    soon = make_activity(kasi_budi, day=day(1), hour=9, topic="Kegiatan batal")
    enrol(actor=kasi_budi, activity=soon, cases=[joko])
    activity_cancel(actor=kasi_budi, activity=soon, reason="Narasumber berhalangan", now=at_local(day(0), 8))
    # Reminded, then moved to next week, then cancelled: nothing the day before the new date.
    moved = make_activity(kasi_budi, day=day(1), hour=13, topic="Penyuluhan hukum")
    enrol(actor=kasi_budi, activity=moved, cases=[siti])
    hourly(at_local(day(0), 0), at_local(day(0), 10))
    assert len(reminders(gateway, moved, siti)) == 1
    move(kasi_budi, moved, new_day=day(5), now=at_local(day(0), 11))
    activity_cancel(actor=kasi_budi, activity=moved, reason="Aula dipakai", now=at_local(day(0), 12))
    hourly(at_local(day(0), 12), at_local(day(5), 12))

    assert reminders(gateway, soon, joko) == []
    assert len(reminders(gateway, moved, siti)) == 1
    assert Message.objects.filter(template="activity_reminder").count() == 1


def test_a_client_no_longer_active_is_not_reminded_of_the_new_date(kasi_budi, joko, siti, gateway):
    activity = make_activity(kasi_budi, day=day(1), hour=9)
    enrol(actor=kasi_budi, activity=activity, cases=[joko, siti])
    hourly(at_local(day(0), 0), at_local(day(0), 10))
    case_end(actor=kasi_budi, case=siti, reason="completed", end_date=day(0))
    move(kasi_budi, activity, new_day=day(4), now=at_local(day(0), 11))
    hourly(at_local(day(0), 11), at_local(day(4), 8))

    assert len(reminders(gateway, activity, joko)) == 2
    assert len(reminders(gateway, activity, siti)) == 1


# --- a reminder held for the quiet hours when its session changes ---------------------------------------


def test_a_reminder_held_for_the_night_is_withdrawn_when_its_session_is_cancelled(kasi_budi, joko, gateway):
    """Queued at 00.15 for tomorrow and held until 06.00 (quiet hours): the session cancelled at 01.30 is
    never reminded; the message log keeps the reminder as withdrawn, with why."""
    activity = make_activity(kasi_budi, day=day(1), hour=9)
    enrol(actor=kasi_budi, activity=activity, cases=[joko])
    hourly(at_local(day(0), 0), at_local(day(0), 1))
    held = Message.objects.get(template="activity_reminder", case=joko)
    assert held.status == "deferred" and reminders(gateway, activity, joko) == []

    activity_cancel(
        actor=kasi_budi,
        activity=activity,
        reason="Narasumber sakit",
        now=at_local(day(0), 1) + dt.timedelta(minutes=15),
    )
    hourly(at_local(day(0), 2), at_local(day(1), 10))

    assert reminders(gateway, activity, joko) == []
    held.refresh_from_db()
    assert held.status == "withdrawn" and held.last_error == "Kegiatan dibatalkan."


def test_a_held_reminder_of_a_session_moved_away_and_back_is_sent_once_for_the_start_that_holds(
    kasi_budi, joko, gateway
):
    activity = make_activity(kasi_budi, day=day(1), hour=9)
    enrol(actor=kasi_budi, activity=activity, cases=[joko])
    hourly(at_local(day(0), 0), at_local(day(0), 1))
    assert Message.objects.get(template="activity_reminder", case=joko).status == "deferred"

    move(kasi_budi, activity, new_day=day(3), now=at_local(day(0), 1) + dt.timedelta(minutes=20))
    hourly(at_local(day(0), 2), at_local(day(0), 2))
    assert Message.objects.get(template="activity_reminder", case=joko).status == "withdrawn"
    move(
        kasi_budi, activity, new_day=day(1), now=at_local(day(0), 2) + dt.timedelta(minutes=30)
    )  # back again
    hourly(at_local(day(0), 3), at_local(day(1), 10))

    [reminder] = reminders(gateway, activity, joko)
    assert shown(day(1)) in reminder["body"] and "09.00" in reminder["body"]
    assert sent_on(reminder["reference"]) == day(0)
