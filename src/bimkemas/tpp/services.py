"""Operations on TPP sessions: plan, edit, agenda, members and attendance, recommendations, finalise, cancel.

Who may do what:
- the Kasi, Kasubsi and Kepala of the session's Bapas plan and edit the session, its agenda and its
  members, record attendance and decisions, finalise the minutes and cancel;
- a PK of the Bapas writes the discussion and recommendation draft of the agenda items of their own cases
  (the case's PK or the item's presenting PK);
- once held (minutes final) or cancelled, a session is read-only.

Every function is atomic, takes the acting user explicitly and writes an audit entry. Finalising writes a
`tpp_recommendation` event on the timeline of every case on the agenda, and fills the TPP step of the
revocation (pencabutan) of every "Usul pencabutan" item whose case has one waiting for it — through
`bimkemas.violations.services.revocation_tpp`, in the same transaction: when one cannot be filled, nothing
is saved and the minutes stay a draft.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bimkemas.audit.services import audit_record, diff, snapshot
from bimkemas.cases.documents import bapas_today
from bimkemas.cases.models import ACTIVE_STATUSES, Case, CaseEvent
from bimkemas.cases.services import register_format, register_reserve
from bimkemas.org.models import PkRank, Role, Unit, User
from bimkemas.tpp.models import (
    REGISTER,
    BoardRole,
    Decision,
    Purpose,
    SessionStatus,
    TppItem,
    TppMember,
    TppSession,
)

if TYPE_CHECKING:
    from bimkemas.violations.models import Revocation

SESSION_FIELDS = ["date", "time", "place", "chair_id", "secretary_id", "notes"]
ITEM_FIELDS = ["purpose", "presenter_id", "discussion", "recommendation", "decision"]


# --- who may do what ------------------------------------------------------------------------------------


def _snap(obj, fields: list[str]) -> dict:
    """snapshot() with times as text (the audit log is JSON)."""
    return {k: v.isoformat() if isinstance(v, dt.time) else v for k, v in snapshot(obj, fields).items()}


def is_lead_of(actor: User, bapas_id: int) -> bool:
    return bool(actor.is_authenticated and actor.is_bapas_lead and actor.unit_id == bapas_id)


def may_edit_item(actor: User, item: TppItem) -> bool:
    """Leads of the Bapas, or a PK of the Bapas whose case it is (or who presents it)."""
    if is_lead_of(actor, item.session.bapas_id):
        return True
    return bool(
        actor.is_authenticated
        and actor.is_supervisor
        and actor.unit_id == item.session.bapas_id
        and actor.id in (item.case.officer_id, item.presenter_id)
    )


def _require_lead(actor: User, bapas_id: int) -> None:
    if not is_lead_of(actor, bapas_id):
        raise PermissionDenied(_("Hanya Kasi, Kasubsi atau Kepala Bapas ini yang dapat mengatur sidang TPP."))


def _require_planned(session: TppSession) -> None:
    if session.status == SessionStatus.HELD:
        raise ValidationError(_("Berita acara sidang %(number)s sudah final; sidang hanya dapat dibaca.")
                              % {"number": session.number})  # fmt: skip
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError(_("Sidang %(number)s sudah dibatalkan; sidang hanya dapat dibaca.")
                              % {"number": session.number})  # fmt: skip


def _lock(session: TppSession) -> TppSession:
    return TppSession.objects.select_for_update().select_related("bapas").get(id=session.id)


def staff_function(user: User) -> str:
    """What a Bapas user is, for the list of members: 'Kepala Bapas', 'PK Ahli Muda', …"""
    roles = [r for r in user.roles if r in Role.values]
    if not roles:
        return ""
    first = roles[0]
    label = str(Role(first).label)
    if first in (Role.PK, Role.APK) and user.rank in PkRank.values:
        rank = str(PkRank(user.rank).label).replace(" (APK)", "")
        label = f"{label} {rank}"
    return label


def bapas_staff(bapas: Unit):
    """Active Bapas users (PK/APK and leads) who may sit on the board or present a case."""
    from bimkemas.org.models import role_q

    return (
        User.objects.filter(unit=bapas, is_active=True)
        .filter(role_q(Role.PK, Role.APK, Role.KASI, Role.KASUBSI, Role.KEPALA))
        .order_by("full_name", "username")
    )


# --- the session ----------------------------------------------------------------------------------------


def _validate_session(
    bapas: Unit, *, date: dt.date | None, time: dt.time | None, place: str, chair, secretary
) -> None:
    errors: dict[str, str] = {}
    if date is None:
        errors["date"] = _("Isi tanggal sidang.")
    if time is None:
        errors["time"] = _("Isi pukul sidang.")
    if not (place or "").strip():
        errors["place"] = _("Isi tempat sidang.")
    staff_ids = set(bapas_staff(bapas).values_list("id", flat=True))
    if chair is not None and chair.id not in staff_ids:
        errors["chair"] = _("Ketua sidang harus petugas aktif Bapas ini.")
    if secretary is not None and secretary.id not in staff_ids:
        errors["secretary"] = _("Sekretaris sidang harus petugas aktif Bapas ini.")
    if chair is not None and secretary is not None and chair.id == secretary.id:
        errors["secretary"] = _("Ketua dan sekretaris sidang harus orang yang berbeda.")
    if errors:
        raise ValidationError(errors)


def _sync_officers(session: TppSession) -> None:
    """Keep one member row for the chair and one for the secretary, matching the session's fields."""
    for role, user in ((BoardRole.CHAIR, session.chair), (BoardRole.SECRETARY, session.secretary)):
        row = session.members.filter(board_role=role).first()
        if user is None:
            if row is not None:
                row.delete()
            continue
        if row is not None and row.user_id == user.id:
            continue
        # The new holder may already sit as another member: move that row to the office.
        existing = session.members.filter(user=user).first()
        if row is not None:
            row.delete()
        if existing is not None:
            existing.board_role = role
            existing.save(update_fields=["board_role"])
        else:
            TppMember.objects.create(
                session=session, user=user, name=user.display_name, function=staff_function(user),
                board_role=role, present=True,
            )  # fmt: skip


@transaction.atomic
def tpp_session_create(
    *,
    actor: User,
    date: dt.date | None,
    time: dt.time | None,
    place: str,
    chair: User | None = None,
    secretary: User | None = None,
    notes: str = "",
) -> TppSession:
    """Plan a session of the actor's Bapas; it gets the next number in the Bapas's TPP register."""
    bapas = actor.bapas
    if bapas is None:
        raise PermissionDenied(_("Hanya Kasi, Kasubsi atau Kepala Bapas ini yang dapat mengatur sidang TPP."))
    _require_lead(actor, bapas.id)
    _validate_session(bapas, date=date, time=time, place=place, chair=chair, secretary=secretary)
    number = register_reserve(bapas=bapas, register=REGISTER, year=date.year)
    session = TppSession.objects.create(
        bapas=bapas,
        number=register_format(bapas=bapas, register=REGISTER, number=number, year=date.year),
        date=date, time=time, place=place.strip(), chair=chair, secretary=secretary,
        notes=(notes or "").strip(), created_by=actor,
    )  # fmt: skip
    _sync_officers(session)
    audit_record(actor=actor, action="create", obj=session, changes=diff({}, _snap(session, SESSION_FIELDS)),
                 context="tpp_session_create")  # fmt: skip
    return session


@transaction.atomic
def tpp_session_update(
    *,
    actor: User,
    session: TppSession,
    date: dt.date | None,
    time: dt.time | None,
    place: str,
    chair: User | None = None,
    secretary: User | None = None,
    notes: str = "",
) -> TppSession:
    session = _lock(session)
    _require_lead(actor, session.bapas_id)
    _require_planned(session)
    _validate_session(session.bapas, date=date, time=time, place=place, chair=chair, secretary=secretary)
    before = _snap(session, SESSION_FIELDS)
    session.date, session.time, session.place = date, time, place.strip()
    session.chair, session.secretary, session.notes = chair, secretary, (notes or "").strip()
    session.save()
    _sync_officers(session)
    audit_record(actor=actor, action="update", obj=session, changes=diff(before, _snap(session, SESSION_FIELDS)),
                 context="tpp_session_update")  # fmt: skip
    return session


# --- agenda ---------------------------------------------------------------------------------------------


@transaction.atomic
def tpp_item_add(
    *, actor: User, session: TppSession, case: Case, purpose: str, presenter: User | None = None
) -> TppItem:
    """Put an active case of the session's Bapas on the agenda, for one purpose."""
    session = _lock(session)
    _require_lead(actor, session.bapas_id)
    _require_planned(session)
    errors: dict[str, str] = {}
    if purpose not in Purpose.values:
        errors["purpose"] = _("Pilih agenda pembahasan (misalnya Evaluasi atau Litmas).")
    if case.bapas_id != session.bapas_id:
        errors["case"] = _(
            "Kasus %(register)s bukan kasus Bapas ini dan tidak dapat dibahas di sidang ini."
        ) % {"register": case.register_number}
    elif case.status not in ACTIVE_STATUSES:
        errors["case"] = _("Kasus %(register)s sudah berakhir dan tidak dapat dimasukkan ke agenda.") % {
            "register": case.register_number
        }
    elif TppItem.objects.filter(session=session, case=case, purpose=purpose).exists():
        errors["case"] = _("Kasus %(register)s sudah ada di agenda sidang ini untuk %(purpose)s.") % {
            "register": case.register_number,
            "purpose": Purpose(purpose).label if purpose in Purpose.values else purpose,
        }
    presenter = presenter or case.officer
    if presenter is not None and not (presenter.unit_id == session.bapas_id and presenter.is_active):
        errors["presenter"] = _("PK penyaji harus petugas aktif Bapas ini.")
    if errors:
        raise ValidationError(errors)
    last = session.items.aggregate(m=Max("order"))["m"] or 0
    try:
        with transaction.atomic():
            item = TppItem.objects.create(
                session=session,
                case=case,
                purpose=purpose,
                presenter=presenter,
                order=last + 1,
                updated_by=actor,
            )
    except IntegrityError as exc:  # a concurrent add of the same case and purpose
        raise ValidationError({"case": _("Kasus ini sudah ada di agenda sidang.")}) from exc
    audit_record(actor=actor, action="create", obj=item, changes=diff({}, _snap(item, ["case_id", *ITEM_FIELDS])),
                 context=f"tpp_item_add:{session.number}")  # fmt: skip
    return item


@transaction.atomic
def tpp_item_remove(*, actor: User, item: TppItem) -> None:
    session = _lock(item.session)
    _require_lead(actor, session.bapas_id)
    _require_planned(session)
    audit_record(actor=actor, action="update", obj=session,
                 changes={"items": [f"{item.case.register_number} ({item.get_purpose_display()})", None]},
                 context="tpp_item_remove")  # fmt: skip
    item.delete()
    _renumber(session, list(session.items.order_by("order", "id").values_list("id", flat=True)))


def _renumber(session: TppSession, ids: list[int]) -> None:
    items = {i.id: i for i in session.items.all()}
    for position, item_id in enumerate(ids, start=1):
        items[item_id].order = position
    TppItem.objects.bulk_update(list(items.values()), ["order"])


@transaction.atomic
def tpp_items_reorder(*, actor: User, session: TppSession, item_ids: list[int]) -> None:
    """Set the agenda order: `item_ids` must name every item of the session once."""
    session = _lock(session)
    _require_lead(actor, session.bapas_id)
    _require_planned(session)
    current = set(session.items.values_list("id", flat=True))
    if len(item_ids) != len(set(item_ids)) or set(item_ids) != current:
        raise ValidationError(
            _("Urutan agenda tidak lengkap atau memuat agenda sidang lain; muat ulang halaman.")
        )
    before = list(session.items.order_by("order", "id").values_list("id", flat=True))
    _renumber(session, item_ids)
    audit_record(actor=actor, action="update", obj=session, changes={"order": [before, item_ids]},
                 context="tpp_items_reorder")  # fmt: skip


def tpp_item_move(*, actor: User, item: TppItem, offset: int) -> None:
    """Move an item up (offset -1) or down (+1) the agenda; at either end nothing changes."""
    ids = list(item.session.items.order_by("order", "id").values_list("id", flat=True))
    index = ids.index(item.id)
    target = min(max(index + offset, 0), len(ids) - 1)
    ids.insert(target, ids.pop(index))
    tpp_items_reorder(actor=actor, session=item.session, item_ids=ids)


@transaction.atomic
def tpp_item_record(
    *,
    actor: User,
    item: TppItem,
    discussion: str,
    recommendation: str,
    decision: str | None = None,
    purpose: str | None = None,
    presenter: User | None = None,
    set_presenter: bool = False,
) -> TppItem:
    """Write the discussion and recommendation of one agenda item (the case's PK or a lead); a lead also
    records the board's decision, the purpose and the presenting PK (`None` = leave unchanged)."""
    session = _lock(item.session)
    item = TppItem.objects.select_related("case", "session").get(id=item.id)
    if not may_edit_item(actor, item):
        raise PermissionDenied(_("Hanya PK klien ini atau pimpinan Bapas yang dapat mengisi rekomendasi."))
    _require_planned(session)
    lead = is_lead_of(actor, session.bapas_id)
    if not lead and (decision is not None or purpose is not None or set_presenter):
        raise PermissionDenied(_("Keputusan sidang hanya dicatat oleh pimpinan Bapas."))
    errors: dict[str, str] = {}
    if decision is not None and decision and decision not in Decision.values:
        errors["decision"] = _("Pilih keputusan: disetujui, ditolak atau ditunda.")
    if purpose is not None and purpose not in Purpose.values:
        errors["purpose"] = _("Pilih agenda pembahasan (misalnya Evaluasi atau Litmas).")
    elif purpose is not None and purpose != item.purpose:
        if (
            TppItem.objects.filter(session=session, case=item.case, purpose=purpose)
            .exclude(id=item.id)
            .exists()
        ):
            errors["purpose"] = _("Kasus ini sudah ada di agenda sidang ini untuk agenda tersebut.")
    if (
        set_presenter
        and presenter is not None
        and not (presenter.unit_id == session.bapas_id and presenter.is_active)
    ):
        errors["presenter"] = _("PK penyaji harus petugas aktif Bapas ini.")
    if decision in (Decision.APPROVED, Decision.REJECTED) and not (recommendation or "").strip():
        errors["recommendation"] = _(
            "Tulis rekomendasi TPP sebelum mencatat keputusan disetujui atau ditolak."
        )
    if errors:
        raise ValidationError(errors)
    before = _snap(item, ITEM_FIELDS)
    item.discussion = (discussion or "").strip()
    item.recommendation = (recommendation or "").strip()
    if decision is not None:
        item.decision = decision
    if purpose is not None:
        item.purpose = purpose
    if set_presenter:
        item.presenter = presenter
    item.updated_by = actor
    item.save()
    audit_record(actor=actor, action="update", obj=item, changes=diff(before, _snap(item, ITEM_FIELDS)),
                 context=f"tpp_item_record:{session.number}")  # fmt: skip
    return item


# --- members and attendance -----------------------------------------------------------------------------


@transaction.atomic
def tpp_member_add(
    *, actor: User, session: TppSession, user: User | None = None, name: str = "", function: str = ""
) -> TppMember:
    """Add a member: a Bapas user (name and function taken from the account unless given) or an outside
    member by name and function (e.g. a representative of the Lapas, the police or the local government)."""
    session = _lock(session)
    _require_lead(actor, session.bapas_id)
    _require_planned(session)
    errors: dict[str, str] = {}
    name, function = (name or "").strip(), (function or "").strip()
    if user is not None:
        if not bapas_staff(session.bapas).filter(id=user.id).exists():
            errors["user"] = _("Anggota dari Bapas harus petugas aktif Bapas ini.")
        elif session.members.filter(user=user).exists():
            errors["user"] = _("%(name)s sudah menjadi anggota sidang ini.") % {"name": user.display_name}
        name = name or user.display_name
        function = function or staff_function(user)
    else:
        if not name:
            errors["name"] = _("Isi nama anggota dari luar Bapas, atau pilih petugas Bapas.")
        if not function:
            errors["function"] = _("Isi jabatan/fungsi anggota dari luar Bapas (misalnya Perwakilan Lapas).")
        elif name and session.members.filter(user__isnull=True, name__iexact=name).exists():
            errors["name"] = _("%(name)s sudah menjadi anggota sidang ini.") % {"name": name}
    if errors:
        raise ValidationError(errors)
    member = TppMember.objects.create(
        session=session, user=user, name=name[:150], function=function[:150], board_role=BoardRole.MEMBER,
        present=True,
    )  # fmt: skip
    audit_record(actor=actor, action="update", obj=session, changes={"members": [None, f"{name} ({function})"]},
                 context="tpp_member_add")  # fmt: skip
    return member


@transaction.atomic
def tpp_member_remove(*, actor: User, member: TppMember) -> None:
    session = _lock(member.session)
    _require_lead(actor, session.bapas_id)
    _require_planned(session)
    if member.board_role != BoardRole.MEMBER:
        raise ValidationError(
            _("%(name)s adalah %(role)s sidang; ganti ketua atau sekretaris lewat ubah sidang.")
            % {"name": member.name, "role": member.get_board_role_display().lower()}
        )
    audit_record(actor=actor, action="update", obj=session,
                 changes={"members": [f"{member.name} ({member.function})", None]}, context="tpp_member_remove")  # fmt: skip
    member.delete()


@transaction.atomic
def tpp_attendance_record(*, actor: User, session: TppSession, present_ids: set[int] | list[int]) -> int:
    """Mark the members in `present_ids` present and every other member absent. Returns how many are present."""
    session = _lock(session)
    _require_lead(actor, session.bapas_id)
    _require_planned(session)
    present_ids = {int(i) for i in present_ids}
    members = list(session.members.all())
    unknown = present_ids - {m.id for m in members}
    if unknown:
        raise ValidationError(
            _("Daftar hadir memuat anggota yang bukan anggota sidang ini; muat ulang halaman.")
        )
    before = sorted(m.id for m in members if m.present)
    for m in members:
        m.present = m.id in present_ids
    TppMember.objects.bulk_update(members, ["present"])
    audit_record(actor=actor, action="update", obj=session, changes={"present": [before, sorted(present_ids)]},
                 context="tpp_attendance_record")  # fmt: skip
    return len(present_ids)


# --- revocations discussed in the session ---------------------------------------------------------------


# The texts below go into the revocation's record (and its proposal letter): in the language of the
# records, whatever the language of the user who finalises.


def members_present_text(session: TppSession) -> str:
    """The members present, as the session lists them (chair, secretary, then the others in the order they
    were added): "Dewi Lestari (Ketua), Budi Santoso (Sekretaris), Andi Pratama"."""
    order = {BoardRole.CHAIR: 0, BoardRole.SECRETARY: 1}
    members = sorted(session.members.filter(present=True), key=lambda m: (order.get(m.board_role, 2), m.id))
    names = []
    with translation.override(settings.LANGUAGE_CODE):
        for m in members:
            if m.board_role == BoardRole.MEMBER:
                names.append(m.name)
            else:
                names.append(f"{m.name} ({m.get_board_role_display()})")
    return ", ".join(names)


def item_recommendation_text(item: TppItem) -> str:
    """The board's recommendation on an item, with its decision when one was recorded."""
    text = (item.recommendation or "").strip()
    if item.decision and item.decision != Decision.DEFERRED:
        with translation.override(settings.LANGUAGE_CODE):
            decision = _("Keputusan sidang: %(decision)s.") % {"decision": item.get_decision_display()}
        text = f"{text} {decision}".strip()
    return text


@dataclass
class RevocationFill:
    """A "Usul pencabutan" item of the session and what finalising will do with the revocation of its case."""

    item: TppItem
    position: int
    revocation: Revocation | None  # the revocation waiting for its TPP step; None = none waits
    errors: list[str] = field(default_factory=list)  # why its TPP step cannot be filled from this session

    @property
    def deferred(self) -> bool:
        return self.item.decision == Decision.DEFERRED

    @property
    def fills(self) -> bool:
        """Finalising fills the revocation's TPP step (an item the board deferred does not)."""
        return self.revocation is not None and not self.deferred


def revocation_fills(session: TppSession, *, members: str | None = None) -> list[RevocationFill]:
    """The "Usul pencabutan" items of the session, each with the revocation waiting for its TPP step (if
    any) and what is wrong with filling that step from this session. Problems the session already names
    (date not yet come, nobody present, no recommendation) are not repeated."""
    from bimkemas.violations.selectors import revocations_waiting_for_tpp
    from bimkemas.violations.services import revocation_tpp_errors

    items = list(session.items.select_related("case", "case__person").order_by("order", "id"))
    positions = {item.id: n for n, item in enumerate(items, start=1)}
    items = [i for i in items if i.purpose == Purpose.REVOCATION]
    if not items:
        return []
    waiting = revocations_waiting_for_tpp(case_ids=[i.case_id for i in items])
    if members is None:
        members = members_present_text(session)
    fills = []
    for item in items:
        revocation = waiting.get(item.case_id)
        fill = RevocationFill(item=item, position=positions[item.id], revocation=revocation)
        if fill.fills:
            revocation.case = item.case
            # Judged as on the day of the session: a session still to come is named by the session's checks.
            errors = revocation_tpp_errors(revocation, tpp_date=session.date, members=members,
                                           recommendation=item_recommendation_text(item), today=session.date)  # fmt: skip
            if not members:
                errors.pop("members", None)
            if not item.is_settled:
                errors.pop("recommendation", None)
            fill.errors = list(errors.values())
        fills.append(fill)
    return fills


def _client_label(case: Case, actor: User | None) -> str:
    """The client as the actor may see them: "Rudi Hartono, <register number>" (or the number only)."""
    from bimkemas.tpp.selectors import client_name_for

    name = client_name_for(case, actor) if actor is not None else ""
    return f"{name}, {case.register_number}" if name else case.register_number


def _fill_problem(fill: RevocationFill, actor: User | None, what: list[str]) -> str:
    return _(
        "Agenda %(n)d (%(client)s, Usul pencabutan): langkah TPP pada pencabutan klien ini tidak dapat diisi "
        "dari sidang ini — %(what)s"
    ) % {"n": fill.position, "client": _client_label(fill.item.case, actor), "what": " ".join(what)}


# --- finalise, cancel -----------------------------------------------------------------------------------


def finalise_problems(
    session: TppSession, *, actor: User | None = None, fills: list[RevocationFill] | None = None
) -> list[str]:
    """What still stands in the way of final minutes, each named (empty = ready); the revocations the
    session would fill included (clients named as `actor` may see them)."""
    problems = []
    if session.date > bapas_today(session.bapas):
        problems.append(_("Tanggal sidang (%(date)s) belum tiba.") % {"date": session.date.isoformat()})
    members = list(session.members.all())
    present = [m for m in members if m.present]
    if session.chair_id is None:
        problems.append(_("Ketua sidang belum ditentukan."))
    elif not any(m.board_role == BoardRole.CHAIR and m.present for m in members):
        problems.append(_("Ketua sidang belum tercatat hadir."))
    if session.secretary_id is None:
        problems.append(_("Sekretaris sidang belum ditentukan."))
    elif not any(m.board_role == BoardRole.SECRETARY and m.present for m in members):
        problems.append(_("Sekretaris sidang belum tercatat hadir."))
    if not any(m.board_role == BoardRole.MEMBER for m in present):
        problems.append(_("Paling sedikit satu anggota selain ketua dan sekretaris harus hadir."))
    items = list(session.items.select_related("case").order_by("order", "id"))
    if not items:
        problems.append(_("Agenda sidang masih kosong."))
    for position, item in enumerate(items, start=1):
        if not item.is_settled:
            problems.append(
                _("Agenda %(n)d (%(register)s, %(purpose)s) belum memiliki rekomendasi dan tidak ditunda.")
                % {
                    "n": position,
                    "register": item.case.register_number,
                    "purpose": item.get_purpose_display(),
                }
            )
    for fill in revocation_fills(session) if fills is None else fills:
        if fill.errors:
            problems.append(_fill_problem(fill, actor, fill.errors))
    return problems


@transaction.atomic
def tpp_session_finalise(*, actor: User, session: TppSession) -> TppSession:
    """Make the minutes final: the session is held and read-only; every case on the agenda gets a
    `tpp_recommendation` event on its timeline; every "Usul pencabutan" item whose case has a revocation
    waiting for its TPP step fills that step (date = the session's, members = those present, recommendation =
    the item's), with the finalising lead as the actor. All or nothing: if one step cannot be filled, the
    finalisation is refused naming the client and nothing is saved."""
    from bimkemas.violations.services import revocation_tpp

    session = _lock(session)
    _require_lead(actor, session.bapas_id)
    _require_planned(session)
    members = members_present_text(session)
    fills = revocation_fills(session, members=members)
    problems = finalise_problems(session, actor=actor, fills=fills)
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    session.status, session.finalised_by, session.finalised_at = SessionStatus.HELD, actor, now
    session.save(update_fields=["status", "finalised_by", "finalised_at", "updated_at"])
    filled: dict[int, int] = {}  # item id -> revocation id
    for fill in fills:
        if not fill.fills:
            continue
        try:
            revocation = revocation_tpp(actor=actor, revocation=fill.revocation, tpp_date=session.date,
                                        members=members, recommendation=item_recommendation_text(fill.item),
                                        tpp_item=fill.item)  # fmt: skip
        except ValidationError as exc:  # raised out of the atomic block: everything above is rolled back
            raise ValidationError([_fill_problem(fill, actor, exc.messages)]) from exc
        except PermissionDenied as exc:
            raise ValidationError([_fill_problem(fill, actor, [str(exc)])]) from exc
        filled[fill.item.id] = revocation.id
    for item in session.items.select_related("case").order_by("order", "id"):
        reason = item.recommendation or str(item.get_decision_display())
        payload = {"reason": reason, "document": session.number, "session_id": session.id,
                   "purpose": item.purpose, "decision": item.decision}  # fmt: skip
        if item.id in filled:
            payload["revocation_id"] = filled[item.id]
        CaseEvent.objects.create(
            case=item.case, code=CaseEvent.Code.TPP_RECOMMENDATION, actor=actor, at=now, payload=payload
        )
    changes: dict = {"status": ["planned", "held"]}
    if filled:
        changes["revocations_filled"] = [[], sorted(filled.values())]
    audit_record(actor=actor, action="update", obj=session, changes=changes, context="tpp_session_finalise")
    return session


@transaction.atomic
def tpp_session_cancel(*, actor: User, session: TppSession, reason: str) -> TppSession:
    session = _lock(session)
    _require_lead(actor, session.bapas_id)
    _require_planned(session)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Tulis alasan pembatalan sidang.")})
    session.status, session.cancel_reason = SessionStatus.CANCELLED, reason.strip()
    session.cancelled_by, session.cancelled_at = actor, timezone.now()
    session.save()
    audit_record(actor=actor, action="update", obj=session, changes={"status": ["planned", "cancelled"]},
                 context="tpp_session_cancel")  # fmt: skip
    return session
