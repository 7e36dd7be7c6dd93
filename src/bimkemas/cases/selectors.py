"""Read queries for cases, scoped by the actor. Every view, API route and export goes through here."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from bimkemas.cases.models import ACTIVE_STATUSES, Case, CaseEvent, ClientGroup
from bimkemas.clients.names import name_key
from bimkemas.org.models import Role, User


def _bapas_id(actor: User) -> int | None:
    return actor.unit_id if actor.bapas else None


def case_scope(actor: User) -> QuerySet[Case]:
    """Cases whose existence the actor may see (restricted ones included, to be masked)."""
    if not actor.is_authenticated or not actor.is_active:
        return Case.objects.none()
    bapas_id = _bapas_id(actor)
    if bapas_id and actor.is_bapas_lead:
        return Case.objects.filter(bapas_id=bapas_id)
    if actor.is_supervisor:
        # No join/DISTINCT on restricted_to: it would stop PostgreSQL using the (officer, status) index.
        named = list(
            Case.restricted_to.through.objects.filter(user_id=actor.id).values_list("case_id", flat=True)
        )
        return Case.objects.filter(Q(officer_id=actor.id) | Q(id__in=named))
    return Case.objects.none()


def case_restricted_for(case: Case, actor: User) -> bool:
    """True when the case is restricted and the actor is not among the named staff."""
    if not case.restricted:
        return False
    if case.officer_id == actor.id or (actor.is_kepala and case.bapas_id == actor.unit_id):
        return False
    return not case.restricted_to.filter(id=actor.id).exists()


def case_in_team(case: Case, actor: User) -> bool:
    """The case team: the current PK, named staff, and the Kepala and Kasi of the Bapas."""
    if case.officer_id == actor.id:
        return True
    if case.bapas_id == actor.unit_id and actor.has_role(Role.KEPALA, Role.KASI):
        return True
    return case.restricted_to.filter(id=actor.id).exists()


def case_get_for(*, actor: User, case_id: int, for_update: bool = False) -> Case:
    """Fetch a case and authorise the actor: 404 outside their scope, 403 when restricted."""
    case = (
        Case.objects.select_related("person", "bapas", "officer", "person__village")
        .filter(id=case_id)
        .first()
    )
    if case is None:
        raise Http404
    visible = case_scope(actor).filter(id=case_id).exists()
    if not visible:
        # History of a transferred case is readable by whoever may see its continuation.
        successor = getattr(case, "next_case", None) if not for_update else None
        if successor is None or not case_scope(actor).filter(id=successor.id).exists():
            if actor.is_authenticated and actor.bapas and case.bapas_id == actor.unit_id:
                raise PermissionDenied
            raise Http404
    if case_restricted_for(case, actor):
        raise PermissionDenied
    return case


def mask_name(name: str) -> str:
    """Initials only: 'Rudi Hartono' → 'R. H.'"""
    return " ".join(f"{w[0].upper()}." for w in name.split() if w) or "—"


def case_display_name(case: Case, actor: User, *, restricted: bool | None = None) -> str:
    if restricted if restricted is not None else case_restricted_for(case, actor):
        return "— kasus terbatas —"
    if case.client_group == ClientGroup.CHILD and not case_in_team(case, actor):
        return mask_name(case.person.name)
    return case.person.name


def caseload_list(
    *,
    actor: User,
    query: str = "",
    programme: str = "",
    status: str = "active",
    client_group: str = "",
    pk_id: int | None = None,
    unassigned: bool = False,
) -> QuerySet[Case]:
    """The caseload list (PK: own clients; Kasi/Kepala: the Bapas), searchable and filterable."""
    qs = case_scope(actor).select_related("person", "officer")
    if status == "active":
        qs = qs.filter(status__in=ACTIVE_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if programme:
        qs = qs.filter(programme=programme)
    if client_group:
        qs = qs.filter(client_group=client_group)
    if pk_id:
        qs = qs.filter(officer_id=pk_id)
    if unassigned:
        qs = qs.filter(officer__isnull=True)
    q = query.strip()
    if q:
        digits = q.replace(" ", "")
        if digits.isdigit() and len(digits) >= 6:
            qs = qs.filter(person__nik__startswith=digits)
        else:
            key = name_key(q)
            cond = Q(register_number__icontains=q)
            if key:
                cond |= Q(person__name_key__contains=key)
                from bimkemas.clients.models import PersonAlias

                cond |= Exists(
                    PersonAlias.objects.filter(person_id=OuterRef("person_id"), name_key__contains=key)
                )
            qs = qs.filter(cond)
    return qs.order_by("period_end", "id")


def case_timeline(*, case: Case) -> QuerySet[CaseEvent]:
    """Events of this case and of the cases it continues (transfers), newest first."""
    ids = [case.id]
    prev = case.previous_case
    while prev is not None:
        ids.append(prev.id)
        prev = prev.previous_case
    return CaseEvent.objects.filter(case_id__in=ids).select_related("actor", "case").order_by("-at", "-id")


def person_cases(*, actor: User, person_id: int) -> QuerySet[Case]:
    return case_scope(actor).filter(person_id=person_id).order_by("-handover_date")


def days_left(case: Case, today: dt.date) -> int:
    return (case.period_end - today).days
