"""Background jobs: obligations ahead for every active case, the missed/escalation sweep, and the
check-in inbox (check-ins the portal API stored as `received`)."""

import time

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from bimkemas.contacts.reminders import reminders_send
from bimkemas.contacts.services import checkins_process, obligations_extend_all, obligations_sweep


@db_periodic_task(crontab(minute="15", hour="0"))
def obligations_daily():
    obligations_extend_all()
    return obligations_sweep()


@db_periodic_task(crontab(minute="5"))
def obligations_hourly():
    """Missed obligations and escalations, then the reminders (quiet hours are the notify app's job)."""
    swept = obligations_sweep()
    return {**swept, **reminders_send()}


@db_task()
def checkins_inbox():
    return checkins_process()


@db_periodic_task(crontab(minute="*"))
def checkins_inbox_minutely():
    """The safety net: whatever a lost or failed `checkins_inbox` run left behind."""
    return checkins_process()


_last_scheduled = 0.0


def checkins_process_soon() -> None:
    """Have the inbox processed about a second from now. Called after each stored check-in, but
    schedules at most one run per second per web process: a run started after a row was stored
    always sees that row, so none waits for the minutely net."""
    global _last_scheduled
    if HUEY.immediate:
        checkins_inbox()
        return
    now = time.monotonic()
    if now - _last_scheduled >= 1.0:
        _last_scheduled = now
        checkins_inbox.schedule(delay=1)
