"""Recording violations (by staff, from a confirmed linkage match, or detected automatically) and alerting
the Kasi of the Bapas."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bimkemas.audit.services import audit_record, diff, snapshot
from bimkemas.cases.documents import bapas_today
from bimkemas.cases.models import ACTIVE_STATUSES, Case, CaseEvent
from bimkemas.core.workdays import add_working_days
from bimkemas.notify.services import message_queue
from bimkemas.org.models import Role, User
from bimkemas.violations.models import Violation, ViolationKind, ViolationSource


def limit_on(code: str, day: dt.date, default: int) -> int:
    """The value of a rule's limit valid on `day` (violations.Limit rows, dated); `default` if none."""
    from bimkemas.violations.models import Limit

    row = (
        Limit.objects.filter(code=code, valid_from__lte=day)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        .order_by("-valid_from")
        .first()
    )
    return row.value if row else default


def missed_in_a_row(day: dt.date | None = None) -> int:
    """How many missed reports in a row make a violation, as valid on `day` (default today)."""
    default = int(getattr(settings, "VIOLATION_MISSED_IN_A_ROW", 3))
    return limit_on("missed_in_a_row", day or timezone.localdate(), default)


def _kasi_of(bapas_id: int):
    return User.objects.filter(
        unit_id=bapas_id, is_active=True, role_codes__contains=f",{Role.KASI},"
    ).exclude(email="")


def _alert_kasi(violation: Violation) -> int:
    case = violation.case
    sent = 0
    for kasi in _kasi_of(case.bapas_id):
        message_queue(
            channel="email",
            to=kasi.email,
            template="staff_notice",
            context={
                "staff": kasi.display_name,
                "title": _("Pelanggaran klien %(register)s") % {"register": case.register_number},
                "text": _(
                    "Pelanggaran dicatat untuk klien dengan nomor register %(register)s: %(kind)s "
                    "(sumber: %(source)s, tanggal %(date)s). Buka Bimkemas, menu Pelanggaran, untuk rinciannya."
                )
                % {
                    "register": case.register_number,
                    "kind": violation.get_kind_display(),
                    "source": violation.get_source_display(),
                    "date": violation.occurred_on.isoformat(),
                },
            },
            dedupe_key=f"violation:{violation.id}:kasi:{kasi.id}",
            bapas=case.bapas,
        )
        sent += 1
    return sent


@transaction.atomic
def violation_record(
    *,
    actor: User | None,
    case: Case,
    kind: str,
    source: str,
    evidence: str,
    occurred_on: dt.date,
    match_candidate=None,
    dedupe_key: str | None = None,
) -> Violation:
    """Record a violation and alert the Kasi by e-mail. `actor` None = detected by the system."""
    errors = {}
    if kind not in ViolationKind.values:
        errors["kind"] = _("Jenis pelanggaran tidak dikenal.")
    if source not in ViolationSource.values:
        errors["source"] = _("Sumber tidak dikenal.")
    if not evidence.strip():
        errors["evidence"] = _("Tulis bukti atau keterangan pelanggaran.")
    if occurred_on is None:
        errors["occurred_on"] = _("Isi tanggal kejadian.")
    if errors:
        raise ValidationError(errors)
    violation = Violation.objects.create(
        case=case,
        kind=kind,
        source=source,
        evidence=evidence.strip(),
        occurred_on=occurred_on,
        recorded_by=actor,
        match_candidate=match_candidate,
        dedupe_key=dedupe_key,
    )
    audit_record(actor=actor, action="create", obj=violation, context=f"violation_record:{source}")
    CaseEvent.objects.create(
        case=case,
        code=CaseEvent.Code.VIOLATION_RECORDED,
        actor=actor,
        at=timezone.now(),
        payload={"violation_id": violation.id, "kind": violation.get_kind_display(), "source": source,
                 "match_candidate_id": getattr(match_candidate, "id", None)},
    )  # fmt: skip
    _alert_kasi(violation)
    return violation


def detect_missed_reporting(*, today: dt.date) -> int:
    """A violation for every run of N missed reports in a row (N = VIOLATION_MISSED_IN_A_ROW).

    Reporting obligations of active cases are read in order of their due date; cancelled and still open
    ones are passed over, any other outcome (met, late, excused) breaks the run. One violation per run,
    keyed on the obligation that completed it, so running again creates nothing new. Returns how many
    were created.
    """
    from bimkemas.contacts.models import Obligation, ObligationStatus, Requirement

    limit = missed_in_a_row(today)
    reports = Obligation.objects.filter(
        requirement=Requirement.REPORT, due__lt=today, case__status__in=ACTIVE_STATUSES
    )
    case_ids = list(
        reports.filter(status=ObligationStatus.MISSED)
        .values("case_id")
        .annotate(n=Count("id"))
        .filter(n__gte=limit)
        .values_list("case_id", flat=True)
    )
    created = 0
    for case_id in case_ids:
        rows = (
            reports.filter(case_id=case_id)
            .exclude(status__in=[ObligationStatus.CANCELLED, ObligationStatus.OPEN])
            .order_by("due", "id")
            .values_list("id", "due", "status")
        )
        run: list[tuple[int, dt.date]] = []
        for obligation_id, due, status in rows:
            if status != ObligationStatus.MISSED:
                run = []
                continue
            run.append((obligation_id, due))
            if len(run) == limit:
                created += _missed_violation(case_id, run)
    return created


def _missed_violation(case_id: int, run: list[tuple[int, dt.date]]) -> int:
    key = f"missed_reporting:{run[-1][0]}"
    if Violation.objects.filter(dedupe_key=key).exists():
        return 0
    case = Case.objects.select_related("bapas").get(id=case_id)
    dates = ", ".join(due.isoformat() for _id, due in run)
    violation_record(
        actor=None,
        case=case,
        kind=ViolationKind.MISSED_REPORTING,
        source=ViolationSource.CONTACT,
        evidence=_("Tidak wajib lapor %(n)d kali berturut-turut (batas lapor: %(dates)s).")
        % {"n": len(run), "dates": dates},
        occurred_on=run[-1][1],
        dedupe_key=key,
    )
    return 1


# --- revocation (pencabutan) -------------------------------------------------------------------------


def revocation_service_days(day: dt.date | None = None) -> int:
    """The service standard of a revocation in working days, as valid on `day` (rules: 20)."""
    default = int(getattr(settings, "REVOCATION_SERVICE_DAYS", 20))
    return limit_on("revocation_service_days", day or timezone.localdate(), default)


def working_days_left(due: dt.date, today: dt.date) -> int:
    """Working days from `today` (not counted) to `due` (counted); negative = working days overdue."""
    from bimkemas.core.workdays import is_working_day

    if due == today:
        return 0
    step = 1 if due > today else -1
    count = 0
    day = today
    while day != due:
        day += dt.timedelta(days=step)
        if is_working_day(day):
            count += step
    return count


def is_case_lead(actor: User, case: Case) -> bool:
    return bool(actor.is_bapas_lead and actor.unit_id == case.bapas_id)


def may_report_revocation(actor: User, case: Case) -> bool:
    """PK of the case, or a Kasi (or other lead) of its Bapas."""
    return case.officer_id == actor.id or is_case_lead(actor, case)


def _step_error(revocation) -> str:
    return _('Langkah ini tidak dapat dilakukan: pencabutan sedang pada tahap "%(status)s".') % {
        "status": revocation.get_status_display()
    }


def _require_step(revocation, expected: str) -> None:
    if revocation.status != expected:
        raise ValidationError(_step_error(revocation))


def _not_future(
    errors: dict,
    name: str,
    day: dt.date | None,
    label: str,
    *,
    after: dt.date | None = None,
    too_early: str = "",
    today: dt.date | None = None,
) -> None:
    """A step's date: given, not in the future (`today`: the Bapas's day, by default the server's), and
    (when `after` is given) not before the previous step."""
    if day is None:
        errors[name] = _("Isi %(label)s.") % {"label": label}
    elif day > (today or timezone.localdate()):
        errors[name] = _("%(label)s tidak boleh di masa depan.") % {"label": label.capitalize()}
    elif after is not None and day < after:
        errors[name] = too_early


TPP_FIELDS = ["status", "tpp_date", "tpp_members", "tpp_recommendation", "tpp_item_id"]


def _lock(revocation):
    from bimkemas.violations.models import Revocation

    return Revocation.objects.select_for_update().select_related("case", "case__bapas").get(id=revocation.id)


@transaction.atomic
def revocation_report(
    *, actor: User, case: Case, violations: list[Violation], reported_on: dt.date, note: str = ""
):
    """Step 1: the PK or Kasi reports the violations for revocation; the service standard starts."""
    from bimkemas.violations.models import Revocation

    if not may_report_revocation(actor, case):
        raise PermissionDenied(_("Hanya PK klien atau Kasi Bapas yang dapat melaporkan pencabutan."))
    errors = {}
    if case.status not in ACTIVE_STATUSES:
        errors["__all__"] = _("Kasus ini tidak aktif; pencabutan tidak dapat diajukan.")
    elif Revocation.objects.filter(case=case).exclude(status="decided").exists():
        errors["__all__"] = _("Kasus ini sudah memiliki pengajuan pencabutan yang sedang berjalan.")
    if not violations:
        errors["violations"] = _("Pilih paling sedikit satu pelanggaran.")
    elif any(v.case_id != case.id for v in violations):
        errors["violations"] = _("Pelanggaran yang dipilih bukan milik kasus ini.")
    _not_future(errors, "reported_on", reported_on, _("tanggal laporan"), today=bapas_today(case.bapas))
    if errors:
        raise ValidationError(errors)
    revocation = Revocation.objects.create(
        case=case,
        reported_on=reported_on,
        report_note=note.strip(),
        due_date=add_working_days(reported_on, revocation_service_days(reported_on)),
        reported_by=actor,
    )
    revocation.violations.set(violations)
    audit_record(actor=actor, action="create", obj=revocation, context="revocation_report")
    return revocation


@transaction.atomic
def revocation_bap(*, actor: User, revocation, bap_date: dt.date, examiner: str, summary: str):
    """Step 2: the examination record (BAP), by the PK of the case or a Kasi."""
    revocation = _lock(revocation)
    if not may_report_revocation(actor, revocation.case):
        raise PermissionDenied(_("Hanya PK klien atau Kasi Bapas yang dapat mencatat BAP."))
    _require_step(revocation, "reported")
    errors = {}
    _not_future(
        errors,
        "bap_date",
        bap_date,
        _("tanggal BAP"),
        after=revocation.reported_on,
        too_early=_("Tanggal BAP tidak boleh sebelum tanggal laporan."),
        today=bapas_today(revocation.case.bapas),
    )
    if not examiner.strip():
        errors["examiner"] = _("Isi nama pemeriksa.")
    if not summary.strip():
        errors["summary"] = _("Isi ringkasan BAP.")
    if errors:
        raise ValidationError(errors)
    revocation.bap_date, revocation.bap_examiner, revocation.bap_summary = (
        bap_date,
        examiner.strip(),
        summary.strip(),
    )
    revocation.bap_by, revocation.bap_at, revocation.status = actor, timezone.now(), "bap"
    revocation.save()
    audit_record(actor=actor, action="update", obj=revocation, context="revocation_bap")
    return revocation


def revocation_tpp_errors(
    revocation, *, tpp_date: dt.date | None, members: str, recommendation: str, today: dt.date | None = None
) -> dict[str, str]:
    """What is wrong with these values for the TPP step of `revocation` (empty = nothing), field by field;
    the step order under "__all__". `today` defaults to the day of the case's Bapas."""
    errors: dict[str, str] = {}
    if revocation.status != "bap":
        errors["__all__"] = _step_error(revocation)
    too_early = ""
    if tpp_date and revocation.bap_date:
        too_early = _("Tanggal sidang TPP (%(date)s) tidak boleh sebelum tanggal BAP (%(bap)s).") % {
            "date": tpp_date.isoformat(),
            "bap": revocation.bap_date.isoformat(),
        }
    _not_future(
        errors,
        "tpp_date",
        tpp_date,
        _("tanggal sidang TPP"),
        after=revocation.bap_date,
        too_early=too_early,
        today=today or bapas_today(revocation.case.bapas),
    )
    if not (members or "").strip():
        errors["members"] = _("Isi anggota TPP yang hadir.")
    if not (recommendation or "").strip():
        errors["recommendation"] = _("Isi rekomendasi TPP.")
    return errors


@transaction.atomic
def revocation_tpp(
    *,
    actor: User,
    revocation,
    tpp_date: dt.date,
    members: str,
    recommendation: str,
    tpp_item=None,
):
    """Step 3: the TPP hearing at the Bapas, recorded by a Bapas lead: by hand, or from the final minutes of
    a Sidang TPP (`tpp_item`: the agenda item of that session that discussed this revocation; the lead who
    finalises the minutes is the actor)."""
    revocation = _lock(revocation)
    if not is_case_lead(actor, revocation.case):
        raise PermissionDenied(_("Hanya pimpinan Bapas yang dapat mencatat sidang TPP."))
    _require_step(revocation, "bap")
    if tpp_item is not None and tpp_item.case_id != revocation.case_id:
        raise ValidationError(_("Agenda sidang TPP ini membahas klien lain."))
    errors = revocation_tpp_errors(
        revocation, tpp_date=tpp_date, members=members, recommendation=recommendation
    )
    if errors:
        raise ValidationError(errors)
    before = snapshot(revocation, TPP_FIELDS)
    revocation.tpp_date, revocation.tpp_members = tpp_date, members.strip()
    revocation.tpp_recommendation = recommendation.strip()
    revocation.tpp_by, revocation.tpp_at, revocation.status = actor, timezone.now(), "tpp"
    revocation.tpp_item = tpp_item
    revocation.save()
    context = "revocation_tpp" if tpp_item is None else f"revocation_tpp:tpp_item:{tpp_item.id}"
    audit_record(actor=actor, action="update", obj=revocation,
                 changes=diff(before, snapshot(revocation, TPP_FIELDS)), context=context)  # fmt: skip
    return revocation


def _require_kepala(actor: User, case: Case, message: str) -> None:
    if not (actor.is_kepala and actor.unit_id == case.bapas_id):
        raise PermissionDenied(message)


@transaction.atomic
def revocation_suspend(*, actor: User, revocation, suspended_on: dt.date):
    """Step 4: only the Kepala Bapas suspends the programme temporarily."""
    revocation = _lock(revocation)
    _require_kepala(actor, revocation.case, _("Hanya Kepala Bapas yang dapat menghentikan sementara."))
    _require_step(revocation, "tpp")
    errors = {}
    _not_future(
        errors,
        "suspended_on",
        suspended_on,
        _("tanggal penghentian sementara"),
        after=revocation.tpp_date,
        too_early=_("Tanggal penghentian sementara tidak boleh sebelum sidang TPP."),
        today=bapas_today(revocation.case.bapas),
    )
    if errors:
        raise ValidationError(errors)
    revocation.suspended_on, revocation.suspended_by = suspended_on, actor
    revocation.suspended_at, revocation.status = timezone.now(), "suspended"
    revocation.save()
    audit_record(actor=actor, action="update", obj=revocation, context="revocation_suspend")
    return revocation


def _next_proposal_number(revocation, day: dt.date) -> str:
    from bimkemas.violations.models import Revocation

    taken = (
        Revocation.objects.filter(case__bapas_id=revocation.case.bapas_id, proposed_on__year=day.year)
        .exclude(proposal_number="")
        .count()
    )
    return f"PCB/{revocation.case.bapas.code}/{taken + 1:04d}/{day.year}"


@transaction.atomic
def revocation_propose(*, actor: User, revocation, proposed_on: dt.date):
    """Step 5: the Kepala Bapas signs the proposal (numbered; exported as PDF) to the ministry."""
    revocation = _lock(revocation)
    _require_kepala(actor, revocation.case, _("Hanya Kepala Bapas yang dapat mengusulkan pencabutan."))
    _require_step(revocation, "suspended")
    errors = {}
    _not_future(
        errors,
        "proposed_on",
        proposed_on,
        _("tanggal usulan"),
        after=revocation.suspended_on,
        too_early=_("Tanggal usulan tidak boleh sebelum penghentian sementara."),
        today=bapas_today(revocation.case.bapas),
    )
    if errors:
        raise ValidationError(errors)
    revocation.proposal_number = _next_proposal_number(revocation, proposed_on)
    revocation.proposed_on, revocation.proposed_by = proposed_on, actor
    revocation.proposed_at, revocation.status = timezone.now(), "proposed"
    revocation.save()
    audit_record(actor=actor, action="update", obj=revocation, context="revocation_propose")
    return revocation


@transaction.atomic
def revocation_decide(
    *, actor: User, revocation, decision_number: str, decision_date: dt.date, granted: bool
):
    """Step 6: a Bapas lead records the ministry's decision. Granted → the case ends as revoked and the
    days from the suspension to the decision (both counted) are recorded as not counted as time served."""
    from bimkemas.cases.models import EndReason
    from bimkemas.cases.services import case_end

    revocation = _lock(revocation)
    if not is_case_lead(actor, revocation.case):
        raise PermissionDenied(_("Hanya pimpinan Bapas yang dapat mencatat keputusan."))
    _require_step(revocation, "proposed")
    errors = {}
    _not_future(
        errors,
        "decision_date",
        decision_date,
        _("tanggal keputusan"),
        after=revocation.proposed_on,
        too_early=_("Tanggal keputusan tidak boleh sebelum tanggal usulan."),
        today=bapas_today(revocation.case.bapas),
    )
    if not decision_number.strip():
        errors["decision_number"] = _("Isi nomor keputusan.")
    if granted is None:
        errors["granted"] = _("Pilih isi keputusan: dikabulkan atau ditolak.")
    if errors:
        raise ValidationError(errors)
    revocation.decision_number, revocation.decision_date = decision_number.strip(), decision_date
    revocation.decision_granted, revocation.decided_by = granted, actor
    revocation.decided_at, revocation.status = timezone.now(), "decided"
    if granted:
        revocation.not_counted_from = revocation.suspended_on
        revocation.not_counted_until = decision_date
        revocation.days_not_counted = (decision_date - revocation.suspended_on).days + 1
    revocation.save()
    audit_record(actor=actor, action="update", obj=revocation, context="revocation_decide")
    if granted:
        kinds = ", ".join(v.get_kind_display() for v in revocation.violations.all())
        note = _(
            "Dicabut dengan keputusan %(number)s tanggal %(date)s. Pelanggaran: %(kinds)s. "
            "%(days)d hari (%(start)s s.d. %(end)s) tidak dihitung sebagai masa menjalani pidana."
        ) % {
            "number": revocation.decision_number,
            "date": decision_date.isoformat(),
            "kinds": kinds,
            "days": revocation.days_not_counted,
            "start": revocation.not_counted_from.isoformat(),
            "end": decision_date.isoformat(),
        }
        case_end(
            actor=actor, case=revocation.case, reason=EndReason.REVOKED, end_date=decision_date, note=note
        )
    return revocation
