"""Activity reminders: the day before an activity, an SMS (notify template `activity_reminder`) to each
enrolled client with a phone number. Idempotent by dedupe key `activity:{id}:case:{case_id}:before`, so
the hourly task may run any number of times. "The day before" is in the Bapas's own time zone."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from bimkemas.activities.models import Enrolment
from bimkemas.cases.models import ACTIVE_STATUSES
from bimkemas.notify.services import message_queue


def _channel() -> str:
    return getattr(settings, "ACTIVITIES_REMINDER_CHANNEL", "sms")


def activity_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Queue the reminders for activities held tomorrow (local date of their Bapas); returns how many
    enrolments were considered (a message already queued is not queued again)."""
    now = now or timezone.now()
    enrolments = (
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
    sent = 0
    for e in enrolments:
        activity = e.activity
        zone = ZoneInfo(activity.bapas.timezone or "Asia/Jakarta")
        starts = activity.starts_at.astimezone(zone)
        if starts.date() != now.astimezone(zone).date() + dt.timedelta(days=1):
            continue
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
            dedupe_key=f"activity:{activity.id}:case:{e.case_id}:before",
            case=e.case,
            now=now,
        )
        sent += 1
    return sent


@db_periodic_task(crontab(minute="15"))
def activity_reminders_hourly():
    """Every hour: reminders for tomorrow's activities (idempotent)."""
    return activity_reminders_send()
