"""Reads of TPP sessions, scoped by the actor.

- Bapas staff (PK/APK and leads) see the sessions of their own Bapas; a client's name is shown unless the
  case is restricted and the actor outside its team (then the register number only), and a child's name
  is reduced to initials outside the case team (as `bimkemas.cases.selectors.case_display_name`).
- Kanwil and Ditjenpas staff see the sessions of the Bapas in their monitoring scope, read-only and
  without client names (register numbers only).
- Anyone else sees nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from bimkemas.cases.models import ACTIVE_STATUSES, Case
from bimkemas.cases.selectors import caseload_list, mask_name
from bimkemas.clients.names import name_key
from bimkemas.org.models import Role, User
from bimkemas.tpp.models import Decision, Purpose, SessionStatus, TppItem, TppSession
from bimkemas.tpp.services import is_lead_of, may_edit_item, revocation_fills

if TYPE_CHECKING:
    from bimkemas.violations.models import Revocation


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


# --- revocations on the agenda --------------------------------------------------------------------------

WAITING, NOT_WAITING, FILLED, NONE, DEFERRED = "waiting", "not_waiting", "filled", "none", "deferred"


@dataclass
class RevocationNote:
    """What a "Usul pencabutan" agenda item means for the revocation (pencabutan) of its case: before the
    minutes are final, whether a revocation waits for this session (and what stands in the way of filling
    its TPP step); after, what finalising did."""

    kind: str  # WAITING / NOT_WAITING (planned session), FILLED / NONE / DEFERRED (held session)
    text: str
    revocation_id: int | None = None  # to link to; None when there is none or the viewer may not open it
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.kind in (WAITING, FILLED)


def _may_open_revocation(actor: User, case: Case, name: str) -> bool:
    """The revocation page is the case team's: the leads of the Bapas and the case's PK (not when the case
    is restricted from them, i.e. when they see no name)."""
    return bool(name) and (is_lead_of(actor, case.bapas_id) or case.officer_id == actor.id)


def _planned_note(item: TppItem, waiting, open_revocation, problems: list[str]) -> RevocationNote:
    if waiting is not None:
        text = _(
            "Usul pencabutan klien ini menunggu sidang TPP (BAP %(date)s). Langkah TPP pada pencabutan diisi "
            "dari sidang ini saat berita acara difinalkan."
        ) % {"date": waiting.bap_date.isoformat() if waiting.bap_date else "—"}
        if item.decision == Decision.DEFERRED:
            text = _(
                "Usul pencabutan klien ini menunggu sidang TPP, tetapi agenda ini ditunda: langkah TPP pada "
                "pencabutan tidak diisi dari sidang ini."
            )
        return RevocationNote(kind=WAITING, text=text, revocation_id=waiting.id, problems=problems)
    if open_revocation is not None:
        text = _(
            "Tidak ada usul pencabutan yang menunggu sidang TPP untuk klien ini (pencabutan sedang pada tahap "
            '"%(status)s"). Sidang tetap dapat difinalkan; pencabutan tidak berubah.'
        ) % {"status": open_revocation.get_status_display()}
        return RevocationNote(kind=NOT_WAITING, text=text, revocation_id=open_revocation.id)
    text = _(
        "Tidak ada usul pencabutan yang menunggu sidang TPP untuk klien ini. Sidang tetap dapat difinalkan; "
        "tidak ada pencabutan yang berubah."
    )
    return RevocationNote(kind=NOT_WAITING, text=text)


def _held_note(item: TppItem, filled) -> RevocationNote:
    if filled is not None:
        return RevocationNote(
            kind=FILLED,
            text=_("Langkah TPP pada pencabutan sudah diisi dari sidang ini."),
            revocation_id=filled.id,
        )
    if item.decision == Decision.DEFERRED:
        return RevocationNote(
            kind=DEFERRED, text=_("Agenda ditunda: langkah TPP pada pencabutan tidak diisi dari sidang ini.")
        )
    return RevocationNote(
        kind=NONE, text=_("Tidak ada usul pencabutan yang menunggu sidang TPP untuk klien ini.")
    )


def revocation_notes(*, actor: User, session: TppSession, items: list[TppItem]) -> dict[int, RevocationNote]:
    """The note of every "Usul pencabutan" item among `items` (of `session`, authorised by the caller), by
    item id. A cancelled session has none."""
    from bimkemas.violations.selectors import open_revocations_of_cases, revocations_filled_by_items

    items = [i for i in items if i.purpose == Purpose.REVOCATION]
    if not items or session.status == SessionStatus.CANCELLED:
        return {}
    notes: dict[int, RevocationNote] = {}
    if session.status == SessionStatus.HELD:
        filled = revocations_filled_by_items(item_ids=[i.id for i in items])
        notes = {i.id: _held_note(i, filled.get(i.id)) for i in items}
    else:
        fills = {f.item.id: f for f in revocation_fills(session)}
        open_ = open_revocations_of_cases(case_ids=[i.case_id for i in items])
        for item in items:
            fill = fills.get(item.id)
            waiting = fill.revocation if fill else None
            notes[item.id] = _planned_note(
                item, waiting, open_.get(item.case_id), fill.errors if fill else []
            )
    for item in items:
        if not _may_open_revocation(actor, item.case, client_name_for(item.case, actor)):
            notes[item.id].revocation_id = None
    return notes


# --- the agenda -----------------------------------------------------------------------------------------


@dataclass
class ItemRow:
    item: TppItem
    position: int
    name: str  # "" = register number only
    can_edit: bool
    revocation: RevocationNote | None = None  # "Usul pencabutan" items only


def tpp_session_items(*, actor: User, session: TppSession) -> list[ItemRow]:
    """The agenda of a session the caller has authorised (`tpp_session_get_for`)."""
    rows = []
    items = list(_items_qs().filter(session=session).order_by("order", "id"))
    notes = revocation_notes(actor=actor, session=session, items=items)
    for position, item in enumerate(items, start=1):
        item.session = session
        editable = session.is_planned and may_edit_item(actor, item)
        rows.append(
            ItemRow(
                item=item,
                position=position,
                name=client_name_for(item.case, actor),
                can_edit=editable,
                revocation=notes.get(item.id),
            )
        )
    return rows


def tpp_case_candidates(
    *, actor: User, session: TppSession, query: str, limit: int = 15
) -> list[tuple[Case, str, Revocation | None]]:
    """Active cases of the session's Bapas matching `query` (name, register number or NIK), for a lead
    to put on the agenda, each with its open revocation (None = none), so that the lead sees which one
    waits for a TPP session. Names follow `client_name_for`."""
    from bimkemas.violations.selectors import open_revocations_of_cases

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
    shown = [
        (c, name)
        for c in found
        if (name := client_name_for(c, actor)) or q.lower() in c.register_number.lower()
    ]
    open_ = open_revocations_of_cases(case_ids=[c.id for c, _name in shown])
    return [(c, name, open_.get(c.id)) for c, name in shown]


def tpp_items_for_case(*, actor: User, case: Case) -> QuerySet[TppItem]:
    """The agenda items of a case (newest session first), with their session's date, number, status and the
    recommendation. The caller has authorised the case (`case_get_for`)."""
    return (
        TppItem.objects.filter(case=case, session__in=tpp_scope(actor))
        .select_related("session", "presenter")
        .order_by("-session__date", "-session__time", "-id")
    )


def planned_revocation_items(*, actor: User, case: Case) -> list[TppItem]:
    """The "Usul pencabutan" items of the case on planned sessions the actor may see (soonest first): the
    sessions whose final minutes will fill the TPP step of its revocation. The caller has authorised the
    case."""
    return list(
        TppItem.objects.filter(
            case=case,
            purpose=Purpose.REVOCATION,
            session__status=SessionStatus.PLANNED,
            session__in=tpp_scope(actor),
        )
        .select_related("session")
        .order_by("session__date", "session__time", "id")
    )


def next_sessions(*, actor: User, today, limit: int = 3) -> list[TppSession]:
    return list(
        tpp_scope(actor)
        .filter(status=SessionStatus.PLANNED, date__gte=today)
        .select_related("bapas")
        .annotate(item_count=Count("items"))
        .order_by("date", "time", "id")[:limit]
    )
