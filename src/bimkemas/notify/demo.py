"""Demo rows for the message log: two weeks of reminders to the demo Bapas's clients, mostly delivered,
some failed (the demo's huey worker retries those, to the console) or given up."""

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.db.models import Prefetch

from bimkemas.cases.models import ACTIVE_STATUSES, Case
from bimkemas.clients.models import PersonPhone
from bimkemas.notify.models import Message, MessageStatus
from bimkemas.notify.services import message_queue

PER_BAPAS = 60


def _context(case: Case, template: str, when: dt.datetime) -> dict:
    officer = case.officer.display_name if case.officer else "Bapas"
    context = {
        "name": case.person.name,
        "date": when.date() + dt.timedelta(days=2 if template == "reminder_before" else -1),
        "pk": officer,
        "pk_phone": case.bapas.phone or "",
    }
    if template == "checkin_more_requested":
        context["deadline"] = when + dt.timedelta(days=2)
    return context


def populate(*, rng: random.Random, today: dt.date) -> dict:
    counts = dict.fromkeys(MessageStatus.values, 0)
    cases = (
        Case.objects.filter(
            bapas__code__in=("BPS-YK", "BPS-WNS"), status__in=ACTIVE_STATUSES, officer__isnull=False
        )
        .select_related("person", "bapas", "officer")
        .prefetch_related(Prefetch("person__phones", queryset=PersonPhone.objects.order_by("id")))
        .order_by("id")
    )
    by_bapas: dict[int, list[Case]] = {}
    for case in cases:
        by_bapas.setdefault(case.bapas_id, []).append(case)
    for bapas_cases in by_bapas.values():
        for case in rng.sample(bapas_cases, min(PER_BAPAS, len(bapas_cases))):
            phones = list(case.person.phones.all())
            tz = ZoneInfo(case.bapas.timezone or "Asia/Jakarta")
            day = today - dt.timedelta(days=rng.randint(1, 14))
            when = dt.datetime.combine(
                day, dt.time(rng.randint(7, 19), rng.choice((0, 15, 30, 45))), tzinfo=tz
            )
            template = rng.choices(
                ("reminder_before", "reminder_missed", "checkin_more_requested"), weights=(6, 3, 1)
            )[0]
            channel = rng.choices(("sms", "whatsapp"), weights=(3, 2))[0]
            roll, second_try = rng.random(), rng.random() < 0.1
            message = message_queue(
                channel=channel,
                to=phones[0].number if phones else "",
                template=template,
                context=_context(case, template, when),
                dedupe_key=f"demo:{case.id}:{template}:{day.isoformat()}",
                case=case,
                now=when,
            )
            if message.status == MessageStatus.QUEUED:
                if roll < 0.88:
                    changes = {"status": MessageStatus.SENT, "attempts": 1, "sent_at": when,
                               "provider_message_id": f"demo-{message.id}"}  # fmt: skip
                    if second_try:  # delivered on the second try
                        changes.update(attempts=2, sent_at=when + dt.timedelta(minutes=1),
                                       last_error="HTTP 503 gateway sibuk")  # fmt: skip
                elif roll < 0.96:
                    changes = {"status": MessageStatus.GAVE_UP, "attempts": 6,
                               "last_error": "HTTP 400 nomor tidak aktif"}  # fmt: skip
                else:
                    changes = {"status": MessageStatus.FAILED, "attempts": 2, "last_error": "timeout after 10 s",
                               "send_after": when + dt.timedelta(minutes=3)}  # fmt: skip
                Message.objects.filter(id=message.id).update(updated_at=when, **changes)
                message.status = changes["status"]
            counts[message.status] += 1
    return {f"messages_{status}": n for status, n in counts.items() if n}
