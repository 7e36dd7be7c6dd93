"""Recording violations (by staff, from a confirmed linkage match, or detected automatically) and alerting
the Kasi of the Bapas."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from bimkemas.audit.services import audit_record
from bimkemas.cases.models import ACTIVE_STATUSES, Case, CaseEvent
from bimkemas.notify.services import message_queue
from bimkemas.org.models import Role, User
from bimkemas.violations.models import Violation, ViolationKind, ViolationSource


def missed_in_a_row() -> int:
    """How many missed reports in a row make a violation. TODO: dated configuration (valid from/until)."""
    return int(getattr(settings, "VIOLATION_MISSED_IN_A_ROW", 3))


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

    limit = missed_in_a_row()
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
