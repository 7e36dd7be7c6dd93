"""Operations that change cases: receive, assign, restrict, end, transfer.

Each is atomic, takes the acting user explicitly, writes a typed event on the case timeline and an
audit entry with before/after.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bimkemas.audit.services import audit_record, diff, snapshot
from bimkemas.cases.models import (
    ACTIVE_STATUSES,
    DEFAULT_GENERAL_CONDITIONS,
    Assignment,
    Case,
    CaseEvent,
    ClientGroup,
    EndReason,
    Programme,
    RegisterCounter,
    Status,
)
from bimkemas.clients.models import Person
from bimkemas.core.workdays import add_working_days
from bimkemas.org.models import Role, Unit, User


@dataclass
class CaseData:
    programme: str
    client_group: str
    sk_number: str
    sk_date: dt.date
    handover_date: dt.date
    period_start: dt.date
    period_end: dt.date
    origin_institution: str = ""
    offence_article: str = ""
    offence_category: str = ""
    sentence_months: int | None = None
    sentence_days: int = 0
    general_conditions: str = ""
    special_conditions: str = ""
    guarantor_name: str = ""
    guarantor_relation: str = ""
    guarantor_phone: str = ""
    guarantor_address: str = ""


def _event(case: Case, code: str, actor: User | None, **payload) -> CaseEvent:
    return CaseEvent.objects.create(case=case, code=code, actor=actor, at=timezone.now(), payload=payload)


def _require_lead(actor: User, bapas: Unit) -> None:
    if not (actor.is_bapas_lead and actor.unit_id == bapas.id):
        raise PermissionDenied(_("Hanya Kasi, Kasubsi atau Kepala Bapas ini yang dapat melakukan ini."))


def _require_open(case: Case) -> None:
    if case.status == Status.ENDED:
        raise ValidationError(_("Kasus sudah berakhir dan hanya dapat dibaca."))


def case_validate(data: CaseData) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(field: str, msg: str) -> None:
        errors.setdefault(field, []).append(msg)

    if data.programme not in Programme.values:
        add("programme", _("Program %(value)s tidak dikenal.") % {"value": data.programme})
    if data.client_group not in ClientGroup.values:
        add("client_group", _("Kelompok klien harus Dewasa (D) atau Anak (A)."))
    if not (data.sk_number or "").strip():
        add("sk_number", _("Nomor SK wajib diisi."))
    if data.period_start and data.period_end and data.period_end <= data.period_start:
        add("period_end", _("Akhir masa bimbingan harus sesudah awalnya."))
    if data.sk_date and data.handover_date and data.handover_date < data.sk_date:
        add("handover_date", _("Tanggal serah terima tidak boleh sebelum tanggal SK."))
    if data.guarantor_phone:
        from bimkemas.clients.phones import phone_e164

        try:
            phone_e164(data.guarantor_phone)
        except ValidationError as exc:
            add("guarantor_phone", exc.messages[0])
    return errors


def register_code(programme: str, client_group: str) -> str:
    return f"{programme}.{client_group}"


def register_reserve(*, bapas: Unit, register: str, year: int, count: int = 1) -> int:
    """Reserve `count` consecutive numbers in one register; returns the first. Numbers are never reused."""
    try:
        with transaction.atomic():
            RegisterCounter.objects.get_or_create(bapas=bapas, register=register, year=year)
    except IntegrityError:  # a concurrent first use created it
        pass
    counter = RegisterCounter.objects.select_for_update().get(bapas=bapas, register=register, year=year)
    first = counter.last_number + 1
    counter.last_number += count
    counter.save(update_fields=["last_number"])
    return first


def register_format(*, bapas: Unit, register: str, number: int, year: int) -> str:
    return f"{bapas.code}/{register}/{number:04d}/{year}"


def register_next_number(*, bapas: Unit, programme: str, client_group: str, year: int) -> str:
    """Next number in the Bapas's register for the programme and client group."""
    register = register_code(programme, client_group)
    number = register_reserve(bapas=bapas, register=register, year=year)
    return register_format(bapas=bapas, register=register, number=number, year=year)


def _active_case_of(person: Person) -> Case | None:
    return Case.objects.filter(person=person, status__in=ACTIVE_STATUSES).first()


@transaction.atomic
def case_receive(*, actor: User, person: Person, data: CaseData, import_batch=None) -> Case:
    """Penerimaan: a client handed over by a Lapas/Rutan becomes a case of the actor's Bapas."""
    bapas = actor.bapas
    if bapas is None:
        raise PermissionDenied(_("Hanya petugas Bapas yang dapat menerima klien."))
    if not (actor.is_bapas_lead or actor.is_supervisor):
        raise PermissionDenied(_("Peran Anda tidak dapat menerima klien."))
    errors = case_validate(data)
    active = _active_case_of(person)
    if active:
        errors.setdefault("person", []).append(
            _("%(name)s masih memiliki kasus aktif (%(reg)s).")
            % {"name": person.name, "reg": active.register_number}
        )
    if errors:
        raise ValidationError(errors)
    case = Case(
        person=person,
        bapas=bapas,
        programme=data.programme,
        client_group=data.client_group,
        register_number=register_next_number(
            bapas=bapas,
            programme=data.programme,
            client_group=data.client_group,
            year=data.handover_date.year,
        ),
        first_contact_due=add_working_days(data.handover_date, first_contact_days()),
        import_batch=import_batch,
    )
    for name, value in data.__dict__.items():
        if name not in ("programme", "client_group"):
            setattr(case, name, value)
    if not case.general_conditions:
        case.general_conditions = str(DEFAULT_GENERAL_CONDITIONS)
    case.save()
    _event(case, CaseEvent.Code.RECEIVED, actor, register_number=case.register_number,
           origin=case.origin_institution, first_contact_due=case.first_contact_due.isoformat())  # fmt: skip
    audit_record(
        actor=actor, action="create", obj=case, changes=diff({}, snapshot(case)), context="case_receive"
    )
    if actor.is_supervisor and not actor.is_bapas_lead:
        # A PK who receives a client at the desk supervises them until the Kasi reassigns.
        _assign(case=case, pk=actor, actor=actor, reason=_("Diterima oleh PK"))
    _obligations(case)
    return case


def _obligations(case: Case) -> None:
    """Reporting obligations start with the case (first contact, then the rule's rhythm)."""
    from bimkemas.contacts.services import obligations_ensure  # contacts builds on cases

    obligations_ensure(case=case, today=timezone.localdate())


def first_contact_days() -> int:
    from django.conf import settings

    return settings.FIRST_CONTACT_WORKING_DAYS


@transaction.atomic
def case_update(*, actor: User, case: Case, data: CaseData) -> Case:
    _require_open(case)
    errors = case_validate(data)
    if errors:
        raise ValidationError(errors)
    case = Case.objects.select_for_update().get(id=case.id)
    before = snapshot(case)
    for name, value in data.__dict__.items():
        if name not in ("programme", "client_group"):  # these fix the register number
            setattr(case, name, value)
    case.first_contact_due = add_working_days(case.handover_date, first_contact_days())
    case.save()
    changes = diff(before, snapshot(case))
    changes.pop("updated_at", None)
    if changes:
        _event(case, CaseEvent.Code.UPDATED, actor, fields=sorted(changes))
        audit_record(actor=actor, action="update", obj=case, changes=changes, context="case_update")
    return case


@transaction.atomic
def case_register(*, actor: User, case: Case) -> Case:
    """Pendaftaran done: the person's record is complete; the case moves from received to registered."""
    _require_open(case)
    if case.status != Status.RECEIVED:
        return case
    case.status = Status.REGISTERED if case.officer_id is None else Status.SUPERVISED
    case.save(update_fields=["status", "updated_at"])
    _event(case, CaseEvent.Code.REGISTERED, actor)
    audit_record(
        actor=actor,
        action="update",
        obj=case,
        changes={"status": ["received", case.status]},
        context="case_register",
    )
    return case


def _eligible_pk(pk: User, bapas: Unit) -> bool:
    from bimkemas.org.selectors import staff_supervisors

    return staff_supervisors(bapas=bapas, today=timezone.localdate()).filter(id=pk.id).exists()


@transaction.atomic
def case_assign(*, actor: User, cases: list[Case], pk: User, reason: str = "") -> list[Case]:
    """Assign or reassign the PK of one or many cases; the previous assignment is closed, not lost."""
    if not cases:
        raise ValidationError(_("Pilih minimal satu klien."))
    bapas = cases[0].bapas
    _require_lead(actor, bapas)
    if not _eligible_pk(pk, bapas):
        raise ValidationError(_("%(name)s bukan PK/APK aktif di Bapas ini.") % {"name": pk.display_name})
    changed = []
    for case in Case.objects.select_for_update().filter(id__in=[c.id for c in cases]).order_by("id"):
        if case.bapas_id != bapas.id:
            raise PermissionDenied
        _require_open(case)
        if case.officer_id != pk.id:
            _assign(case=case, pk=pk, actor=actor, reason=reason)
            changed.append(case)
    return changed


def _assign(*, case: Case, pk: User, actor: User, reason: str) -> None:
    now = timezone.now()
    previous = case.officer
    Assignment.objects.filter(case=case, ended_at__isnull=True).update(ended_at=now)
    Assignment.objects.create(case=case, officer=pk, assigned_by=actor, started_at=now, reason=reason)
    case.officer = pk
    if case.status == Status.REGISTERED:
        case.status = Status.SUPERVISED
    case.save(update_fields=["officer", "status", "updated_at"])
    code = CaseEvent.Code.REASSIGNED if previous else CaseEvent.Code.ASSIGNED
    _event(case, code, actor, pk=pk.display_name, pk_id=pk.id,
           previous=previous.display_name if previous else None, reason=reason)  # fmt: skip
    audit_record(actor=actor, action="update", obj=case,
                 changes={"pk": [previous.id if previous else None, pk.id]}, context="case_assign")  # fmt: skip


@transaction.atomic
def case_restrict(*, actor: User, case: Case, staff: list[User], reason: str) -> Case:
    """The Kepala Bapas restricts a case to named staff (or lifts it with an empty list)."""
    if not (actor.is_kepala and actor.unit_id == case.bapas_id):
        raise PermissionDenied(_("Hanya Kepala Bapas yang dapat membatasi akses kasus."))
    if staff and not reason.strip():
        raise ValidationError({"reason": [_("Alasan pembatasan wajib diisi.")]})
    outsiders = [u for u in staff if u.unit_id != case.bapas_id]
    if outsiders:
        raise ValidationError({"staff": [_("Petugas harus dari Bapas yang sama.")]})
    before = sorted(case.restricted_to.values_list("id", flat=True))
    case.restricted = bool(staff)
    case.save(update_fields=["restricted", "updated_at"])
    case.restricted_to.set(staff)
    _event(case, CaseEvent.Code.RESTRICTED if staff else CaseEvent.Code.UNRESTRICTED, actor,
           staff=[u.display_name for u in staff], reason=reason)  # fmt: skip
    audit_record(actor=actor, action="update", obj=case,
                 changes={"restricted_to": [before, sorted(u.id for u in staff)]}, context="case_restrict")  # fmt: skip
    return case


@transaction.atomic
def case_end(
    *,
    actor: User,
    case: Case,
    reason: str,
    end_date: dt.date,
    note: str = "",
    transfer_to: Unit | None = None,
) -> Case:
    """Pengakhiran. A transfer ends the case here and opens its continuation at the other Bapas."""
    _require_open(case)
    if not (actor.is_bapas_lead and actor.unit_id == case.bapas_id) and case.officer_id != actor.id:
        raise PermissionDenied(_("Anda tidak dapat mengakhiri kasus ini."))
    errors: dict[str, list[str]] = {}
    if reason not in EndReason.values:
        errors["reason"] = [_("Pilih alasan pengakhiran.")]
    if end_date < case.handover_date:
        errors["end_date"] = [_("Tanggal pengakhiran tidak boleh sebelum serah terima.")]
    if end_date > timezone.localdate():
        errors["end_date"] = [_("Tanggal pengakhiran tidak boleh di masa depan.")]
    if reason == EndReason.TRANSFERRED:
        if transfer_to is None or transfer_to.kind != Unit.Kind.BAPAS:
            errors["transfer_to"] = [_("Pilih Bapas tujuan.")]
        elif transfer_to.id == case.bapas_id:
            errors["transfer_to"] = [_("Bapas tujuan harus berbeda dengan Bapas ini.")]
    if reason == EndReason.REVOKED and not note.strip():
        errors["note"] = [_("Sebutkan pelanggaran dan dasar pencabutan.")]
    if errors:
        raise ValidationError(errors)
    case = Case.objects.select_for_update().get(id=case.id)
    before = snapshot(case)
    case.status = Status.ENDED
    case.end_reason = reason
    case.end_date = end_date
    case.end_note = note
    case.transferred_to = transfer_to if reason == EndReason.TRANSFERRED else None
    case.save()
    Assignment.objects.filter(case=case, ended_at__isnull=True).update(ended_at=timezone.now())
    _event(case, CaseEvent.Code.ENDED, actor, reason=reason, end_date=end_date.isoformat(), note=note,
           transfer_to=transfer_to.name if case.transferred_to else None)  # fmt: skip
    audit_record(
        actor=actor, action="update", obj=case, changes=diff(before, snapshot(case)), context="case_end"
    )
    from bimkemas.contacts.models import Obligation, ObligationStatus

    Obligation.objects.filter(case=case, status=ObligationStatus.OPEN).update(
        status=ObligationStatus.CANCELLED, resolved_at=timezone.now()
    )
    if case.transferred_to:
        _case_continue(actor=actor, case=case, bapas=transfer_to, today=end_date)
    return case


def _case_continue(*, actor: User, case: Case, bapas: Unit, today: dt.date) -> Case:
    new = Case.objects.get(id=case.id)
    new.officer = None
    new.pk = None
    new.id = None
    new.bapas = bapas
    new.status = Status.RECEIVED
    new.end_reason = ""
    new.end_date = None
    new.end_note = ""
    new.transferred_to = None
    new.restricted = False
    new.previous_case = case
    new.import_batch = None
    new.handover_date = today
    new.first_contact_due = add_working_days(today, first_contact_days())
    new.register_number = register_next_number(
        bapas=bapas, programme=case.programme, client_group=case.client_group, year=today.year
    )
    new.save()
    _event(
        new, CaseEvent.Code.TRANSFERRED_IN, actor, from_bapas=case.bapas.name, previous=case.register_number
    )
    audit_record(
        actor=actor,
        action="create",
        obj=new,
        changes={"previous_case": [None, case.id]},
        context="case_end:transfer",
    )
    _obligations(new)
    return new


def case_record_document(*, actor: User, case: Case, document: str) -> None:
    _event(case, CaseEvent.Code.DOCUMENT_PRINTED, actor, document=document)


__all__ = [
    "CaseData", "case_receive", "case_update", "case_register", "case_assign", "case_restrict", "case_end",
    "register_next_number", "case_record_document", "Role",
]  # fmt: skip
