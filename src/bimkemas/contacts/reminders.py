"""Reminders for wajib lapor, sent through the notify app (SMS/WhatsApp to clients, e-mail to staff).

- before: an open obligation due within `CONTACTS_REMINDER_DAYS_BEFORE` days (one message per client and
  due date, even when the report and the in-person report fall due together);
- missed: an obligation the sweep has just marked missed;
- escalated: the Kasi gets an e-mail when a follow-up task is handed to them;
- more: the client is told when the PK asks for more on a check-in.
Every message has a dedupe key, so running this any number of times never sends one twice.
"""

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from bimkemas.cases.models import ACTIVE_STATUSES
from bimkemas.contacts.models import CheckIn, FollowUpTask, Obligation, ObligationStatus, Requirement
from bimkemas.notify.services import message_queue


def _channel() -> str:
    return getattr(settings, "CONTACTS_REMINDER_CHANNEL", "sms")


def _days_before() -> int:
    return getattr(settings, "CONTACTS_REMINDER_DAYS_BEFORE", 1)


def _phone(person) -> str:
    phone = person.phones.order_by("id").first()
    return phone.number if phone else ""


def _pk(case) -> tuple[str, str]:
    officer = case.officer
    name = officer.display_name if officer else case.bapas.name
    return name, (getattr(officer, "phone", "") or case.bapas.phone or "")


def _client_message(case, template: str, dedupe_key: str, now, **context):
    pk, pk_phone = _pk(case)
    return message_queue(
        channel=_channel(),
        to=_phone(case.person),
        template=template,
        context={"name": case.person.name, "pk": pk, "pk_phone": pk_phone, **context},
        dedupe_key=dedupe_key,
        case=case,
        now=now,
    )


def reminders_send(*, now: dt.datetime | None = None) -> dict:
    now = now or timezone.now()
    today = timezone.localdate(now)
    counts = {"before": 0, "missed": 0, "escalated": 0}
    related = ("case", "case__person", "case__officer", "case__bapas")

    upcoming = (
        Obligation.objects.filter(
            status=ObligationStatus.OPEN,
            requirement__in=[Requirement.REPORT, Requirement.IN_PERSON],
            window_start__lte=today,
            due__gte=today,
            due__lte=today + dt.timedelta(days=_days_before()),
            case__status__in=ACTIVE_STATUSES,
        )
        .select_related(*related)
        .order_by("case_id", "due")
    )
    seen = set()
    for o in upcoming:
        if (o.case_id, o.due) in seen:
            continue
        seen.add((o.case_id, o.due))
        _client_message(
            o.case, "reminder_before", f"case:{o.case_id}:due:{o.due.isoformat()}:before", now, date=o.due
        )
        counts["before"] += 1

    missed = Obligation.objects.filter(
        status=ObligationStatus.MISSED,
        resolved_at__gte=now - dt.timedelta(days=2),
        case__status__in=ACTIVE_STATUSES,
    ).select_related(*related)
    for o in missed:
        _client_message(o.case, "reminder_missed", f"obligation:{o.id}:missed", now, date=o.due)
        counts["missed"] += 1

    escalated = FollowUpTask.objects.filter(
        escalated=True, escalated_at__gte=now - dt.timedelta(days=2), status="open"
    ).select_related("assigned_to", "obligation", *related)
    for task in escalated:
        if not task.assigned_to.email:
            continue
        due = task.obligation.due if task.obligation else task.due
        message_queue(
            channel="email",
            to=task.assigned_to.email,
            template="staff_followup",
            context={
                "staff": task.assigned_to.display_name,
                "name": task.case.person.name,
                "register": task.case.register_number,
                "date": due,
                "link": _absolute(reverse("today")),
            },
            dedupe_key=f"task:{task.id}:escalated",
            bapas=task.case.bapas,
            now=now,
        )
        counts["escalated"] += 1
    return counts


def checkin_more_requested(checkin: CheckIn, *, now: dt.datetime | None = None):
    case = checkin.case
    return _client_message(
        case,
        "checkin_more_requested",
        f"checkin:{checkin.id}:more",
        now or timezone.now(),
        date=checkin.client_time or checkin.opened_at,
        deadline=checkin.deadline,
    )


def _absolute(path: str) -> str:
    return getattr(settings, "BIMKEMAS_BASE_URL", "http://127.0.0.1:8000").rstrip("/") + path
