"""`bimkemas sweep`: what the background worker does every hour/night, run by hand (or from cron)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from bimkemas.contacts.reminders import reminders_send
from bimkemas.contacts.services import obligations_extend_all, obligations_sweep


class Command(BaseCommand):
    help = "Extend reporting obligations, mark missed ones, open/escalate follow-up tasks, queue reminders."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to sweep as (YYYY-MM-DD); default today")
        parser.add_argument("--no-reminders", action="store_true", help="do not queue reminders")

    def handle(self, *args, date=None, no_reminders=False, **options):
        now = timezone.now()
        if date:
            try:
                day = dt.date.fromisoformat(date)
            except ValueError as exc:
                raise CommandError(f"--date {date!r}: use YYYY-MM-DD") from exc
            now = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
        today = timezone.localdate(now)
        created = obligations_extend_all(today=today)
        counts = obligations_sweep(today=today, now=now)
        if not no_reminders:
            counts.update(reminders_send(now=now))
        figures = " ".join(f"{k}={v}" for k, v in {"obligations_created": created, **counts}.items())
        self.stdout.write(figures)
