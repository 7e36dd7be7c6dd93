"""Operations on reporting obligations, contacts, follow-up tasks and check-ins.

Obligations are generated from the reporting rules (data, per Bapas, with history) a few weeks ahead
and extended by a daily task; a contact satisfies the open obligations whose window it falls in; the
sweep marks obligations missed after their grace days and turns them into follow-up tasks, which are
escalated to the Kasi when left open.
"""

import datetime as dt
import uuid
from calendar import monthrange
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bimkemas.audit.services import audit_record
from bimkemas.cases.models import ACTIVE_STATUSES, Case, CaseEvent
from bimkemas.cases.phases import phase_on
from bimkemas.cases.selectors import case_in_team
from bimkemas.contacts.models import (
    KIND_CHANNEL,
    REVIEWED,
    SATISFIES,
    CheckIn,
    CheckInStatus,
    Contact,
    FollowUpTask,
    Interval,
    Kind,
    Obligation,
    ObligationStatus,
    Outcome,
    ReportingRule,
    Requirement,
    ScheduleOverride,
    TaskKind,
    TaskStatus,
)
from bimkemas.org.models import Role, User

HORIZON_DAYS = 35  # obligations exist this far ahead; the daily task extends them
NOT_REACHED = {Outcome.NOT_REACHED, Outcome.PHONE_UNREACHABLE, Outcome.CLIENT_ABSENT, Outcome.MOVED}
CALL_KINDS = {Kind.PHONE_CALL, Kind.VIDEO_CALL, Kind.CHAT}


def may_act(case: Case, actor: User) -> bool:
    """Who may record on a case: its team (PK, named staff, Kasi, Kepala) and the leads of its Bapas."""
    return case_in_team(case, actor) or (actor.is_bapas_lead and case.bapas_id == actor.unit_id)


def escalate_after_days() -> int:
    return getattr(settings, "CONTACTS_ESCALATE_AFTER_DAYS", 3)


def _event(case: Case, code: str, actor: User | None, at: dt.datetime | None = None, **payload) -> None:
    CaseEvent.objects.create(case=case, code=code, actor=actor, at=at or timezone.now(), payload=payload)


# --- rules and obligation generation --------------------------------------------------------------------


@dataclass(frozen=True)
class Schedule:
    every: int
    interval: str
    grace_days: int


def rules_of(bapas_id: int) -> list[ReportingRule]:
    """Every rule row (all validity periods) that can apply to a case of this Bapas."""
    return list(ReportingRule.objects.filter(Q(bapas_id=bapas_id) | Q(bapas__isnull=True)))


def _rule_for(rules: list[ReportingRule], programme: str, phase: str | None, requirement: str, day: dt.date):
    """The rule valid on `day`, most specific first: a Bapas rule before a national one, a named
    programme/phase before 'any'."""
    best, best_rank = None, None
    for rule in rules:
        if rule.requirement != requirement or rule.valid_from > day:
            continue
        if rule.valid_until is not None and rule.valid_until < day:
            continue
        if rule.programme and rule.programme != programme:
            continue
        if rule.phase and rule.phase != (phase or ""):
            continue
        rank = (rule.bapas_id is not None, bool(rule.programme), bool(rule.phase), rule.valid_from)
        if best_rank is None or rank > best_rank:
            best, best_rank = rule, rank
    return best


def _add_interval(day: dt.date, every: int, interval: str, start: dt.date) -> dt.date:
    if interval == Interval.WEEK:
        return day + dt.timedelta(days=7 * every)
    # Months anchored on the period start's day (31 Jan → 28 Feb → 31 Mar).
    months = (day.year - start.year) * 12 + (day.month - start.month) + every
    year, month = start.year + months // 12, start.month + months % 12
    if month > 12:
        year, month = year + 1, month - 12
    return dt.date(year, month, min(start.day, monthrange(year, month)[1]))


def _override_on(overrides, requirement: str, day: dt.date):
    """The PK's adjustment of this requirement valid on `day`, if any."""
    return next(
        (
            o
            for o in overrides
            if o.requirement == requirement
            and o.valid_from <= day
            and (o.valid_until is None or day <= o.valid_until)
        ),
        None,
    )


def _schedule(case: Case, requirement: str, day: dt.date, rules, overrides) -> Schedule | None:
    if (o := _override_on(overrides, requirement, day)) is not None:
        return Schedule(o.every, o.interval, _default_grace(o.interval))
    rule = _rule_for(
        rules, case.programme, phase_on(case.period_start, case.period_end, day), requirement, day
    )
    if rule is None:
        return None
    return Schedule(rule.every, rule.interval, rule.grace_days)


def schedule_in_force(case: Case, day: dt.date) -> list[tuple[str, Schedule, ScheduleOverride | None]]:
    """The reporting rhythm in force for a case on `day`: (requirement, schedule, the PK's adjustment
    behind it or None) for each requirement that has one. Read only."""
    rules = rules_of(case.bapas_id)
    overrides = list(ScheduleOverride.objects.filter(case_id=case.id))
    out = []
    for requirement in (Requirement.REPORT, Requirement.IN_PERSON):
        found = _schedule(case, requirement, day, rules, overrides)
        if found is not None:
            out.append((requirement, found, _override_on(overrides, requirement, day)))
    return out


def _default_grace(interval: str) -> int:
    return 1 if interval == Interval.WEEK else 3


def obligations_ensure(*, case: Case, today: dt.date, until: dt.date | None = None) -> int:
    """Create the case's missing obligations up to `until` (default: today + horizon). Idempotent."""
    return obligations_ensure_many(cases=[case], today=today, until=until)


def obligations_ensure_many(*, cases, today: dt.date, until: dt.date | None = None) -> int:
    """The same for many cases at once (handover imports, the daily job): few queries, one bulk insert."""
    cases = [c for c in cases if c.status in ACTIVE_STATUSES]
    if not cases:
        return 0
    rules_by_bapas = {b: rules_of(b) for b in {c.bapas_id for c in cases}}
    ids = [c.id for c in cases]
    existing = set(
        Obligation.objects.filter(case_id__in=ids).values_list("case_id", "requirement", "window_start")
    )
    overrides: dict[int, list] = {}
    for o in ScheduleOverride.objects.filter(case_id__in=ids):
        overrides.setdefault(o.case_id, []).append(o)
    new = []
    for case in cases:
        new.extend(
            _missing(case, today, until, rules_by_bapas[case.bapas_id], overrides.get(case.id, []), existing)
        )
    Obligation.objects.bulk_create(new, ignore_conflicts=True, batch_size=2000)
    return len(new)


def _missing(case: Case, today, until, rules, overrides, existing) -> list[Obligation]:
    until = min(until or today + dt.timedelta(days=HORIZON_DAYS), case.period_end)
    new = []
    if (case.id, Requirement.FIRST_CONTACT, case.handover_date) not in existing:
        new.append(
            Obligation(
                case=case,
                requirement=Requirement.FIRST_CONTACT,
                window_start=case.handover_date,
                due=case.first_contact_due,
                grace_days=0,
            )
        )
    for requirement in (Requirement.REPORT, Requirement.IN_PERSON):
        start = case.period_start
        while start <= until:
            schedule = _schedule(case, requirement, start, rules, overrides)
            if schedule is None:
                break
            end = _add_interval(start, schedule.every, schedule.interval, case.period_start)
            if (case.id, requirement, start) not in existing:
                new.append(
                    Obligation(
                        case=case,
                        requirement=requirement,
                        window_start=start,
                        due=min(end - dt.timedelta(days=1), case.period_end),
                        grace_days=schedule.grace_days,
                    )
                )
            start = end
    return new


def _regenerate_future(*, case: Case, requirement: str | None, since: dt.date, today: dt.date) -> None:
    """Drop open obligations starting on/after `since` and generate them again from the current rules."""
    future = Obligation.objects.filter(case=case, status=ObligationStatus.OPEN, window_start__gte=since)
    if requirement:
        future = future.filter(requirement=requirement)
    future.exclude(requirement=Requirement.FIRST_CONTACT).delete()
    obligations_ensure(case=case, today=today)


def _schedule_errors(*, requirement: str, every: int, interval: str) -> dict:
    """What a rule and a one-client schedule both need: a requirement, a rhythm."""
    errors = {}
    if requirement not in (Requirement.REPORT, Requirement.IN_PERSON):
        errors["requirement"] = _("Pilih jenis kewajiban: wajib lapor atau lapor tatap muka.")
    if interval not in Interval.values:
        errors["interval"] = _("Pilih satuan: minggu atau bulan.")
    if not 1 <= (every or 0) <= 12:
        errors["every"] = _("Isi angka 1 sampai 12.")
    return errors


@transaction.atomic
def schedule_override(
    *, actor: User, case: Case, requirement: str, every: int, interval: str, reason: str, valid_from: dt.date
) -> ScheduleOverride:
    """A PK adjusts one client's reporting schedule, with a reason; future windows follow the new rhythm."""
    if not may_act(case, actor):
        raise PermissionDenied
    errors = _schedule_errors(requirement=requirement, every=every, interval=interval)
    if len((reason or "").strip()) < 5:
        errors["reason"] = _("Tulis alasan perubahan jadwal (minimal 5 huruf).")
    if errors:
        raise ValidationError(errors)
    ScheduleOverride.objects.filter(case=case, requirement=requirement, valid_until__isnull=True).update(
        valid_until=valid_from - dt.timedelta(days=1)
    )
    override = ScheduleOverride.objects.create(
        case=case,
        requirement=requirement,
        every=every,
        interval=interval,
        valid_from=valid_from,
        reason=reason.strip(),
        created_by=actor,
    )
    # A window already running keeps its due date; the new rhythm starts with the next window.
    _regenerate_future(case=case, requirement=requirement, since=valid_from, today=timezone.localdate())
    _event(
        case,
        CaseEvent.Code.SCHEDULE_CHANGED,
        actor,
        requirement=requirement,
        every=every,
        interval=interval,
        reason=override.reason,
    )
    audit_record(
        actor=actor,
        action="update",
        context="schedule_override",
        obj=case,
        changes={"requirement": requirement, "every": every, "interval": interval, "reason": override.reason},
    )
    return override


@transaction.atomic
def rule_change(
    *,
    actor: User,
    programme: str,
    phase: str,
    requirement: str,
    every: int,
    interval: str,
    grace_days: int,
    reason: str,
    valid_from: dt.date,
) -> ReportingRule:
    """A Bapas lead sets the Bapas's rule for a programme/phase; the previous row is closed, not changed."""
    bapas = actor.bapas
    if bapas is None or not actor.is_bapas_lead:
        raise PermissionDenied
    errors = _schedule_errors(requirement=requirement, every=every, interval=interval)
    if not 0 <= (grace_days if grace_days is not None else -1) <= 30:
        errors["grace_days"] = _("Toleransi keterlambatan 0 sampai 30 hari.")
    if len((reason or "").strip()) < 5:
        errors["reason"] = _("Tulis alasan perubahan aturan (minimal 5 huruf).")
    if errors:
        raise ValidationError(errors)
    ReportingRule.objects.filter(
        bapas=bapas, programme=programme, phase=phase, requirement=requirement, valid_until__isnull=True
    ).update(valid_until=valid_from - dt.timedelta(days=1))
    rule = ReportingRule.objects.create(
        bapas=bapas,
        programme=programme,
        phase=phase,
        requirement=requirement,
        every=every,
        interval=interval,
        grace_days=grace_days,
        valid_from=valid_from,
        reason=reason.strip(),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="create",
        context="reporting_rule",
        obj=rule,
        changes={"rule": str(rule), "reason": rule.reason},
    )
    today = timezone.localdate()
    cases = Case.objects.filter(bapas=bapas, status__in=ACTIVE_STATUSES)
    if programme:
        cases = cases.filter(programme=programme)
    for case in cases.iterator():
        _regenerate_future(case=case, requirement=requirement, since=max(valid_from, today), today=today)
    return rule


# --- contacts -------------------------------------------------------------------------------------------


@dataclass
class ContactData:
    kind: str
    outcome: str = Outcome.REPORTED
    occurred_at: dt.datetime | None = None
    notes: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    address_changed: bool = False
    new_address: str = ""
    counts_as_report: bool | None = None  # default: reported and of a kind that counts


def contact_validate(data: ContactData, *, now: dt.datetime) -> dict:
    errors = {}
    if data.kind not in Kind.values:
        errors["kind"] = _("Pilih jenis kontak.")
    if data.outcome not in Outcome.values:
        errors["outcome"] = _("Pilih hasil kontak.")
    if data.occurred_at and data.occurred_at > now + dt.timedelta(minutes=5):
        errors["occurred_at"] = _("Waktu kontak tidak boleh di masa depan.")
    if data.address_changed and not data.new_address.strip():
        errors["new_address"] = _("Tulis alamat baru klien.")
    for name, value, bound in (("latitude", data.latitude, 90), ("longitude", data.longitude, 180)):
        if value is not None and not -bound <= value <= bound:
            errors[name] = _("Koordinat lokasi tidak valid.")
    return errors


@transaction.atomic
def contact_record(
    *, actor: User | None, case: Case, data: ContactData, now: dt.datetime | None = None
) -> Contact:
    """Record a contact of any kind. `actor` None means the client (self check-in)."""
    now = now or timezone.now()
    if actor is not None and not may_act(case, actor):
        raise PermissionDenied
    return _contact_create(actor=actor, case=case, data=data, now=now, ensure=True)


def _contact_create(
    *, actor: User | None, case: Case, data: ContactData, now: dt.datetime, ensure: bool
) -> Contact:
    """contact_record without the permission check and transaction (callers hold one)."""
    if case.status not in ACTIVE_STATUSES:
        raise ValidationError(_("Kasus sudah diakhiri; kontak tidak dapat dicatat lagi."))
    errors = contact_validate(data, now=now)
    if errors:
        raise ValidationError(errors)
    counts = data.counts_as_report
    if counts is None:
        counts = data.outcome == Outcome.REPORTED and data.kind != Kind.EMPLOYER_CONTACT
    contact = Contact.objects.create(
        case=case,
        bapas_id=case.bapas_id,
        kind=data.kind,
        channel=KIND_CHANNEL[Kind(data.kind)],
        outcome=data.outcome,
        occurred_at=min(data.occurred_at or now, now),
        recorded_by=actor,
        counts_as_report=counts,
        latitude=data.latitude,
        longitude=data.longitude,
        notes=data.notes.strip(),
        address_changed=data.address_changed,
        new_address=data.new_address.strip(),
    )
    if counts:
        if ensure:
            obligations_ensure(case=case, today=timezone.localdate(now))
        _satisfy(contact)
    _follow_up_after(contact, actor=actor, now=now)
    if data.address_changed:
        _event(
            case, CaseEvent.Code.ADDRESS_CHANGED, actor, new_address=contact.new_address, contact=contact.id
        )
    if data.outcome == Outcome.PHONE_UNREACHABLE:
        _event(case, CaseEvent.Code.PHONE_UNREACHABLE, actor, contact=contact.id)
    audit_record(
        actor=actor,
        action="create",
        context="contact_record",
        obj=contact,
        changes={"case": case.id, "kind": contact.kind, "outcome": contact.outcome},
    )
    return contact


def _satisfy(contact: Contact) -> list[Obligation]:
    """The earliest open obligation per requirement whose window (with grace) holds the contact's day."""
    day = timezone.localdate(contact.occurred_at)
    requirements = [r for r, kinds in SATISFIES.items() if contact.kind in kinds]
    candidates = Obligation.objects.select_for_update().filter(
        case_id=contact.case_id,
        requirement__in=requirements,
        status=ObligationStatus.OPEN,
        window_start__lte=day,
    )
    met, done = [], set()
    for obligation in candidates.order_by("due"):
        if obligation.requirement in done or day > obligation.due + dt.timedelta(days=obligation.grace_days):
            continue
        obligation.status = ObligationStatus.MET if day <= obligation.due else ObligationStatus.MET_LATE
        obligation.contact = contact
        obligation.resolved_at = contact.occurred_at
        met.append(obligation)
        done.add(obligation.requirement)
    for obligation in met:  # usually one: cheaper than bulk_update's CASE … WHEN
        obligation.save(update_fields=["status", "contact", "resolved_at"])
    return met


def _unsatisfy(contact: Contact) -> None:
    """A contact found not credible no longer counts: its obligations are open again (or missed if past)."""
    today = timezone.localdate()
    for obligation in Obligation.objects.select_for_update().filter(contact=contact):
        late_end = obligation.due + dt.timedelta(days=obligation.grace_days)
        obligation.status = ObligationStatus.OPEN if today <= late_end else ObligationStatus.MISSED
        obligation.contact = None
        obligation.resolved_at = None if obligation.status == ObligationStatus.OPEN else timezone.now()
        obligation.save(update_fields=["status", "contact", "resolved_at"])


def _follow_up_after(contact: Contact, *, actor: User | None, now: dt.datetime) -> None:
    """A contact closes the follow-up tasks it answers; a call that does not reach the client becomes a
    home visit."""
    open_tasks = FollowUpTask.objects.select_for_update().filter(
        case_id=contact.case_id, status=TaskStatus.OPEN
    )
    if contact.outcome == Outcome.REPORTED and contact.counts_as_report:
        for task in open_tasks:
            _task_done(task, actor=actor, contact=contact, now=now)
        return
    if contact.outcome in NOT_REACHED:
        calls = [t for t in open_tasks if t.kind == TaskKind.CALL]
        visits = [t for t in open_tasks if t.kind == TaskKind.HOME_VISIT]
        if contact.kind in CALL_KINDS and calls:
            for task in calls:
                _task_done(task, actor=actor, contact=contact, now=now)
            if not visits:
                first = calls[0]
                _task_create(
                    case=contact.case,
                    kind=TaskKind.HOME_VISIT,
                    obligation=first.obligation,
                    assignee=first.assigned_to,
                    now=now,
                )


def _task_done(task: FollowUpTask, *, actor, contact, now) -> None:
    task.status = TaskStatus.DONE
    task.done_at = now
    task.done_by = actor
    task.contact = contact
    task.save(update_fields=["status", "done_at", "done_by", "contact"])


def _task_create(*, case: Case, kind: str, obligation, assignee: User, now: dt.datetime) -> FollowUpTask:
    task = FollowUpTask.objects.create(
        case=case,
        obligation=obligation,
        kind=kind,
        assigned_to=assignee,
        due=timezone.localdate(now),
        created_at=now,
    )
    _event(case, CaseEvent.Code.FOLLOWUP_CREATED, None, at=now, task=task.id, kind=kind)
    return task


@transaction.atomic
def task_close(*, actor: User, task: FollowUpTask, note: str) -> FollowUpTask:
    """Close a task by hand (e.g. the Kasi decides), with a note."""
    if task.status != TaskStatus.OPEN:
        raise ValidationError(_("Tugas ini sudah ditutup."))
    if not (task.assigned_to_id == actor.id or may_act(task.case, actor)):
        raise PermissionDenied
    if len((note or "").strip()) < 3:
        raise ValidationError({"note": _("Tulis catatan penutupan tugas.")})
    task.note = note.strip()[:300]
    task.save(update_fields=["note"])
    _task_done(task, actor=actor, contact=None, now=timezone.now())
    audit_record(actor=actor, action="update", context="task_close", obj=task, changes={"note": task.note})
    return task


@transaction.atomic
def obligation_excuse(*, actor: User, obligation: Obligation, reason: str) -> Obligation:
    """Excuse a missed or open obligation (illness, religious ceremony, disaster…) with the reason."""
    if not may_act(obligation.case, actor):
        raise PermissionDenied
    if obligation.status not in (ObligationStatus.OPEN, ObligationStatus.MISSED):
        raise ValidationError(_("Kewajiban ini sudah dipenuhi atau dimaafkan."))
    if len((reason or "").strip()) < 5:
        raise ValidationError({"reason": _("Tulis alasan (minimal 5 huruf).")})
    before = obligation.status
    obligation.status = ObligationStatus.EXCUSED
    obligation.excuse_reason = reason.strip()[:300]
    obligation.excused_by = actor
    obligation.resolved_at = timezone.now()
    obligation.save(update_fields=["status", "excuse_reason", "excused_by", "resolved_at"])
    FollowUpTask.objects.filter(obligation=obligation, status=TaskStatus.OPEN).update(
        status=TaskStatus.CANCELLED, done_at=timezone.now(), done_by=actor, note=obligation.excuse_reason
    )
    audit_record(
        actor=actor,
        action="update",
        context="obligation_excuse",
        obj=obligation,
        changes={"status": [before, "excused"], "reason": obligation.excuse_reason},
    )
    return obligation


# --- the sweep: missed obligations, tasks, escalation ------------------------------------------------


def _lead_of(bapas_id: int) -> User | None:
    leads = User.objects.filter(unit_id=bapas_id, is_active=True)
    for role in (Role.KASI, Role.KASUBSI, Role.KEPALA):
        lead = leads.filter(role_codes__contains=f",{role},").order_by("id").first()
        if lead:
            return lead
    return None


@transaction.atomic
def obligations_sweep(*, today: dt.date | None = None, now: dt.datetime | None = None) -> dict:
    """Mark obligations missed after their grace days, open a call task for each, escalate stale tasks
    to the Kasi, and cancel obligations of ended cases. Safe to run any number of times."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    counts = {"missed": 0, "tasks": 0, "escalated": 0, "cancelled": 0}
    # Ids first: an UPDATE … WHERE id IN (a join) can get a nested-loop plan on fresh tables (minutes).
    ended = list(
        Obligation.objects.filter(status=ObligationStatus.OPEN)
        .exclude(case__status__in=ACTIVE_STATUSES)
        .values_list("id", flat=True)
    )
    for i in range(0, len(ended), 1000):
        counts["cancelled"] += Obligation.objects.filter(id__in=ended[i : i + 1000]).update(
            status=ObligationStatus.CANCELLED, resolved_at=now
        )
    overdue = (
        Obligation.objects.select_for_update(of=("self",))
        .filter(status=ObligationStatus.OPEN, due__lt=today)
        .select_related("case")
    )
    leads: dict[int, User | None] = {}
    for obligation in overdue:
        if obligation.due + dt.timedelta(days=obligation.grace_days) >= today:
            continue
        obligation.status = ObligationStatus.MISSED
        obligation.resolved_at = now
        obligation.save(update_fields=["status", "resolved_at"])
        counts["missed"] += 1
        case = obligation.case
        _event(
            case,
            CaseEvent.Code.OBLIGATION_MISSED,
            None,
            at=now,
            obligation=obligation.id,
            requirement=obligation.requirement,
            due=obligation.due.isoformat(),
        )
        if FollowUpTask.objects.filter(case=case, status=TaskStatus.OPEN).exists():
            continue  # one follow-up at a time per client
        if case.bapas_id not in leads:
            leads[case.bapas_id] = _lead_of(case.bapas_id)
        assignee = case.officer or leads[case.bapas_id]
        if assignee is None:
            continue
        _task_create(case=case, kind=TaskKind.CALL, obligation=obligation, assignee=assignee, now=now)
        counts["tasks"] += 1
    stale = now - dt.timedelta(days=escalate_after_days())
    for task in (
        FollowUpTask.objects.select_for_update(of=("self",))
        .filter(status=TaskStatus.OPEN, escalated=False, created_at__lte=stale)
        .select_related("case")
    ):
        if task.case.bapas_id not in leads:
            leads[task.case.bapas_id] = _lead_of(task.case.bapas_id)
        lead = leads[task.case.bapas_id]
        if lead is None:
            continue
        task.escalated_from = task.assigned_to
        task.assigned_to = lead
        task.escalated = True
        task.escalated_at = now
        task.save(update_fields=["escalated_from", "assigned_to", "escalated", "escalated_at"])
        _event(task.case, CaseEvent.Code.FOLLOWUP_ESCALATED, None, at=now, task=task.id, to=lead.display_name)
        counts["escalated"] += 1
    return counts


def obligations_extend_all(*, today: dt.date | None = None) -> int:
    """The daily job: every active case has its obligations for the coming weeks."""
    today = today or timezone.localdate()
    created = 0
    batch = []
    for case in Case.objects.filter(status__in=ACTIVE_STATUSES).iterator(chunk_size=1000):
        batch.append(case)
        if len(batch) == 1000:
            created += obligations_ensure_many(cases=batch, today=today)
            batch = []
    return created + obligations_ensure_many(cases=batch, today=today)


# --- check-ins --------------------------------------------------------------------------------------


def _checkin_window(case: Case, day: dt.date) -> tuple[Obligation | None, dt.date, bool]:
    """The obligation a check-in on `day` answers (the earliest open one still within its grace days),
    the last day it may be sent, and whether the schedule reaches `day` at all (one query)."""
    candidates = Obligation.objects.filter(
        case=case,
        requirement__in=[Requirement.REPORT, Requirement.FIRST_CONTACT],
        window_start__lte=day,
        due__gte=day - dt.timedelta(days=31),
    ).order_by("due")
    covered = False
    for obligation in candidates:
        covered = covered or obligation.due >= day
        last_day = obligation.due + dt.timedelta(days=obligation.grace_days)
        if obligation.status == ObligationStatus.OPEN and day <= last_day:
            return obligation, last_day, True
    return None, day, covered


def _end_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


@transaction.atomic
def checkin_open(*, case: Case, now: dt.datetime | None = None, key: uuid.UUID | None = None) -> CheckIn:
    """The client opens a check-in (idempotent per key)."""
    now = now or timezone.now()
    if case.status not in ACTIVE_STATUSES:
        raise ValidationError(_("Masa bimbingan Anda sudah berakhir."))
    if key:
        existing = CheckIn.objects.filter(key=key).first()
        if existing:
            if existing.case_id != case.id:
                raise ValidationError(_("Kode lapor tidak valid."))
            return existing
    obligations_ensure(case=case, today=timezone.localdate(now))
    obligation, last_day, _covered = _checkin_window(case, timezone.localdate(now))
    return CheckIn.objects.create(
        case=case,
        obligation=obligation,
        key=key or uuid.uuid4(),
        opened_at=now,
        deadline=_end_of_day(last_day),
    )


@dataclass
class CheckInAnswers:
    address_same: bool
    new_address: str = ""
    working: bool | None = None
    workplace: str = ""
    problem: str = ""

    def as_dict(self) -> dict:
        return {
            "address_same": self.address_same,
            "new_address": self.new_address.strip(),
            "working": self.working,
            "workplace": self.workplace.strip(),
            "problem": self.problem.strip(),
        }


MAX_OFFLINE_DAYS = 7  # a check-in made offline is accepted if it arrives within this many days


def checkin_made_at(client_time: dt.datetime | None, now: dt.datetime) -> dt.datetime:
    """When the check-in counts as made: the device's time, unless that clock is ahead of ours."""
    return min(client_time or now, now)


def checkin_time_error(made: dt.datetime, now: dt.datetime) -> str | None:
    if made < now - dt.timedelta(days=MAX_OFFLINE_DAYS):
        return _("Laporan ini dibuat lebih dari %(days)s hari yang lalu dan tidak dapat diterima.") % {
            "days": MAX_OFFLINE_DAYS
        }
    return None


@transaction.atomic
def checkin_submit(
    *,
    case: Case,
    key: uuid.UUID,
    answers: CheckInAnswers,
    client_time: dt.datetime | None = None,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    photo=None,
    now: dt.datetime | None = None,
) -> tuple[CheckIn, bool]:
    """Submit a check-in. Retries with the same key return the stored one unchanged: (checkin, created).

    Also judges a check-in the portal API stored as `received` (then `now` is its receipt time).
    Kept to a handful of queries: Monday mornings bring bursts of these.
    """
    now = now or timezone.now()
    existing = CheckIn.objects.select_for_update().filter(key=key).first()
    return _checkin_complete(
        existing,
        case=case,
        key=key,
        answers=answers,
        client_time=client_time,
        latitude=latitude,
        longitude=longitude,
        photo=photo,
        now=now,
    )


def _checkin_complete(
    existing: CheckIn | None,
    *,
    case: Case,
    key: uuid.UUID,
    answers: CheckInAnswers,
    client_time: dt.datetime | None,
    latitude: Decimal | None,
    longitude: Decimal | None,
    photo,
    now: dt.datetime,
) -> tuple[CheckIn, bool]:
    """checkin_submit once the check-in with this key, if any, is locked (`existing`)."""
    if existing and existing.case_id != case.id:
        raise ValidationError(_("Kode lapor tidak valid."))
    if existing and existing.status not in (CheckInStatus.OPENED, CheckInStatus.RECEIVED):
        return existing, False
    if case.status not in ACTIVE_STATUSES:
        raise ValidationError(_("Masa bimbingan Anda sudah berakhir."))
    made = checkin_made_at(client_time, now)
    errors = {}
    if time_error := checkin_time_error(made, now):
        errors["client_time"] = time_error
    if not answers.address_same and not answers.new_address.strip():
        errors["new_address"] = _("Tulis alamat Anda yang baru.")
    if len(answers.problem) > 1000:
        errors["problem"] = _("Keterangan masalah terlalu panjang (maksimal 1000 huruf).")
    if errors:
        raise ValidationError(errors)
    if existing and existing.deadline is not None:
        checkin = existing  # opened before: its window was fixed then
    else:
        day = timezone.localdate(made)
        obligation, last_day, covered = _checkin_window(case, day)
        if not covered and obligations_ensure(case=case, today=day):
            obligation, last_day, covered = _checkin_window(case, day)  # the schedule had not reached today
        checkin = existing or CheckIn(case=case, key=key, opened_at=made)
        checkin.obligation, checkin.deadline = obligation, _end_of_day(last_day)
    if made > checkin.deadline:
        raise ValidationError(_("Batas waktu lapor untuk periode ini sudah lewat. Hubungi PK Anda."))
    checkin.status = CheckInStatus.SUBMITTED
    checkin.client_time = made
    checkin.received_at = now
    checkin.answers = answers.as_dict()
    checkin.latitude, checkin.longitude = latitude, longitude
    if photo:
        checkin.photo = photo
    checkin.contact = _contact_create(
        actor=None,
        case=case,
        now=now,
        ensure=False,
        data=ContactData(
            kind=Kind.SELF_CHECKIN,
            occurred_at=made,
            latitude=latitude,
            longitude=longitude,
            address_changed=not answers.address_same,
            new_address=answers.new_address,
            notes=answers.problem,
        ),
    )
    if checkin.pk is None:
        checkin.save()
    else:
        checkin.save(update_fields=_CHECKIN_SUBMITTED_FIELDS + (["photo"] if photo else []))
    return checkin, True  # new, or opened before and submitted now


_CHECKIN_SUBMITTED_FIELDS = [
    "status", "client_time", "received_at", "answers", "latitude", "longitude", "obligation", "deadline", "contact",
]  # fmt: skip


def checkins_process(*, limit: int = 200) -> dict[str, int]:
    """Judge the check-ins the portal API stored as `received`, oldest first, each as a submission made
    when it arrived: `submitted` (contact recorded, obligation met) or `refused` with the reason.
    Safe to run in several workers at once (rows are locked and skipped, not waited for)."""
    counts = {"submitted": 0, "refused": 0}
    while True:
        with transaction.atomic():
            batch = list(
                CheckIn.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(status=CheckInStatus.RECEIVED)
                .select_related("case")
                .order_by("received_at", "id")[:limit]
            )
            for row in batch:
                try:
                    with transaction.atomic():  # a refusal rolls back only this row's savepoint
                        _checkin_complete(
                            row,  # locked above
                            case=row.case,
                            key=row.key,
                            answers=CheckInAnswers(**row.answers),
                            client_time=row.client_time,
                            latitude=row.latitude,
                            longitude=row.longitude,
                            photo=None,
                            now=row.received_at,
                        )
                    counts["submitted"] += 1
                except ValidationError as error:
                    reason = " ".join(error.messages)[:500]
                    CheckIn.objects.filter(id=row.id).update(status=CheckInStatus.REFUSED, review_note=reason)
                    counts["refused"] += 1
        if len(batch) < limit:
            return counts


@transaction.atomic
def checkin_review(*, actor: User, checkin: CheckIn, decision: str, note: str = "") -> CheckIn:
    """The PK accepts the check-in, asks for more, or flags it (a flagged one no longer counts as a report)."""
    if not may_act(checkin.case, actor):
        raise PermissionDenied
    if checkin.status != CheckInStatus.SUBMITTED:
        raise ValidationError(_("Laporan ini belum dikirim atau sudah ditinjau."))
    if decision not in {s.value for s in REVIEWED}:
        raise ValidationError({"decision": _("Pilih keputusan: terima, minta keterangan, atau tandai.")})
    if decision != CheckInStatus.ACCEPTED and len(note.strip()) < 3:
        raise ValidationError({"note": _("Tulis catatan untuk klien atau alasan penandaan.")})
    checkin.status = decision
    checkin.reviewed_by = actor
    checkin.reviewed_at = timezone.now()
    checkin.review_note = note.strip()[:500]
    checkin.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    if decision == CheckInStatus.MORE:
        from bimkemas.contacts.reminders import checkin_more_requested

        checkin_more_requested(checkin)
    if decision == CheckInStatus.FLAGGED and checkin.contact:
        checkin.contact.counts_as_report = False
        checkin.contact.save(update_fields=["counts_as_report"])
        _unsatisfy(checkin.contact)
    _event(
        checkin.case,
        CaseEvent.Code.CHECKIN_REVIEWED,
        actor,
        checkin=checkin.id,
        decision=decision,
        note=checkin.review_note,
    )
    audit_record(
        actor=actor,
        action="update",
        context="checkin_review",
        obj=checkin,
        changes={"status": ["submitted", decision], "note": checkin.review_note},
    )
    return checkin
