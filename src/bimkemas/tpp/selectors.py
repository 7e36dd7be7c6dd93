"""Reads of TPP sessions, scoped by the actor.

- Bapas staff (PK/APK and leads) see the sessions of their own Bapas; a client's name is shown unless the
  case is restricted and the actor outside its team (then the register number only), and a child's name
  is reduced to initials outside the case team (as `bimkemas.cases.selectors.case_display_name`).
- Kanwil and Ditjenpas staff see the sessions of the Bapas in their monitoring scope, read-only and
  without client names (register numbers only).
- Anyone else sees nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from bimkemas.cases.models import ACTIVE_STATUSES, Case
from bimkemas.cases.selectors import caseload_list, mask_name
from bimkemas.clients.names import name_key
from bimkemas.org.models import Role, User
from bimkemas.tpp.models import SessionStatus, TppItem, TppSession
from bimkemas.tpp.services import is_lead_of, may_edit_item


def is_bapas_staff(actor: User) -> bool:
    return bool(actor.is_authenticated and actor.bapas and (actor.is_supervisor or actor.is_bapas_lead))


def may_view_tpp(actor: User) -> bool:
    """Bapas staff and the monitoring offices; partners, clients and bare administrators do not."""
    return bool(actor.is_authenticated and actor.is_active and (is_bapas_staff(actor) or actor.is_office))


def tpp_scope(actor: User) -> QuerySet[TppSession]:
    """The sessions the actor may see."""
    if not (actor.is_authenticated and actor.is_active):
        return TppSession.objects.none()
    if is_bapas_staff(actor):
        return TppSession.objects.filter(bapas_id=actor.unit_id)
    if actor.is_office:
        from bimkemas.monitoring.selectors import report_scope

        try:
            units = report_scope(actor=actor).units
        except PermissionDenied:
            return TppSession.objects.none()
        return TppSession.objects.filter(bapas_id__in=[u.id for u in units])
    return TppSession.objects.none()


def tpp_sessions_for(
    *, actor: User, status: str = "", when: str = "", query: str = "", today=None
) -> QuerySet[TppSession]:
    """The session list: filter by status and by upcoming/past (relative to `today`), search by session
    number, place or the register number of a case on the agenda (Bapas staff: also the client's name)."""
    qs = tpp_scope(actor)
    if status in SessionStatus.values:
        qs = qs.filter(status=status)
    if when == "upcoming" and today is not None:
        qs = qs.filter(date__gte=today)
    elif when == "past" and today is not None:
        qs = qs.filter(date__lt=today)
    q = query.strip()
    if q:
        cond = Q(number__icontains=q) | Q(place__icontains=q)
        items = TppItem.objects.filter(session_id=OuterRef("pk"))
        cond |= Exists(items.filter(case__register_number__icontains=q))
        key = name_key(q)
        if key and is_bapas_staff(actor):
            # Restricted cases are not found by name by those outside their team.
            named = items.filter(case__person__name_key__contains=key)
            if not actor.is_kepala:
                named = named.filter(
                    Q(case__restricted=False) | Q(case__officer_id=actor.id) | Q(case__restricted_to=actor)
                )
            cond |= Exists(named)
        qs = qs.filter(cond)
    qs = qs.select_related("bapas", "chair").annotate(item_count=Count("items", distinct=True))
    if when == "upcoming":
        return qs.order_by("date", "time", "id")
    return qs.order_by("-date", "-time", "-id")


def tpp_session_get_for(*, actor: User, session_id: int) -> TppSession:
    """Fetch a session and authorise the actor: 403 for roles that see no sessions, 404 outside scope."""
    if not may_view_tpp(actor):
        raise PermissionDenied
    session = (
        tpp_scope(actor)
        .select_related("bapas", "bapas__parent", "chair", "secretary", "finalised_by", "cancelled_by")
        .filter(id=session_id)
        .first()
    )
    if session is None:
        raise Http404
    return session


def tpp_item_get_for(*, actor: User, item_id: int) -> TppItem:
    session_id = TppItem.objects.filter(id=item_id).values_list("session_id", flat=True).first()
    if session_id is None:
        raise Http404
    session = tpp_session_get_for(actor=actor, session_id=session_id)
    item = TppItem.objects.select_related("case", "case__person", "presenter").get(id=item_id)
    item.session = session
    return item


# --- names ----------------------------------------------------------------------------------------------


def client_name_for(case: Case, actor: User) -> str:
    """The client's name as this actor may see it; "" = show the register number only.

    Expects `case.person` loaded and `case.restricted_to` prefetched (see `_items_qs`)."""
    if not is_bapas_staff(actor) or actor.unit_id != case.bapas_id:
        return ""
    named = {u.id for u in case.restricted_to.all()}
    if case.restricted and not (case.officer_id == actor.id or actor.is_kepala or actor.id in named):
        return ""
    in_team = case.officer_id == actor.id or actor.has_role(Role.KEPALA, Role.KASI) or actor.id in named
    if case.is_child and not in_team:
        return mask_name(case.person.name)
    return case.person.name


def _items_qs() -> QuerySet[TppItem]:
    return TppItem.objects.select_related("case", "case__person", "presenter").prefetch_related(
        Prefetch("case__restricted_to", queryset=User.objects.only("id"))
    )


@dataclass
class ItemRow:
    item: TppItem
    position: int
    name: str  # "" = register number only
    can_edit: bool


def tpp_session_items(*, actor: User, session: TppSession) -> list[ItemRow]:
    """The agenda of a session the caller has authorised (`tpp_session_get_for`)."""
    rows = []
    items = _items_qs().filter(session=session).order_by("order", "id")
    for position, item in enumerate(items, start=1):
        item.session = session
        editable = session.is_planned and may_edit_item(actor, item)
        rows.append(
            ItemRow(item=item, position=position, name=client_name_for(item.case, actor), can_edit=editable)
        )
    return rows


def tpp_case_candidates(
    *, actor: User, session: TppSession, query: str, limit: int = 15
) -> list[tuple[Case, str]]:
    """Active cases of the session's Bapas matching `query` (name, register number or NIK), for a lead
    to put on the agenda. Names follow `client_name_for`."""
    q = (query or "").strip()
    if not q or not is_lead_of(actor, session.bapas_id):
        return []
    qs = (
        caseload_list(actor=actor, query=q, status="active")
        .filter(bapas_id=session.bapas_id, status__in=ACTIVE_STATUSES)
        .prefetch_related(Prefetch("restricted_to", queryset=User.objects.only("id")))
    )
    found = list(qs[:limit])
    # A restricted case is found by its register number only, never by the name of its client.
    return [
        (c, name)
        for c in found
        if (name := client_name_for(c, actor)) or q.lower() in c.register_number.lower()
    ]


def tpp_items_for_case(*, actor: User, case: Case) -> QuerySet[TppItem]:
    """The agenda items of a case (newest session first), with their session's date, number, status and the
    recommendation. The caller has authorised the case (`case_get_for`)."""
    return (
        TppItem.objects.filter(case=case, session__in=tpp_scope(actor))
        .select_related("session", "presenter")
        .order_by("-session__date", "-session__time", "-id")
    )


def next_sessions(*, actor: User, today, limit: int = 3) -> list[TppSession]:
    return list(
        tpp_scope(actor)
        .filter(status=SessionStatus.PLANNED, date__gte=today)
        .select_related("bapas")
        .annotate(item_count=Count("items"))
        .order_by("date", "time", "id")[:limit]
    )
