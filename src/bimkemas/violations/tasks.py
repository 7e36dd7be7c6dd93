"""Background jobs: missed reporting in a row → violation (after the contacts sweep of 00:15)."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from bimkemas.violations.services import detect_missed_reporting


@db_periodic_task(crontab(minute="45", hour="0"))
def missed_reporting_daily():
    return detect_missed_reporting(today=timezone.localdate())
