"""Read queries of the contacts app, scoped by the actor."""

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, field

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from bimkemas.cases.models import ACTIVE_STATUSES, Case
from bimkemas.cases.selectors import case_get_for, case_scope
from bimkemas.contacts.models import (
    CheckIn,
    CheckInStatus,
    Contact,
    FollowUpTask,
    Obligation,
    ObligationStatus,
    Outcome,
    Requirement,
    TaskKind,
    TaskStatus,
)
from bimkemas.org.models import User

NOT_REACHED_DAYS = 30


def own_caseload(actor: User) -> QuerySet[Case]:
    """The cases a person works on day to day: those they supervise (and are named on). Bapas leads have
    the whole Bapas in scope, but "Hari ini" lists only what is theirs to do."""
    if actor.is_supervisor:
        return case_scope(actor).filter(status__in=ACTIVE_STATUSES)
    return Case.objects.filter(officer_id=actor.id, status__in=ACTIVE_STATUSES)


@dataclass
class Today:
    due_today: list = field(default_factory=list)
    overdue: list = field(default_factory=list)
    first_contacts: list = field(default_factory=list)
    not_reached: list = field(default_factory=list)
    visits_by_village: "OrderedDict[str, list]" = field(default_factory=OrderedDict)
    tasks: list = field(default_factory=list)
    escalated: list = field(default_factory=list)
    checkins: list = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(
            (self.due_today, self.overdue, self.first_contacts, self.not_reached, self.visits_by_village,
             self.tasks, self.escalated, self.checkins)
        )  # fmt: skip


def today_for(*, actor: User, today: dt.date, limit: int = 200) -> Today:
    """The PK's day: what is due, overdue, unreached, to visit, to review — each list capped at `limit`."""
    cases = own_caseload(actor)
    case_ids = cases.values("id")
    person = ("case__person", "case__person__village", "case__person__village__parent")
    open_obligations = Obligation.objects.filter(
        case_id__in=case_ids, status=ObligationStatus.OPEN
    ).select_related("case", *person)
    result = Today()
    result.first_contacts = list(
        open_obligations.filter(requirement=Requirement.FIRST_CONTACT, window_start__lte=today).order_by(
            "due"
        )[:limit]
    )
    regular = open_obligations.exclude(requirement=Requirement.FIRST_CONTACT)
    result.due_today = list(
        _one_per_case(
            regular.filter(due=today, window_start__lte=today).order_by("case_id", "requirement"), limit
        )
    )
    result.overdue = list(_one_per_case(regular.filter(due__lt=today).order_by("due", "case_id"), limit))

    latest = Contact.objects.filter(case_id=OuterRef("pk")).order_by("-occurred_at", "-id")
    since = today - dt.timedelta(days=NOT_REACHED_DAYS)
    result.not_reached = list(
        cases.annotate(
            last_outcome=Subquery(latest.values("outcome")[:1]),
            last_at=Subquery(latest.values("occurred_at")[:1]),
            last_kind=Subquery(latest.values("kind")[:1]),
        )
        .filter(last_at__date__gte=since)
        .exclude(last_outcome=Outcome.REPORTED)
        .select_related("person")
        .order_by("last_at")[:limit]
    )

    tasks = (
        FollowUpTask.objects.filter(assigned_to=actor, status=TaskStatus.OPEN)
        .select_related("case", "obligation", "escalated_from", *person)
        .order_by("due", "id")
    )
    visits = OrderedDict()
    for task in tasks.filter(kind=TaskKind.HOME_VISIT).order_by(
        "case__person__village__name", "case__person__name"
    )[:limit]:
        village = task.case.person.village
        label = (
            f"{village.name}, {village.parent.name}"
            if village and village.parent
            else (village.name if village else "—")
        )
        visits.setdefault(label, []).append(task)
    result.visits_by_village = visits
    result.escalated = [t for t in tasks.filter(escalated=True)[:limit]]
    result.tasks = [t for t in tasks.filter(escalated=False).exclude(kind=TaskKind.HOME_VISIT)[:limit]]
    result.checkins = list(
        CheckIn.objects.filter(case_id__in=case_ids, status=CheckInStatus.SUBMITTED)
        .select_related("case", "case__person")
        .order_by("received_at")[:limit]
    )
    return result


def _one_per_case(qs, limit):
    seen = set()
    for obligation in qs[: limit * 2]:
        if obligation.case_id in seen:
            continue
        seen.add(obligation.case_id)
        yield obligation
        if len(seen) >= limit:
            return


def case_obligations(case: Case, *, today: dt.date) -> QuerySet[Obligation]:
    """The case's obligations up to a few weeks ahead, newest first."""
    return (
        Obligation.objects.filter(case=case, window_start__lte=today + dt.timedelta(days=35))
        .select_related("contact", "excused_by")
        .order_by("-due", "requirement")
    )


def case_contacts(case: Case) -> QuerySet[Contact]:
    return Contact.objects.filter(case=case).select_related("recorded_by").order_by("-occurred_at", "-id")


def case_checkins(case: Case) -> QuerySet[CheckIn]:
    return (
        CheckIn.objects.filter(case=case).exclude(status=CheckInStatus.OPENED).select_related("reviewed_by")
    )


def obligation_get_for(*, actor: User, obligation_id: int) -> Obligation:
    obligation = Obligation.objects.filter(id=obligation_id).select_related("case").first()
    if obligation is None:
        raise Http404
    case_get_for(actor=actor, case_id=obligation.case_id)
    return obligation


def task_get_for(*, actor: User, task_id: int) -> FollowUpTask:
    task = FollowUpTask.objects.filter(id=task_id).select_related("case").first()
    if task is None:
        raise Http404
    if task.assigned_to_id != actor.id:
        case_get_for(actor=actor, case_id=task.case_id)
    return task


def checkin_get_for(*, actor: User, checkin_id: int) -> CheckIn:
    checkin = CheckIn.objects.filter(id=checkin_id).select_related("case", "case__person", "contact").first()
    if checkin is None:
        raise Http404
    case_get_for(actor=actor, case_id=checkin.case_id)
    return checkin


def next_obligation(case_ids, *, today: dt.date) -> dict[int, Obligation]:
    """The earliest open obligation per case (for the caseload's "next due" column)."""
    rows = (
        Obligation.objects.filter(case_id__in=case_ids, status=ObligationStatus.OPEN)
        .filter(Q(due__gte=today - dt.timedelta(days=31)))
        .order_by("case_id", "due")
    )
    out = {}
    for o in rows:
        out.setdefault(o.case_id, o)
    return out
