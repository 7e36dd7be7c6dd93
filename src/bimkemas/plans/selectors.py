"""Read queries of the plans app, authorised through the case (bimkemas.cases.selectors), and the
selectors other pages use: `plans_due_for` (Hari ini), `plan_fields_for_case` (enrolment suggestions).
Coverage figures are in bimkemas.plans.coverage."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bimkemas.activities.models import Enrolment
from bimkemas.assessments.models import Assessment, Instrument
from bimkemas.assessments.selectors import case_lineage_ids, guidance_map, needs_summary
from bimkemas.cases.models import ACTIVE_STATUSES, Case
from bimkemas.cases.phases import PHASE_LABELS, PHASES, Phase
from bimkemas.cases.selectors import case_display_name, case_get_for, case_restricted_for, case_scope
from bimkemas.contacts.compliance import Compliance, compliance
from bimkemas.contacts.models import Interval, Obligation, Requirement
from bimkemas.contacts.services import schedule_in_force
from bimkemas.org.models import User
from bimkemas.partners.models import Field
from bimkemas.plans import schedule
from bimkemas.plans.models import Evaluation, EvaluationStatus, Plan, PlanStatus
from bimkemas.plans.proposal import PROPOSED_BANDS, fields_in_order, latest_final

# --- fetch and authorise ----------------------------------------------------------------------------------


def plan_get_for(*, actor: User, plan_id: int, for_update: bool = False) -> Plan:
    """A plan whose case the actor may see: 404 outside their scope, 403 when refused (restricted)."""
    plan = Plan.objects.select_related("agreed_by", "created_by", "needs_assessment__instrument",
                                       "risk_assessment__instrument", "carried_from__case__bapas",
                                       "carried_from__agreed_by").filter(id=plan_id).first()  # fmt: skip
    if plan is None:
        raise Http404
    plan.case = case_get_for(actor=actor, case_id=plan.case_id, for_update=for_update)
    return plan


def evaluation_get_for(*, actor: User, evaluation_id: int, for_update: bool = False) -> Evaluation:
    evaluation = (
        Evaluation.objects.select_related("plan", "finalised_by", "created_by")
        .filter(id=evaluation_id)
        .first()
    )
    if evaluation is None:
        raise Http404
    evaluation.case = case_get_for(actor=actor, case_id=evaluation.case_id, for_update=for_update)
    return evaluation


def plan_can_write(*, actor: User, case: Case) -> bool:
    """The case's PK (and named staff) and the leads of its Bapas, while the case is open."""
    return (
        case.is_active
        and case_scope(actor).filter(id=case.id).exists()
        and not case_restricted_for(case, actor)
    )


def phase_of(case: Case, code: str) -> Phase | None:
    return next((p for p in schedule.case_phases(case) if p.code == code), None)


# --- the case's plans page --------------------------------------------------------------------------------


@dataclass
class PhaseRow:
    phase: Phase
    plan: Plan | None
    evaluation: Evaluation | None
    is_current: bool
    is_finished: bool
    plan_state: str = ""  # "", due, overdue (only for the current phase without an agreed plan)
    evaluation_state: str = ""  # "", due, overdue (no final evaluation yet)
    earlier: Plan | None = None  # this phase's plan at the Bapas the client came from

    @property
    def label(self) -> str:
        return self.phase.label

    @property
    def can_evaluate(self) -> bool:
        return bool(self.evaluation_state) or self.is_finished


def case_plan_rows(*, case: Case, today: dt.date, earlier: dict[str, Plan] | None = None) -> list[PhaseRow]:
    phases = schedule.case_phases(case)
    current = schedule.current_phase(phases, today) if case.is_active else None
    plans = {
        p.phase: p
        for p in Plan.objects.filter(case=case).select_related("agreed_by").prefetch_related("goals")
    }
    evaluations = {e.phase: e for e in Evaluation.objects.filter(case=case).select_related("finalised_by")}
    rows = []
    for phase in phases:
        plan, evaluation = plans.get(phase.code), evaluations.get(phase.code)
        row = PhaseRow(
            phase=phase,
            plan=plan,
            evaluation=evaluation,
            is_current=current is not None and phase.code == current.code,
            is_finished=phase.end is not None and phase.end < today,
            earlier=(earlier or {}).get(phase.code),
        )
        if case.is_active:
            if row.is_current and not (plan and plan.is_agreed):
                row.plan_state = schedule.plan_state(phase, today, handover=case.handover_date)
            if not (evaluation and evaluation.is_final):
                row.evaluation_state = schedule.evaluation_state(phase, today)
        rows.append(row)
    return rows


# --- plans of the cases this one continues (transfers between Bapas) ------------------------------------


@dataclass
class EarlierPhase:
    code: str
    label: str
    plan: Plan | None
    evaluation: Evaluation | None


@dataclass
class EarlierCase:
    """A case this one continues, at the Bapas the client was transferred from, with its plans and
    evaluations (read-only). `restricted`: the Kepala of that Bapas restricted the case and the actor is
    not among its named staff — nothing of it is shown."""

    case: Case
    restricted: bool
    phases: list[EarlierPhase] = field(default_factory=list)

    @property
    def bapas_name(self) -> str:
        return self.case.bapas.name


def earlier_plans(*, actor: User, case: Case) -> list[EarlierCase]:
    """The plans and evaluations of the cases `case` continues, the nearest first. `case` must already be
    authorised for the actor (case_get_for): whoever may see a continuation may read its history. Only
    phases with a plan or an evaluation are listed. A fixed number of queries per earlier case plus four."""
    ids = case_lineage_ids(case)[1:]
    if not ids:
        return []
    cases = Case.objects.select_related("bapas").in_bulk(ids)
    plans: dict[tuple[int, str], Plan] = {
        (p.case_id, p.phase): p
        for p in Plan.objects.filter(case_id__in=ids)
        .select_related("agreed_by", "created_by")
        .prefetch_related("goals")
    }
    evaluations: dict[tuple[int, str], Evaluation] = {
        (e.case_id, e.phase): e
        for e in Evaluation.objects.filter(case_id__in=ids)
        .select_related("finalised_by")
        .prefetch_related("ratings")
    }
    out = []
    for case_id in ids:
        earlier = cases[case_id]
        restricted = case_restricted_for(earlier, actor)
        group = EarlierCase(case=earlier, restricted=restricted)
        if not restricted:
            for code, label in PHASES:
                plan, evaluation = plans.get((case_id, code)), evaluations.get((case_id, code))
                if plan is not None or evaluation is not None:
                    group.phases.append(EarlierPhase(code, str(label), plan, evaluation))
        out.append(group)
    return out


def carried_plans(groups: list[EarlierCase]) -> dict[str, Plan]:
    """Per phase, the plan a new proposal on the continuation starts from: that of the nearest earlier case
    with a plan (agreed or draft) holding at least one goal."""
    found: dict[str, Plan] = {}
    for group in groups:
        for row in group.phases:
            if row.code not in found and row.plan is not None and row.plan.goals.all():
                found[row.code] = row.plan
    return found


def earlier_plan_for(*, actor: User, case: Case, phase: str) -> Plan | None:
    """The plan of `phase` a proposal on `case` (a continuation) starts from, or None."""
    for case_id in case_lineage_ids(case)[1:]:
        plan = Plan.objects.filter(case_id=case_id, phase=phase).select_related("case__bapas").first()
        if plan is None:
            continue
        if case_restricted_for(plan.case, actor) or not plan.goals.exists():
            continue
        return plan
    return None


# --- reporting frequency in force -------------------------------------------------------------------------


def _every(every: int, interval: str) -> str:
    unit = Interval(interval).label if interval in Interval.values else interval
    return _("setiap %(n)s %(unit)s") % {"n": every, "unit": unit}


def reporting_in_force(case: Case, day: dt.date) -> str:
    """The reporting frequency in force for the case on `day`, from the reporting rules and the PK's
    per-client adjustments (read only: the plan never changes the schedule)."""
    parts = []
    for requirement, found, override in schedule_in_force(case, day):
        text = f"{Requirement(requirement).label}: {_every(found.every, found.interval)}"
        if override is not None:
            text += " " + _("(disesuaikan PK: %(reason)s)") % {"reason": override.reason}
        parts.append(text)
    return "; ".join(parts) or _("Belum ada aturan wajib lapor yang berlaku.")


# --- figures of a phase, from the records -----------------------------------------------------------------


@dataclass
class PhaseFigures:
    compliance: Compliance
    sessions_enrolled: int
    sessions_attended: int
    band_changes: list[dict] = field(default_factory=list)

    @property
    def attendance_rate(self) -> float | None:
        return self.sessions_attended / self.sessions_enrolled if self.sessions_enrolled else None


def _band_label(definition: dict, code: str) -> str:
    for band in definition.get("bands", []):
        if band["code"] == code:
            return band.get("label", code)
    return code


def phase_figures(*, case: Case, start: dt.date, end: dt.date, today: dt.date) -> PhaseFigures:
    """Reporting compliance of the obligations due in [start, end], attendance of the activity sessions
    in the window that have begun, and the latest band change of each instrument assessed in the window."""
    obligations = Obligation.objects.filter(case_id=case.id, due__gte=start, due__lte=end)
    now = timezone.now()
    sessions = Enrolment.objects.filter(
        case_id=case.id,
        activity__cancelled=False,
        activity__starts_at__date__gte=start,
        activity__starts_at__date__lte=end,
        activity__starts_at__lte=now,
    )
    enrolled = sessions.count()
    attended = sessions.filter(attendance__present=True).count()
    changes = []
    latest: dict[str, Assessment] = {}
    finals = (
        Assessment.objects.filter(
            case_id__in=case_lineage_ids(case),
            status=Assessment.Status.FINAL,
            assessed_at__date__gte=start,
            assessed_at__date__lte=end,
        )
        .select_related("instrument", "previous")
        .order_by("assessed_at", "id")
    )
    for a in finals:
        latest[a.instrument.code] = a
    for a in latest.values():
        definition = a.instrument.definition
        changes.append({
            "instrument": a.instrument.display_name,
            "kind": a.instrument.kind,
            "before": a.previous.band if a.previous else "",
            "before_label": _band_label(definition, a.previous.band) if a.previous else "",
            "after": a.band,
            "after_label": _band_label(definition, a.band),
            "assessed_on": timezone.localdate(a.assessed_at).isoformat(),
        })  # fmt: skip
    return PhaseFigures(
        compliance=compliance(obligations, today=today),
        sessions_enrolled=enrolled,
        sessions_attended=attended,
        band_changes=changes,
    )


def evaluation_figures(evaluation: Evaluation, *, today: dt.date) -> PhaseFigures:
    """The stored snapshot of a final evaluation; the live figures of a draft."""
    if evaluation.is_final:
        return PhaseFigures(
            compliance=Compliance(
                met=evaluation.reports_met or 0,
                met_late=evaluation.reports_late or 0,
                missed=evaluation.reports_missed or 0,
                excused=evaluation.reports_excused or 0,
                overdue=evaluation.reports_open or 0,
            ),
            sessions_enrolled=evaluation.sessions_enrolled or 0,
            sessions_attended=evaluation.sessions_attended or 0,
            band_changes=list(evaluation.band_changes or []),
        )
    return phase_figures(case=evaluation.case, start=evaluation.window_start, end=evaluation.window_end,
                         today=today)  # fmt: skip


# --- for other pages --------------------------------------------------------------------------------------


@dataclass
class DueItem:
    kind: str  # "plan" or "evaluation"
    state: str  # schedule.DUE or schedule.OVERDUE
    case: Case
    name: str  # the client's name as the actor may see it
    phase: str  # phase code
    phase_label: str
    due_date: dt.date | None
    url: str

    @property
    def overdue(self) -> bool:
        return self.state == schedule.OVERDUE

    @property
    def label(self) -> str:
        if self.kind == "plan":
            return _("Rencana program %(phase)s") % {"phase": self.phase_label.lower()}
        return _("Evaluasi %(phase)s") % {"phase": self.phase_label.lower()}


def _own_active_cases(actor: User) -> QuerySet[Case]:
    """The cases the actor works on day to day: supervised (and named on); a lead: those they supervise."""
    if not (actor.is_authenticated and actor.is_active):
        return Case.objects.none()
    if actor.is_supervisor:
        return case_scope(actor).filter(status__in=ACTIVE_STATUSES)
    return Case.objects.filter(officer_id=actor.id, status__in=ACTIVE_STATUSES)


class DueList(list):
    """The first items of a longer list; `total` is how many there are in all."""

    def __init__(self, items, total: int):
        super().__init__(items)
        self.total = total

    @property
    def more(self) -> int:
        return self.total - len(self)


def plans_due_for(*, actor: User, today: dt.date, limit: int = 200) -> DueList:
    """The actor's cases needing a plan for their current phase or an evaluation of a phase that has
    ended (or ends within the lead days): overdue first, then by due date, the first `limit` of them
    (`.total` counts all). A fixed number of queries."""
    slim = list(
        _own_active_cases(actor).values_list(
            "id", "period_start", "period_end", "after_care_end", "handover_date"
        )
    )
    ids = [row[0] for row in slim]
    agreed = set(
        Plan.objects.filter(case_id__in=ids, status=PlanStatus.AGREED).values_list("case_id", "phase")
    )
    evaluated = set(
        Evaluation.objects.filter(case_id__in=ids, status=EvaluationStatus.FINAL).values_list(
            "case_id", "phase"
        )
    )
    found: list[tuple[int, str, str, Phase, dt.date | None]] = []
    for case_id, start, end, after_care_end, handover in slim:
        phases = schedule.phases_of(start, end, after_care_end, handover)
        current = schedule.current_phase(phases, today)
        if current is not None and (case_id, current.code) not in agreed:
            found.append((case_id, "plan", schedule.plan_state(current, today, handover=handover), current,
                          schedule.plan_due_date(current, handover=handover)))  # fmt: skip
        for phase in phases:
            if (case_id, phase.code) in evaluated:
                continue
            state = schedule.evaluation_state(phase, today)
            if state:
                found.append((case_id, "evaluation", state, phase, schedule.evaluation_due_date(phase)))
    found.sort(key=lambda f: (f[2] != schedule.OVERDUE, f[4] or dt.date.max, f[0]))
    total = len(found)
    found = found[:limit]
    cases = Case.objects.select_related("person").in_bulk({f[0] for f in found})
    items = []
    for case_id, kind, state, phase, due in found:
        case = cases[case_id]
        items.append(DueItem(
            kind=kind, state=state, case=case, name=case_display_name(case, actor), phase=phase.code,
            phase_label=str(PHASE_LABELS[phase.code]), due_date=due,
            url=reverse("case_plans", kwargs={"case_id": case_id}) + f"#tahap-{phase.code}",
        ))  # fmt: skip
    return DueList(items, total)


def needs_fields(assessment: Assessment) -> list[str]:
    """The guidance fields answering the domains of a needs assessment with band sedang or tinggi."""
    mapping = guidance_map(assessment.instrument)
    codes = []
    for domain, band in needs_summary(assessment):
        if band in PROPOSED_BANDS:
            codes.extend(c for c in mapping.get(domain, []) if c in Field.values)
    return fields_in_order(codes)


def plan_fields_for_case(case: Case, today: dt.date) -> list[str]:
    """Guidance fields to suggest activities in: the goals of the current phase's plan (agreed or draft);
    without a plan (or goals), the fields the latest final needs assessment points to; else []."""
    current = schedule.current_phase(schedule.case_phases(case), today)
    if current is not None:
        plan = Plan.objects.filter(case_id=case.id, phase=current.code).first()
        if plan is not None:
            codes = fields_in_order(plan.goals.values_list("field", flat=True))
            if codes:
                return codes
    needs = latest_final(case, Instrument.Kind.NEEDS)
    return needs_fields(needs) if needs is not None else []


def plan_fields_for_cases(cases, today: dt.date) -> dict[int, list[str]]:
    """`plan_fields_for_case` for many cases at once (an enrolment candidate list): three queries whatever
    the number of cases. Cases without any field are left out of the result."""
    cases = list(cases)
    current = {}
    for c in cases:
        phase = schedule.current_phase(schedule.case_phases(c), today)
        if phase is not None:
            current[c.id] = phase.code
    from_plans: dict[int, list[str]] = {}
    goals = Plan.objects.filter(case_id__in=list(current)).values_list("case_id", "phase", "goals__field")
    for case_id, phase, code in goals:
        if code and current.get(case_id) == phase:
            from_plans.setdefault(case_id, []).append(code)
    out = {case_id: fields_in_order(codes) for case_id, codes in from_plans.items()}
    rest = [c.id for c in cases if c.id not in out]
    if rest:
        latest: dict[int, Assessment] = {}
        finals = (
            Assessment.objects.filter(
                case_id__in=rest, status=Assessment.Status.FINAL, instrument__kind=Instrument.Kind.NEEDS
            )
            .select_related("instrument")
            .order_by("case_id", "-assessed_at", "-id")
        )
        for a in finals:
            latest.setdefault(a.case_id, a)
        for case_id, a in latest.items():
            codes = needs_fields(a)
            if codes:
                out[case_id] = codes
    return out
