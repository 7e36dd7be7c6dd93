"""Reads for the client portal. A client sees only themselves: every query here starts from the account
of the portal session, never from an id in the request."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from bimkemas.cases.models import ACTIVE_STATUSES, Case
from bimkemas.contacts.models import CheckIn, CheckInStatus, Obligation, ObligationStatus, Requirement
from bimkemas.portal.models import ClientAccount


def account_get(*, person_id: int) -> ClientAccount | None:
    return ClientAccount.objects.filter(person_id=person_id).first()  # the person is loaded when needed


def account_for_staff(*, case: Case) -> ClientAccount | None:
    """The portal account of a case's client, for the case team's PIN page (the caller authorised)."""
    return ClientAccount.objects.select_related("pin_set_by").filter(person_id=case.person_id).first()


def client_active_case(*, account: ClientAccount, related: bool = True) -> Case | None:
    """The client's case under supervision now (the newest when, unusually, there are two). `related`:
    with its PK and Bapas (pages); without, for the check-in API, which needs neither."""
    cases = Case.objects.select_related("officer", "bapas") if related else Case.objects.all()
    return (
        cases.filter(person_id=account.person_id, status__in=ACTIVE_STATUSES)
        .order_by("-handover_date", "-id")
        .first()
    )


def client_today(case: Case) -> dt.date:
    from zoneinfo import ZoneInfo

    return timezone.localdate(timezone=ZoneInfo(case.bapas.timezone or "Asia/Jakarta"))


@dataclass
class NextObligation:
    requirement: str
    label: str
    window_start: dt.date
    due: dt.date
    last_day: dt.date
    state: str  # "now" (window open), "late" (past due, within grace), "upcoming"


def next_obligations(*, case: Case, today: dt.date, limit: int = 4) -> list[NextObligation]:
    """Open obligations the client can still meet, soonest first."""
    rows = []
    for o in Obligation.objects.filter(
        case=case, status=ObligationStatus.OPEN, due__gte=today - dt.timedelta(days=31)
    ).order_by("due", "requirement")[: limit * 3]:
        last_day = o.due + dt.timedelta(days=o.grace_days)
        if last_day < today:
            continue
        state = "upcoming" if o.window_start > today else ("late" if o.due < today else "now")
        rows.append(
            NextObligation(
                requirement=o.requirement,
                label=str(Requirement(o.requirement).label),
                window_start=o.window_start,
                due=o.due,
                last_day=last_day,
                state=state,
            )
        )
    return rows[:limit]


def client_checkins(*, case: Case) -> QuerySet[CheckIn]:
    """The client's sent check-ins (the ones only opened are not shown), newest first."""
    return (
        CheckIn.objects.filter(case__person_id=case.person_id)
        .exclude(status=CheckInStatus.OPENED)
        .order_by("-received_at", "-id")
    )


@dataclass
class UpcomingActivity:
    topic: str
    starts_at: dt.datetime  # wall-clock time of the Bapas (naive: templates must not shift it)
    ends_at: dt.datetime
    place: str
    online: bool


def client_upcoming_activities(*, case: Case, now: dt.datetime | None = None, limit: int = 5):
    """The guidance activities the client is enrolled in that have not ended, soonest first (cancelled
    ones left out). Starts from the session's own case: a client never sees another's enrolments."""
    from zoneinfo import ZoneInfo

    from bimkemas.activities.models import Enrolment, Mode

    now = now or timezone.now()
    zone = ZoneInfo(case.bapas.timezone or "Asia/Jakarta")
    enrolments = (
        Enrolment.objects.filter(case_id=case.id, activity__cancelled=False, activity__ends_at__gte=now)
        .select_related("activity")
        .order_by("activity__starts_at", "activity_id")[:limit]
    )
    return [
        UpcomingActivity(
            topic=e.activity.topic,
            starts_at=e.activity.starts_at.astimezone(zone).replace(tzinfo=None),
            ends_at=e.activity.ends_at.astimezone(zone).replace(tzinfo=None),
            place=e.activity.place,
            online=e.activity.mode == Mode.ONLINE,
        )
        for e in enrolments
    ]
