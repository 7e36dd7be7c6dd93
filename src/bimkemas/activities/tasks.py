"""Activity reminders: the day before an activity, an SMS (notify template `activity_reminder`) to each
enrolled client with a phone number. "The day before" is in the Bapas's own time zone.

A reminder belongs to the start it announced: its dedupe key is
`activity:{id}:case:{case_id}:before:{start, UTC, 20260305T020000Z}` (`reminder_key`). So the hourly task
may run any number of times, also two at once (the key is unique in the message log), and each client gets
one reminder per announced date and time: a session moved after its reminder went out is reminded again
the day before its new start, while a change that keeps the start (place, mode, end) is not. A cancelled
session, an ended case and a client no longer enrolled are not reminded (the enrolments are read at
sending time)."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from bimkemas.activities.models import Activity, Enrolment
from bimkemas.cases.models import ACTIVE_STATUSES
from bimkemas.notify.services import message_queue


def _channel() -> str:
    return getattr(settings, "ACTIVITIES_REMINDER_CHANNEL", "sms")


def reminder_key(activity: Activity, case_id: int) -> str:
    """The dedupe key of the day-before reminder of `activity`'s current start to the client of `case_id`."""
    stamp = activity.starts_at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"activity:{activity.id}:case:{case_id}:before:{stamp}"


def activity_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Queue the reminders for activities held tomorrow (local date of their Bapas); returns how many
    enrolments were considered (a message already queued for the same start is not queued again)."""
    now = now or timezone.now()
    candidates = (
        Enrolment.objects.filter(
            activity__cancelled=False,
            activity__starts_at__gt=now,
            activity__starts_at__lt=now + dt.timedelta(hours=60),
            case__status__in=ACTIVE_STATUSES,
            case__person__phones__isnull=False,
        )
        .select_related("activity", "activity__bapas", "case", "case__person", "case__bapas")
        .distinct()
        .order_by("activity__starts_at", "id")
    )
    due = []
    for e in candidates:
        zone = ZoneInfo(e.activity.bapas.timezone or "Asia/Jakarta")
        if e.activity.starts_at.astimezone(zone).date() == now.astimezone(zone).date() + dt.timedelta(days=1):
            due.append(e)
    for e in due:
        activity = e.activity
        starts = activity.starts_at.astimezone(ZoneInfo(activity.bapas.timezone or "Asia/Jakarta"))
        phone = e.case.person.phones.order_by("id").first()
        message_queue(
            channel=_channel(),
            to=phone.number,
            template="activity_reminder",
            context={
                "name": e.case.person.name,
                "activity": activity.topic,
                "date": starts.date(),
                "time": starts.strftime("%H.%M"),
                "place": activity.place,
            },
            dedupe_key=reminder_key(activity, e.case_id),
            case=e.case,
            now=now,
        )
    return len(due)


@db_periodic_task(crontab(minute="15"))
def activity_reminders_hourly():
    """Every hour: reminders for tomorrow's activities (idempotent)."""
    return activity_reminders_send()
