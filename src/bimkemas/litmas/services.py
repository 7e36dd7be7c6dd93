"""Operations on Litmas reports: create (prefilled), save (autosave and the Save button), submit, return,
approve; and the designation of approving officials.

Workflow: draft → submitted → returned (with a comment) → edited → submitted → approved (final).
Each function is atomic, takes the acting user explicitly, audits what it changed and, for the
workflow steps, writes an event on the case timeline.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bimkemas.audit.services import audit_record
from bimkemas.cases.models import Case, CaseEvent, Status
from bimkemas.cases.selectors import case_restricted_for, case_scope
from bimkemas.cases.services import register_format, register_reserve
from bimkemas.litmas.kinds import catalogue, localized
from bimkemas.litmas.models import Litmas, LitmasApprover, LitmasVersion
from bimkemas.litmas.prefill import PrefillContext, prefill_values
from bimkemas.org.models import Role, Unit, User

REGISTER = "LITMAS"
TEXT_MAX = 500
TEXTAREA_MAX = 20000
ROWS_MAX = 60
COMMENT_MAX = 4000


def due_days_after_handover() -> int:
    return int(getattr(settings, "LITMAS_DUE_DAYS_AFTER_HANDOVER", 14))


# --- permissions ----------------------------------------------------------------------------------


def may_write(actor: User, case: Case) -> bool:
    """The case team may write: its PK (or named staff) and the leads of its Bapas; the case must be open."""
    return (
        case.status != Status.ENDED
        and case_scope(actor).filter(id=case.id).exists()
        and not case_restricted_for(case, actor)
    )


def _require_team(actor: User, case: Case) -> None:
    if not case_scope(actor).filter(id=case.id).exists() or case_restricted_for(case, actor):
        raise PermissionDenied(_("Hanya PK kasus ini dan pimpinan Bapas yang dapat menulis Litmas."))
    if case.status == Status.ENDED:
        raise ValidationError(_("Kasus sudah berakhir dan hanya dapat dibaca."))


def is_approver(actor: User, bapas: Unit) -> bool:
    """The Kepala Bapas, or an official the Bapas designated."""
    if not actor.is_authenticated or actor.unit_id != bapas.id:
        return False
    return actor.is_kepala or LitmasApprover.objects.filter(bapas=bapas, user=actor).exists()


def may_approve(actor: User, litmas: Litmas) -> bool:
    return is_approver(actor, litmas.bapas) and litmas.author_id != actor.id


def _require_approver(actor: User, litmas: Litmas) -> None:
    if not is_approver(actor, litmas.bapas):
        raise PermissionDenied(
            _("Hanya Kepala Bapas atau pejabat yang ditunjuk yang dapat menyetujui Litmas.")
        )
    if litmas.author_id == actor.id:
        raise PermissionDenied(_("Litmas tidak dapat disetujui atau dikembalikan oleh penulisnya sendiri."))


def may_manage_approvers(actor: User) -> bool:
    return bool(actor.is_authenticated and actor.bapas and actor.has_role(Role.KEPALA, Role.KASI))


# --- values ---------------------------------------------------------------------------------------


def field_label(section: dict, field: dict) -> str:
    return _("“%(field)s” (%(section)s)") % {
        "field": localized(field, "label"),
        "section": localized(section, "title"),
    }


def clean_values(definition: list[dict], values: dict) -> tuple[dict, dict[str, list[str]]]:
    """Keep the known fields of `values`, normalised; errors name the field. Unknown keys are ignored."""
    cleaned: dict = {}
    errors: dict[str, list[str]] = {}
    for section in definition:
        for field in section["fields"]:
            key = f"{section['code']}.{field['code']}"
            if key not in values:
                continue
            raw = values[key]
            name = field_label(section, field)
            kind = field["type"]
            if kind == "table-rows":
                columns = [c["code"] for c in field["columns"]]
                rows = []
                for row in raw if isinstance(raw, list) else []:
                    if not isinstance(row, dict):
                        continue
                    clean = {c: str(row.get(c, "") or "").strip()[:TEXT_MAX] for c in columns}
                    if any(clean.values()):
                        rows.append(clean)
                if len(rows) > ROWS_MAX:
                    errors.setdefault(key, []).append(
                        _("%(field)s: paling banyak %(n)d baris.") % {"field": name, "n": ROWS_MAX}
                    )
                    continue
                cleaned[key] = rows
                continue
            text = (
                str(raw or "").strip() if kind != "textarea" else str(raw or "").replace("\r\n", "\n").strip()
            )
            limit = TEXTAREA_MAX if kind == "textarea" else TEXT_MAX
            if len(text) > limit:
                errors.setdefault(key, []).append(
                    _("%(field)s terlalu panjang (maksimum %(n)d karakter).") % {"field": name, "n": limit}
                )
                continue
            if kind == "date" and text:
                try:
                    text = dt.date.fromisoformat(text).isoformat()
                except ValueError:
                    errors.setdefault(key, []).append(
                        _("%(field)s: tanggal tidak valid (gunakan format TTTT-BB-HH).") % {"field": name}
                    )
                    continue
            if kind == "choice" and text and text not in field["choices"]:
                errors.setdefault(key, []).append(_("%(field)s: pilihan tidak dikenal.") % {"field": name})
                continue
            cleaned[key] = text
    return cleaned, errors


def missing_required(litmas: Litmas) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for section in litmas.definition:
        for field in section["fields"]:
            key = f"{section['code']}.{field['code']}"
            if field["required"] and not litmas.values.get(key):
                errors[key] = [_("%(field)s wajib diisi.") % {"field": field_label(section, field)}]
    return errors


def changed_keys(before: dict, after: dict) -> list[str]:
    return sorted(k for k in set(before) | set(after) if (before.get(k) or "") != (after.get(k) or ""))


def _short(value) -> str:
    text = value if isinstance(value, str) else "; ".join(" | ".join(r.values()) for r in value or [])
    return text if len(text) <= 200 else text[:199] + "…"


# --- versions -------------------------------------------------------------------------------------


def _next_number(litmas: Litmas) -> int:
    last = litmas.versions.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


def _working(litmas: Litmas) -> LitmasVersion | None:
    last = litmas.versions.order_by("-number").first()
    return last if last is not None and not last.frozen else None


def _freeze(litmas: Litmas, *, transition: str, actor: User, now, comment: str = "") -> LitmasVersion:
    """Freeze the working version with this transition, or add a frozen version when there is none."""
    working = _working(litmas)
    if working is not None and transition == LitmasVersion.Transition.SUBMITTED:
        working.transition = transition
        working.status = litmas.status
        working.values = litmas.values
        working.actor = actor
        working.at = now
        working.comment = comment
        if actor.display_name not in working.editors:
            working.editors = [*working.editors, actor.display_name]
        working.save()
        return working
    return LitmasVersion.objects.create(
        litmas=litmas, number=_next_number(litmas), transition=transition, status=litmas.status,
        values=litmas.values, comment=comment, actor=actor, editors=[actor.display_name], started_at=now, at=now,
    )  # fmt: skip


# --- create and save ------------------------------------------------------------------------------


@transaction.atomic
def litmas_create(
    *,
    actor: User,
    case: Case,
    kind: str,
    requested_by: str = "",
    purpose: str = "",
    due_date: dt.date | None = None,
    today: dt.date | None = None,
) -> Litmas:
    """A new draft of `kind`, prefilled from the client and case records, with its register number."""
    _require_team(actor, case)
    cat = catalogue()
    spec = cat.kind(kind)
    errors: dict[str, list[str]] = {}
    if spec is None:
        errors["kind"] = [_("Jenis Litmas '%(kind)s' tidak dikenal.") % {"kind": kind}]
    elif case.client_group not in spec["client_groups"]:
        errors["kind"] = [_("%(kind)s tidak berlaku untuk kelompok klien %(group)s.")
                          % {"kind": localized(spec, "label"), "group": case.get_client_group_display()}]  # fmt: skip
    requested_by = (requested_by or "").strip()
    purpose = (purpose or "").strip()
    if len(requested_by) > 200:
        errors["requested_by"] = [_("Pihak yang meminta terlalu panjang (maksimum 200 karakter).")]
    if len(purpose) > TEXTAREA_MAX:
        errors["purpose"] = [_("Tujuan terlalu panjang.")]
    today = today or timezone.localdate()
    if spec is not None and spec["required_after_handover"] and due_date is None:
        due_date = case.handover_date + dt.timedelta(days=due_days_after_handover())
    if errors:
        raise ValidationError(errors)
    definition = cat.definition(kind)
    number = register_reserve(bapas=case.bapas, register=REGISTER, year=today.year)
    ctx = PrefillContext(case=case, requested_by=requested_by, purpose=purpose, created_date=today)
    now = timezone.now()
    litmas = Litmas.objects.create(
        case=case, bapas=case.bapas, kind=kind, kind_label=spec["label"], kind_title=spec["title"],
        definition=definition,
        register_number=register_format(bapas=case.bapas, register=REGISTER, number=number, year=today.year),
        requested_by=requested_by, purpose=purpose, due_date=due_date, values=prefill_values(definition, ctx),
        author=actor, saved_at=now, saved_by=actor,
    )  # fmt: skip
    LitmasVersion.objects.create(
        litmas=litmas, number=1, transition=LitmasVersion.Transition.CREATED, status=litmas.status,
        values=litmas.values, actor=actor, editors=[actor.display_name], started_at=now, at=now,
    )  # fmt: skip
    audit_record(actor=actor, action="create", obj=litmas, context="litmas_create",
                 changes={"case": [None, case.id], "kind": [None, kind],
                          "register_number": [None, litmas.register_number]})  # fmt: skip
    return litmas


def _locked(litmas: Litmas) -> Litmas:
    return Litmas.objects.select_for_update().select_related("case", "bapas").get(id=litmas.id)


@transaction.atomic
def litmas_save(*, actor: User, litmas: Litmas, values: dict) -> tuple[Litmas, dict[str, list[str]]]:
    """Save the fields given (autosave or the Save button). Valid fields are kept even when others are
    not; returns the Litmas and the errors of the fields that were refused (by field key)."""
    litmas = _locked(litmas)
    _require_team(actor, litmas.case)
    if not litmas.is_editable:
        raise ValidationError(
            _("Litmas berstatus %(status)s tidak dapat diubah.") % {"status": litmas.get_status_display()}
        )
    cleaned, errors = clean_values(litmas.definition, values)
    before = dict(litmas.values)
    after = {**before, **cleaned}
    keys = changed_keys(before, after)
    now = timezone.now()
    if keys:
        litmas.values = after
        litmas.saved_at = now
        litmas.saved_by = actor
        litmas.save(update_fields=["values", "saved_at", "saved_by"])
        working = _working(litmas)
        if working is None:
            LitmasVersion.objects.create(
                litmas=litmas, number=_next_number(litmas), transition=LitmasVersion.Transition.EDITED,
                status=litmas.status, values=after, actor=actor, editors=[actor.display_name], started_at=now,
                at=now,
            )  # fmt: skip
        else:
            working.values = after
            working.actor = actor
            working.at = now
            if actor.display_name not in working.editors:
                working.editors = [*working.editors, actor.display_name]
            working.save(update_fields=["values", "actor", "at", "editors"])
        audit_record(actor=actor, action="update", obj=litmas, context="litmas_save",
                     changes={k: [_short(before.get(k) or ""), _short(after.get(k) or "")] for k in keys})  # fmt: skip
    return litmas, errors


# --- workflow -------------------------------------------------------------------------------------


def _event(litmas: Litmas, code: str, actor: User, now, reason: str = "") -> None:
    CaseEvent.objects.create(
        case=litmas.case, code=code, actor=actor, at=now,
        payload={"register_number": litmas.register_number, "reason": reason, "kind": litmas.kind_label,
                 "litmas": litmas.id},
    )  # fmt: skip


def _wrong_status(litmas: Litmas, action: str) -> ValidationError:
    return ValidationError(
        _("Litmas berstatus %(status)s tidak dapat %(action)s.")
        % {"status": litmas.get_status_display(), "action": action}
    )


@transaction.atomic
def litmas_submit(*, actor: User, litmas: Litmas) -> Litmas:
    """The PK submits a draft (or a returned Litmas) for approval; every required field must be filled."""
    litmas = _locked(litmas)
    _require_team(actor, litmas.case)
    if not litmas.is_editable:
        raise _wrong_status(litmas, _("diajukan"))
    errors = missing_required(litmas)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    before = litmas.status
    litmas.status = Litmas.Status.SUBMITTED
    litmas.submitted_at = now
    litmas.submitted_by = actor
    litmas.save(update_fields=["status", "submitted_at", "submitted_by"])
    _freeze(litmas, transition=LitmasVersion.Transition.SUBMITTED, actor=actor, now=now)
    _event(litmas, CaseEvent.Code.LITMAS_SUBMITTED, actor, now)
    audit_record(actor=actor, action="update", obj=litmas, context="litmas_submit",
                 changes={"status": [before, litmas.status]})  # fmt: skip
    return litmas


@transaction.atomic
def litmas_return(*, actor: User, litmas: Litmas, comment: str) -> Litmas:
    """The Kepala (or designated official) returns a submitted Litmas with a comment saying what to fix."""
    litmas = _locked(litmas)
    _require_approver(actor, litmas)
    if litmas.status != Litmas.Status.SUBMITTED:
        raise _wrong_status(litmas, _("dikembalikan"))
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(
            {"comment": [_("Catatan pengembalian wajib diisi: tulis apa yang harus diperbaiki.")]}
        )
    if len(comment) > COMMENT_MAX:
        raise ValidationError(
            {"comment": [_("Catatan terlalu panjang (maksimum %(n)d karakter).") % {"n": COMMENT_MAX}]}
        )
    now = timezone.now()
    litmas.status = Litmas.Status.RETURNED
    litmas.return_comment = comment
    litmas.save(update_fields=["status", "return_comment"])
    _freeze(litmas, transition=LitmasVersion.Transition.RETURNED, actor=actor, now=now, comment=comment)
    _event(litmas, CaseEvent.Code.LITMAS_RETURNED, actor, now, reason=comment)
    audit_record(actor=actor, action="update", obj=litmas, context="litmas_return",
                 changes={"status": ["submitted", "returned"], "return_comment": [None, comment]})  # fmt: skip
    return litmas


def approver_title(actor: User, bapas: Unit) -> str:
    if actor.is_kepala and actor.unit_id == bapas.id:
        return _("Kepala %(unit)s") % {"unit": bapas.name}
    roles = ", ".join(actor.role_labels)
    return _("a.n. Kepala %(unit)s, %(roles)s") % {"unit": bapas.name, "roles": roles}


@transaction.atomic
def litmas_approve(*, actor: User, litmas: Litmas, comment: str = "") -> Litmas:
    """The Kepala (or designated official) approves a submitted Litmas; it is final from then on."""
    litmas = _locked(litmas)
    _require_approver(actor, litmas)
    if litmas.status != Litmas.Status.SUBMITTED:
        raise _wrong_status(litmas, _("disetujui"))
    comment = (comment or "").strip()[:COMMENT_MAX]
    now = timezone.now()
    litmas.status = Litmas.Status.APPROVED
    litmas.approver = actor
    litmas.approver_title = approver_title(actor, litmas.bapas)
    litmas.approved_at = now
    litmas.save(update_fields=["status", "approver", "approver_title", "approved_at"])
    _freeze(litmas, transition=LitmasVersion.Transition.APPROVED, actor=actor, now=now, comment=comment)
    _event(litmas, CaseEvent.Code.LITMAS_APPROVED, actor, now, reason=comment)
    audit_record(actor=actor, action="update", obj=litmas, context="litmas_approve",
                 changes={"status": ["submitted", "approved"], "approver": [None, actor.id]})  # fmt: skip
    return litmas


# --- approvers ------------------------------------------------------------------------------------


def _require_manager(actor: User) -> Unit:
    if not may_manage_approvers(actor):
        raise PermissionDenied(
            _("Hanya Kepala Bapas atau Kasi yang dapat menunjuk pejabat penyetuju Litmas.")
        )
    return actor.bapas


@transaction.atomic
def approver_designate(*, actor: User, user: User, note: str = "") -> LitmasApprover:
    bapas = _require_manager(actor)
    if user.unit_id != bapas.id or not user.is_active:
        raise ValidationError({"user": [_("Pejabat harus petugas aktif di Bapas ini.")]})
    if not user.is_bapas_lead:
        raise ValidationError(
            {"user": [_("Hanya Kasi atau Kasubsi yang dapat ditunjuk sebagai penyetuju Litmas.")]}
        )
    if user.is_kepala:
        raise ValidationError(
            {"user": [_("Kepala Bapas selalu dapat menyetujui Litmas; tidak perlu ditunjuk.")]}
        )
    if LitmasApprover.objects.filter(bapas=bapas, user=user).exists():
        raise ValidationError({"user": [_("%(name)s sudah ditunjuk.") % {"name": user.display_name}]})
    row = LitmasApprover.objects.create(
        bapas=bapas,
        user=user,
        designated_by=actor,
        designated_at=timezone.now(),
        note=(note or "").strip()[:200],
    )
    audit_record(actor=actor, action="create", obj=row, context="approver_designate",
                 changes={"user": [None, user.id]})  # fmt: skip
    return row


@transaction.atomic
def approver_revoke(*, actor: User, approver: LitmasApprover) -> None:
    bapas = _require_manager(actor)
    if approver.bapas_id != bapas.id:
        raise PermissionDenied
    audit_record(actor=actor, action="update", obj=approver, context="approver_revoke",
                 changes={"user": [approver.user_id, None]})  # fmt: skip
    approver.delete()
