"""Background jobs: obligations ahead for every active case, the missed/escalation sweep."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from bimkemas.contacts.reminders import reminders_send
from bimkemas.contacts.services import obligations_extend_all, obligations_sweep


@db_periodic_task(crontab(minute="15", hour="0"))
def obligations_daily():
    obligations_extend_all()
    return obligations_sweep()


@db_periodic_task(crontab(minute="5"))
def obligations_hourly():
    """Missed obligations and escalations, then the reminders (quiet hours are the notify app's job)."""
    swept = obligations_sweep()
    return {**swept, **reminders_send()}
