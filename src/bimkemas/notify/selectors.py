"""Read queries for the message log, scoped by the actor.

Kasi/Kasubsi/Kepala see the messages of their Bapas; a PK/APK sees the messages about the clients of
their own caseload (the cases `case_scope` gives them). Nobody else sees any.
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet

from bimkemas.cases.models import Case, ClientGroup
from bimkemas.cases.selectors import case_scope, mask_name
from bimkemas.notify.models import Message
from bimkemas.notify.texts import text_label
from bimkemas.org.models import Role, User


def message_scope(actor: User) -> QuerySet[Message]:
    if not actor.is_authenticated or not actor.is_active or actor.bapas is None:
        return Message.objects.none()
    if actor.is_bapas_lead:
        return Message.objects.filter(bapas_id=actor.unit_id)
    if actor.is_supervisor:
        cases = case_scope(actor)
        return Message.objects.filter(
            Q(case_id__in=cases.values("id")) | Q(case__isnull=True, person_id__in=cases.values("person_id"))
        )
    return Message.objects.none()


def _day_start(day: dt.date, tz: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=tz)


def message_list(
    *,
    actor: User,
    status: str = "",
    channel: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[Message]:
    """The actor's messages, newest first, filtered; dates are days in the actor's Bapas's time zone."""
    qs = _filtered(actor=actor, channel=channel, date_from=date_from, date_to=date_to)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("case", "person").order_by("-created_at", "-id")


def _filtered(*, actor, channel, date_from, date_to) -> QuerySet[Message]:
    qs = message_scope(actor)
    tz = ZoneInfo(getattr(actor.bapas, "timezone", "") or "Asia/Jakarta")
    if channel:
        qs = qs.filter(channel=channel)
    if date_from:
        qs = qs.filter(created_at__gte=_day_start(date_from, tz))
    if date_to:
        qs = qs.filter(created_at__lt=_day_start(date_to + dt.timedelta(days=1), tz))
    return qs


def message_status_counts(
    *, actor: User, channel: str = "", date_from: dt.date | None = None, date_to: dt.date | None = None
) -> dict[str, int]:
    """Messages per status under the same filters (all statuses), for the summary line."""
    rows = (
        _filtered(actor=actor, channel=channel, date_from=date_from, date_to=date_to)
        .order_by()
        .values("status")
        .annotate(n=Count("id"))
    )
    return {row["status"]: row["n"] for row in rows}


@dataclass
class MessageRow:
    message: Message
    client_name: str
    template_label: str
    hidden: bool  # restricted case or a child outside the case team: recipient and body withheld
    case_link: bool


def message_rows(*, actor: User, messages) -> list[MessageRow]:
    """Rows for display: a restricted case, or a child's case seen from outside its team, is masked."""
    messages = list(messages)
    case_ids = {m.case_id for m in messages if m.case_id}
    named = set(
        Case.restricted_to.through.objects.filter(user_id=actor.id, case_id__in=case_ids).values_list(
            "case_id", flat=True
        )
    )
    rows = []
    for m in messages:
        case = m.case
        name = m.person.name if m.person else ""
        hidden, link = False, case is not None
        if case is not None:
            in_team = (
                case.officer_id == actor.id
                or case.id in named
                or (case.bapas_id == actor.unit_id and actor.has_role(Role.KEPALA, Role.KASI))
            )
            may_see_restricted = (
                case.officer_id == actor.id
                or case.id in named
                or (actor.is_kepala and case.bapas_id == actor.unit_id)
            )
            if case.restricted and not may_see_restricted:
                name, hidden, link = "— kasus terbatas —", True, False
            elif case.client_group == ClientGroup.CHILD and not in_team:
                name, hidden = mask_name(name), True
        rows.append(
            MessageRow(
                message=m,
                client_name=name,
                template_label=text_label(m.template),
                hidden=hidden,
                case_link=link,
            )
        )
    return rows
