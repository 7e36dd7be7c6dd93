"""Clients' background jobs."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from bimkemas.clients.services import photo_holds_cleanup


@db_periodic_task(crontab(minute="40", hour="3"))
def photo_holds_cleanup_daily():
    """Nightly: photos held for a registration form that was never saved (older than a day) are deleted."""
    return photo_holds_cleanup()
