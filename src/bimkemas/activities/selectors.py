"""Read queries for activities, scoped by the actor.

Bapas staff see the activities of their Bapas; a partner's user sees only their partner's activities
and, of the enrolled clients, only the name and register number — a child's identity only in an activity
for which a Bapas lead granted it (IdentityGrant), a restricted case's identity never."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bimkemas.activities.models import Activity, Attendance, Enrolment, IdentityGrant
from bimkemas.activities.services import is_bapas_staff_of
from bimkemas.cases.models import ACTIVE_STATUSES, Case
from bimkemas.cases.selectors import case_display_name, case_in_team, case_restricted_for, case_scope
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
    granted: bool = False  # a child's name shown to the partner under an identity grant
    name_shown: bool = True  # the client's name, not a mask (the thumbnail shows initials or the photo)
    photo_url: str = ""  # only where the name is shown and the client has a photo (clients.selectors)


def identity_grant_current(activity: Activity) -> IdentityGrant | None:
    """The grant in force for `activity` (the partner sees the enrolled children's names), or None."""
    return (
        IdentityGrant.objects.select_related("granted_by")
        .filter(activity_id=activity.id, revoked_at__isnull=True)
        .first()
    )


def identity_grants(activity: Activity) -> list[IdentityGrant]:
    """Every grant of the activity, the one in force or latest first (who granted, who revoked, when)."""
    return list(
        IdentityGrant.objects.select_related("granted_by", "revoked_by").filter(activity_id=activity.id)
    )


def participants(*, actor: User, activity: Activity) -> list[Participant]:
    """The enrolled clients as the actor may see them. A partner's user: name and register number only; a
    child masked entirely unless the Bapas granted the child's name for this activity (then the name only);
    a restricted case always masked."""
    staff = is_bapas_staff_of(actor, activity.bapas_id)
    granted = not staff and identity_grant_current(activity) is not None
    enrolments = (
        Enrolment.objects.filter(activity_id=activity.id)
        .select_related("case__person__photo_record", "attendance")
        .order_by("case__person__name", "id")
    )
    rows = []
    for e in enrolments:
        case = e.case
        attendance = getattr(e, "attendance", None)
        if staff:
            restricted = case_restricted_for(case, actor)
            shown = not restricted and (not case.is_child or case_in_team(case, actor))
            name = case.person.name if shown else case_display_name(case, actor, restricted=restricted)
            number = case.register_number
        elif case.restricted:
            name, number, shown = _("Identitas dirahasiakan"), "—", False
        elif case.is_child:
            shown = granted
            name = case.person.name if granted else _("Anak (identitas dirahasiakan)")
            number = "—"
        else:
            name, number, shown = case.person.name, case.register_number, True
        # The photo follows the name (the same rules in clients.selectors.photo_visible).
        photo_url = reverse("person_photo", args=[case.person_id]) if shown and case.person.photo else ""
        rows.append(Participant(e.id, name, number, attendance, case.id if staff else None,
                                granted=bool(granted and case.is_child and not case.restricted),
                                name_shown=shown, photo_url=photo_url))  # fmt: skip
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


@dataclass
class BatchSite:
    activity: Activity  # the first session at the site
    sessions: int
    invited: int
    without_phone: list[tuple[str, str]]  # (name as the actor may see it, PK) of clients with no phone


def mobile_batch(*, actor: User, batch_key: str) -> list[BatchSite]:
    """The activities one mobile-counselling invitation run created in the actor's Bapas, per site (most
    clients first), with the clients to be called by their PK because they have no phone. Empty: unknown."""
    if not (actor.is_authenticated and actor.bapas and actor.is_bapas_lead) or not batch_key:
        return []
    sessions = list(
        Activity.objects.filter(bapas_id=actor.unit_id, batch_key=batch_key)
        .select_related("village")
        .order_by("village_id", "starts_at", "id")
    )
    firsts: dict[str, Activity] = {}
    counts: dict[str, int] = {}
    for s in sessions:
        firsts.setdefault(s.village_id, s)
        counts[s.village_id] = counts.get(s.village_id, 0) + 1
    enrolments = (
        Enrolment.objects.filter(activity__in=list(firsts.values()))
        .select_related("case", "case__person", "case__officer")
        .prefetch_related("case__person__phones")
        .order_by("case__person__name", "id")
    )
    invited: dict[int, int] = {}
    no_phone: dict[int, list[tuple[str, str]]] = {}
    for e in enrolments:
        invited[e.activity_id] = invited.get(e.activity_id, 0) + 1
        if not e.case.person.phones.all():
            officer = e.case.officer.display_name if e.case.officer_id else "—"
            no_phone.setdefault(e.activity_id, []).append((case_display_name(e.case, actor), officer))
    rows = [
        BatchSite(a, counts[code], invited.get(a.id, 0), no_phone.get(a.id, [])) for code, a in firsts.items()
    ]
    return sorted(rows, key=lambda r: (-r.invited, r.activity.place))
