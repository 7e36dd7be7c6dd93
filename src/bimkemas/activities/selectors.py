"""Read queries for activities, scoped by the actor.

Bapas staff see the activities of their Bapas; a partner's user sees only their partner's activities
and, of the enrolled clients, only the name and register number — a child's (or a restricted case's)
identity never."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from bimkemas.activities.models import Activity, Attendance, Enrolment
from bimkemas.activities.services import is_bapas_staff_of
from bimkemas.cases.models import ACTIVE_STATUSES, Case
from bimkemas.cases.selectors import case_display_name, case_scope
from bimkemas.org.models import User
from bimkemas.partners.selectors import partner_for_member

CANDIDATE_LIMIT = 300


def activity_scope(actor: User) -> QuerySet[Activity]:
    if actor.is_authenticated and actor.is_active and actor.bapas and is_bapas_staff_of(actor, actor.unit_id):
        return Activity.objects.filter(bapas_id=actor.unit_id)
    partner = partner_for_member(actor)
    if partner is not None:
        return Activity.objects.filter(partner_id=partner.id)
    return Activity.objects.none()


def activity_get_for(*, actor: User, activity_id: int) -> Activity:
    activity = (
        activity_scope(actor)
        .select_related("bapas", "partner", "agreement", "village")
        .filter(id=activity_id)
        .first()
    )
    if activity is None:
        raise Http404
    return activity


def activity_list(
    *, actor: User, when: str = "upcoming", now: dt.datetime | None = None
) -> QuerySet[Activity]:
    """Upcoming (not yet ended, soonest first) or past (latest first), with enrolled/present counts."""
    now = now or timezone.now()
    qs = (
        activity_scope(actor)
        .select_related("partner", "bapas")
        .annotate(
            enrolled=Count("enrolments", distinct=True),
            present=Count("enrolments", filter=Q(enrolments__attendance__present=True), distinct=True),
        )
    )
    if when == "past":
        return qs.filter(ends_at__lt=now).order_by("-starts_at", "-id")
    return qs.filter(ends_at__gte=now).order_by("starts_at", "id")


@dataclass
class Participant:
    enrolment_id: int
    name: str
    register_number: str
    attendance: Attendance | None
    case_id: int | None  # only for Bapas staff (a link to the case)


def participants(*, actor: User, activity: Activity) -> list[Participant]:
    """The enrolled clients as the actor may see them. A partner's user: name and register number only,
    a child or restricted case masked entirely."""
    staff = is_bapas_staff_of(actor, activity.bapas_id)
    enrolments = (
        Enrolment.objects.filter(activity_id=activity.id)
        .select_related("case__person", "attendance")
        .order_by("case__person__name", "id")
    )
    rows = []
    for e in enrolments:
        case = e.case
        attendance = getattr(e, "attendance", None)
        if staff:
            name = case_display_name(case, actor)
            number = case.register_number
        elif case.is_child or case.restricted:
            name = _("Anak (identitas dirahasiakan)") if case.is_child else _("Identitas dirahasiakan")
            number = "—"
        else:
            name, number = case.person.name, case.register_number
        rows.append(Participant(e.id, name, number, attendance, case.id if staff else None))
    return rows


def enrol_candidates(*, actor: User, activity: Activity) -> QuerySet[Case]:
    """Active clients of the actor's caseload (a lead: of the Bapas) not yet enrolled in the activity."""
    return (
        case_scope(actor)
        .filter(bapas_id=activity.bapas_id, status__in=ACTIVE_STATUSES)
        .exclude(activity_enrolments__activity_id=activity.id)
        .select_related("person")
        .order_by("person__name", "id")[:CANDIDATE_LIMIT]
    )
