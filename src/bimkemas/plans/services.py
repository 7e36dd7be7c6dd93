"""Operations on phase plans and evaluations. Atomic, keyword-only, with the acting user explicit; every
change is audited (a plan is personal data about a client); agreeing a plan and finalising an evaluation
write `plan_agreed` / `evaluation_done` on the case timeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bimkemas.activities.models import Activity
from bimkemas.audit.services import audit_record
from bimkemas.cases.models import Case, CaseEvent, Status
from bimkemas.cases.phases import PHASE_LABELS
from bimkemas.cases.selectors import case_restricted_for, case_scope
from bimkemas.org.models import User
from bimkemas.partners.models import Field, Partner
from bimkemas.plans import schedule
from bimkemas.plans.models import (
    Attainment,
    Evaluation,
    EvaluationStatus,
    Goal,
    GoalRating,
    Plan,
    PlanStatus,
    ProposedFrom,
    Recommendation,
)
from bimkemas.plans.proposal import propose
from bimkemas.plans.selectors import earlier_plan_for, phase_figures, reporting_in_force

TEXT_MAX = 4000
GOAL_MAX = 1000
INDICATOR_MAX = 300
GOALS_MAX = 40


def _require_team(actor: User, case: Case) -> None:
    if not case_scope(actor).filter(id=case.id).exists() or case_restricted_for(case, actor):
        raise PermissionDenied(
            _("Hanya PK kasus ini dan pimpinan Bapas yang dapat menyusun program bimbingan.")
        )
    if case.status == Status.ENDED:
        raise ValidationError(_("Kasus sudah berakhir dan hanya dapat dibaca."))


def _phase(case: Case, code: str):
    for phase in schedule.case_phases(case):
        if phase.code == code:
            return phase
    if code == "after_care":
        raise ValidationError(
            {"phase": _("Kasus ini tidak memiliki tahap after care (akhir after care belum diisi).")}
        )
    raise ValidationError({"phase": _("Tahap %(phase)s tidak berlaku untuk kasus ini.") % {"phase": code}})


def _reporting_day(window, today: dt.date) -> dt.date:
    """The day whose reporting frequency a plan records: today, kept inside the phase."""
    day = max(window.start, today)
    return min(day, window.end) if window.end else day


def _lock(model, obj_id: int):
    return model.objects.select_for_update().select_related("case").get(id=obj_id)


# --- plans ----------------------------------------------------------------------------------------------------


@transaction.atomic
def plan_create(
    *, actor: User, case: Case, phase: str, today: dt.date | None = None, proposed: bool = True
) -> Plan:
    """A draft plan for `phase`, proposed from the assessments (or blank). One plan per case and phase."""
    today = today or timezone.localdate()
    case = Case.objects.select_for_update().get(id=case.id)
    _require_team(actor, case)
    window = _phase(case, phase)
    if Plan.objects.filter(case=case, phase=phase).exists():
        raise ValidationError({"phase": _("Rencana program %(phase)s sudah ada untuk kasus ini; ubah rencana itu.")
                               % {"phase": str(PHASE_LABELS[phase]).lower()}})  # fmt: skip
    plan = Plan(case=case, phase=phase, created_by=actor,
                reporting_in_force=reporting_in_force(case, _reporting_day(window, today))[:300])  # fmt: skip
    goals, activities, partners = [], [], []
    if proposed:
        carry = earlier_plan_for(actor=actor, case=case, phase=phase)
        proposal = propose(case=case, phase=phase, today=today, carry_from=carry)
        if proposal.carried_from is not None:
            plan.proposed_from = ProposedFrom.PREVIOUS
            plan.carried_from = proposal.carried_from
        else:
            plan.proposed_from = ProposedFrom.NEEDS if proposal.from_needs else ProposedFrom.GENERIC
        plan.needs_assessment, plan.risk_assessment = proposal.needs, proposal.risk
        plan.intensity_note = proposal.intensity_note
        goals, activities, partners = proposal.goals, proposal.activities, proposal.partners
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError as exc:  # a concurrent request made it first
        raise ValidationError({"phase": _("Rencana program tahap ini sudah ada.")}) from exc
    Goal.objects.bulk_create([
        Goal(plan=plan, field=g.field, domain=g.domain, text=g.text, indicator=g.indicator[:INDICATOR_MAX],
             position=i, carried_over=g.carried)
        for i, g in enumerate(goals)
    ])  # fmt: skip
    plan.activities.set(activities)
    plan.partners.set(partners)
    changes = {"case": [None, case.id], "phase": [None, phase], "proposed_from": [None, plan.proposed_from],
               "goals": [None, len(goals)]}  # fmt: skip
    if plan.carried_from_id:
        changes["carried_from"] = [None, plan.carried_from_id]
    audit_record(actor=actor, action="create", obj=plan, context="plan_create", changes=changes)
    _evaluations_follow(actor=actor, plan=plan)
    return plan


@dataclass
class GoalData:
    field: str
    text: str
    indicator: str = ""
    domain: str = ""
    id: int | None = None  # the plan's goal this row edits (kept, with its ratings); None: a new goal


@dataclass
class PlanData:
    goals: list[GoalData]
    activity_ids: list[int]
    partner_ids: list[int]
    resources_note: str = ""
    reporting_note: str = ""
    intensity_note: str = ""
    notes: str = ""


def _plan_errors(data: PlanData) -> dict:
    errors: dict[str, list[str]] = {}
    for i, g in enumerate(data.goals, start=1):
        if g.field not in Field.values:
            errors.setdefault(f"goal-{i}-field", []).append(
                _("Sasaran %(n)d: pilih bidang pembimbingan.") % {"n": i})  # fmt: skip
        if not g.text.strip():
            errors.setdefault(f"goal-{i}-text", []).append(_("Sasaran %(n)d: tulis sasarannya.") % {"n": i})
        elif len(g.text) > GOAL_MAX:
            errors.setdefault(f"goal-{i}-text", []).append(
                _("Sasaran %(n)d terlalu panjang (maksimum %(max)d karakter).") % {"n": i, "max": GOAL_MAX})  # fmt: skip
        if len(g.indicator) > INDICATOR_MAX:
            errors.setdefault(f"goal-{i}-indicator", []).append(
                _("Target/indikator sasaran %(n)d terlalu panjang (maksimum %(max)d karakter).")
                % {"n": i, "max": INDICATOR_MAX})  # fmt: skip
    if len(data.goals) > GOALS_MAX:
        errors["goals"] = [_("Paling banyak %(max)d sasaran per tahap.") % {"max": GOALS_MAX}]
    labels = {
        "resources_note": _("Kegiatan dan mitra lain"),
        "reporting_note": _("Catatan frekuensi wajib lapor"),
        "intensity_note": _("Intensitas kontak"),
        "notes": _("Catatan PK"),
    }
    for name, label in labels.items():
        if len(getattr(data, name)) > TEXT_MAX:
            errors[name] = [_("%(field)s terlalu panjang (maksimum %(max)d karakter).")
                            % {"field": label, "max": TEXT_MAX}]  # fmt: skip
    return errors


@transaction.atomic
def plan_save(*, actor: User, plan: Plan, data: PlanData) -> Plan:
    """Replace a draft plan's goals, activities, partners and notes."""
    plan = _lock(Plan, plan.id)
    _require_team(actor, plan.case)
    if plan.is_agreed:
        raise ValidationError(_("Rencana ini sudah ditetapkan; buka kembali sebagai draf untuk mengubahnya."))
    errors = _plan_errors(data)
    if errors:
        raise ValidationError(errors)
    activities = list(Activity.objects.filter(id__in=data.activity_ids, bapas_id=plan.case.bapas_id))
    partners = list(Partner.objects.filter(id__in=data.partner_ids, bapas_id=plan.case.bapas_id))
    if len(activities) != len(set(data.activity_ids)):
        raise ValidationError({"activities": [_("Kegiatan yang dipilih bukan kegiatan Bapas kasus ini.")]})
    if len(partners) != len(set(data.partner_ids)):
        raise ValidationError({"partners": [_("Mitra yang dipilih bukan mitra Bapas kasus ini.")]})
    before = {
        "goals": list(plan.goals.values_list("field", "text", "indicator")),
        "activities": sorted(plan.activities.values_list("id", flat=True)),
        "partners": sorted(plan.partners.values_list("id", flat=True)),
        **{k: getattr(plan, k) for k in ("resources_note", "reporting_note", "intensity_note", "notes")},
    }
    _replace_goals(plan, data.goals)
    plan.activities.set(activities)
    plan.partners.set(partners)
    for k in ("resources_note", "reporting_note", "intensity_note", "notes"):
        setattr(plan, k, getattr(data, k).strip())
    plan.save()
    after = {
        "goals": [(g.field, g.text.strip(), g.indicator.strip()) for g in data.goals],
        "activities": sorted(a.id for a in activities),
        "partners": sorted(p.id for p in partners),
        **{k: getattr(plan, k) for k in ("resources_note", "reporting_note", "intensity_note", "notes")},
    }
    before["goals"] = [tuple(g) for g in before["goals"]]
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if changes:
        audit_record(actor=actor, action="update", obj=plan, changes=changes, context="plan_save")
    _evaluations_follow(actor=actor, plan=plan)
    return plan


def _replace_goals(plan: Plan, rows: list[GoalData]) -> None:
    """Make the plan's goals `rows`, in order. A row naming one of the plan's goals (`id`) edits that goal;
    a row without one keeps an unclaimed goal with the same field and text. Kept goals keep their id (and so
    the ratings of a draft evaluation and the carried-over mark); the others are removed."""
    existing = {g.id: g for g in plan.goals.all()}
    matched: list[Goal | None] = [None] * len(rows)
    claimed: set[int] = set()
    for i, row in enumerate(rows):
        if row.id in existing and row.id not in claimed:
            matched[i] = existing[row.id]
            claimed.add(row.id)
    for i, row in enumerate(rows):
        if matched[i] is None:
            same = (row.field, row.text.strip())
            free = (g for g in existing.values() if g.id not in claimed and (g.field, g.text) == same)
            goal = next(free, None)
            if goal is not None:
                matched[i] = goal
                claimed.add(goal.id)
    Goal.objects.filter(plan=plan).exclude(id__in=claimed).delete()
    kept, new = [], []
    for i, (row, goal) in enumerate(zip(rows, matched, strict=True)):
        values = {"field": row.field, "domain": row.domain[:40], "text": row.text.strip(),
                  "indicator": row.indicator.strip(), "position": i}  # fmt: skip
        if goal is None:
            new.append(Goal(plan=plan, **values))
        else:
            for k, v in values.items():
                setattr(goal, k, v)
            kept.append(goal)
    Goal.objects.bulk_update(kept, ["field", "domain", "text", "indicator", "position"])
    Goal.objects.bulk_create(new)


@transaction.atomic
def plan_agree(*, actor: User, plan: Plan, today: dt.date | None = None) -> Plan:
    """Ditetapkan: the plan becomes read-only, with the date and who agreed it; the reporting frequency in
    force is recorded with it. Needs at least one goal."""
    today = today or timezone.localdate()
    plan = _lock(Plan, plan.id)
    _require_team(actor, plan.case)
    if plan.is_agreed:
        raise ValidationError(_("Rencana ini sudah ditetapkan."))
    if not plan.goals.exists():
        raise ValidationError({"goals": [_("Tambahkan minimal satu sasaran sebelum menetapkan rencana.")]})
    window = _phase(plan.case, plan.phase)
    now = timezone.now()
    plan.status = PlanStatus.AGREED
    plan.agreed_by = actor
    plan.agreed_on = today
    plan.agreed_at = now
    plan.reporting_in_force = reporting_in_force(plan.case, _reporting_day(window, today))[:300]
    plan.save()
    audit_record(actor=actor, action="update", obj=plan, context="plan_agree",
                 changes={"status": [PlanStatus.DRAFT, PlanStatus.AGREED], "agreed_on": [None, today.isoformat()]})  # fmt: skip
    CaseEvent.objects.create(
        case=plan.case, code=CaseEvent.Code.PLAN_AGREED, actor=actor, at=now,
        payload={"phase": plan.phase, "plan": plan.id, "goals": plan.goals.count(),
                 "fields": sorted(set(plan.goals.values_list("field", flat=True)))},
    )  # fmt: skip
    return plan


@transaction.atomic
def plan_reopen(*, actor: User, plan: Plan, reason: str) -> Plan:
    """Back to draft to revise an agreed plan (the reason is audited); it must be agreed again."""
    plan = _lock(Plan, plan.id)
    _require_team(actor, plan.case)
    reason = (reason or "").strip()
    if not plan.is_agreed:
        raise ValidationError(_("Rencana ini masih draf."))
    if not reason:
        raise ValidationError({"reason": [_("Tulis alasan perubahan rencana.")]})
    if plan.evaluations.filter(status=EvaluationStatus.FINAL).exists():
        raise ValidationError(_("Tahap ini sudah dievaluasi final; rencananya tidak dapat diubah lagi."))
    before = {"status": plan.status, "agreed_on": plan.agreed_on.isoformat() if plan.agreed_on else None}
    plan.status = PlanStatus.DRAFT
    plan.agreed_by = None
    plan.agreed_on = None
    plan.agreed_at = None
    plan.save()
    audit_record(actor=actor, action="update", obj=plan, context="plan_reopen",
                 changes={"status": [before["status"], PlanStatus.DRAFT], "agreed_on": [before["agreed_on"], None],
                          "reason": [None, reason[:300]]})  # fmt: skip
    return plan


# --- evaluations ----------------------------------------------------------------------------------------------


def _follow(evaluation: Evaluation, plan: Plan | None) -> tuple[list, list] | None:
    """Make a draft evaluation's ratings those of the plan's current goals: a goal still in the plan keeps
    its rating (attainment and note), its text updated; added goals get an unrated row; ratings of removed
    goals go. Returns (before, after) goal texts when something changed, else None."""
    goals = list(plan.goals.all()) if plan is not None else []
    ratings = list(evaluation.ratings.all())
    before = [(r.field, r.text, r.indicator) for r in ratings]
    by_goal = {r.goal_id: r for r in ratings if r.goal_id is not None}
    ids = {g.id for g in goals}
    # Ratings whose goal is gone (or rows from before goals kept their id): matched on field and text.
    loose = [r for r in ratings if r.goal_id not in ids]
    keep, new = [], []  # keep: ratings kept whose goal, text or position changed
    for i, g in enumerate(goals):
        rating = by_goal.get(g.id)
        if rating is None:
            rating = next((r for r in loose if (r.field, r.text) == (g.field, g.text)), None)
            if rating is not None:
                loose.remove(rating)
        if rating is None:
            new.append(GoalRating(evaluation=evaluation, goal=g, field=g.field, text=g.text,
                                  indicator=g.indicator, position=i))  # fmt: skip
            continue
        values = {"goal_id": g.id, "field": g.field, "text": g.text, "indicator": g.indicator, "position": i}
        if any(getattr(rating, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(rating, k, v)
            keep.append(rating)
    if not (keep or new or loose):
        return None
    after = [(g.field, g.text, g.indicator) for g in goals]
    GoalRating.objects.filter(id__in=[r.id for r in loose]).delete()
    GoalRating.objects.bulk_update(keep, ["goal", "field", "text", "indicator", "position"])
    GoalRating.objects.bulk_create(new)
    return before, after


def _evaluations_follow(*, actor: User, plan: Plan) -> None:
    """The draft evaluation of the plan's phase follows the plan's goals; a final one stays as it was."""
    for evaluation in Evaluation.objects.select_for_update().filter(
        case_id=plan.case_id, phase=plan.phase, status=EvaluationStatus.DRAFT
    ):
        if evaluation.plan_id != plan.id:
            evaluation.plan = plan
            evaluation.save(update_fields=["plan", "updated_at"])
        changed = _follow(evaluation, plan)
        if changed is not None:
            audit_record(actor=actor, action="update", obj=evaluation, context="evaluation_follow_plan",
                         changes={"goals": [[list(t) for t in changed[0]], [list(t) for t in changed[1]]]})  # fmt: skip


@transaction.atomic
def evaluation_start(*, actor: User, case: Case, phase: str, today: dt.date | None = None) -> Evaluation:
    """A draft evaluation of `phase`, once the phase has ended or ends within the lead days; the goals of
    the phase's plan are copied into it to be rated."""
    today = today or timezone.localdate()
    case = Case.objects.select_for_update().get(id=case.id)
    _require_team(actor, case)
    window = _phase(case, phase)
    lead = schedule.evaluation_lead_days()
    opens = window.end - dt.timedelta(days=lead)  # phases of a case always end (after care: its end)
    if today < opens:
        raise ValidationError({"phase": _(
            "Evaluasi %(phase)s baru dapat dibuat mulai %(day)s (%(n)d hari sebelum tahap berakhir)."
        ) % {"phase": str(PHASE_LABELS[phase]).lower(), "day": opens.strftime("%d-%m-%Y"), "n": lead}})  # fmt: skip
    if Evaluation.objects.filter(case=case, phase=phase).exists():
        raise ValidationError({"phase": _("Evaluasi tahap ini sudah ada; lanjutkan evaluasi itu.")})
    plan = Plan.objects.filter(case=case, phase=phase).first()
    evaluation = Evaluation.objects.create(
        case=case, phase=phase, plan=plan, window_start=window.start, window_end=window.end, created_by=actor
    )
    if plan is not None:
        GoalRating.objects.bulk_create([
            GoalRating(evaluation=evaluation, goal=g, field=g.field, text=g.text, indicator=g.indicator,
                       position=g.position)
            for g in plan.goals.all()
        ])  # fmt: skip
    audit_record(actor=actor, action="create", obj=evaluation, context="evaluation_start",
                 changes={"case": [None, case.id], "phase": [None, phase]})  # fmt: skip
    return evaluation


@dataclass
class RatingData:
    rating_id: int
    attainment: str
    note: str = ""


@dataclass
class EvaluationData:
    ratings: list[RatingData]
    conclusion: str = ""
    recommendation: str = ""
    recommendation_note: str = ""


def _require_draft(evaluation: Evaluation) -> None:
    if evaluation.is_final:
        raise ValidationError(_("Evaluasi ini sudah final dan hanya dapat dibaca."))


@transaction.atomic
def evaluation_save(*, actor: User, evaluation: Evaluation, data: EvaluationData) -> Evaluation:
    """Save a draft's ratings, conclusion and recommendation (some may still be open)."""
    evaluation = _lock(Evaluation, evaluation.id)
    _require_team(actor, evaluation.case)
    _require_draft(evaluation)
    errors: dict[str, list[str]] = {}
    ratings = {r.id: r for r in evaluation.ratings.all()}
    for d in data.ratings:
        if d.rating_id not in ratings:
            errors.setdefault("ratings", []).append(_("Sasaran yang dinilai bukan bagian evaluasi ini."))
        elif d.attainment and d.attainment not in Attainment.values:
            errors.setdefault(f"rating-{d.rating_id}", []).append(_("Pilih capaian sasaran."))
        elif len(d.note) > TEXT_MAX:
            errors.setdefault(f"rating-{d.rating_id}", []).append(_("Catatan capaian terlalu panjang."))
    if data.recommendation and data.recommendation not in Recommendation.values:
        errors["recommendation"] = [_("Pilih rekomendasi.")]
    for name, label in (("conclusion", _("Kesimpulan")), ("recommendation_note", _("Catatan rekomendasi"))):
        if len(getattr(data, name)) > TEXT_MAX:
            errors[name] = [_("%(field)s terlalu panjang (maksimum %(max)d karakter).")
                            % {"field": label, "max": TEXT_MAX}]  # fmt: skip
    if errors:
        raise ValidationError(errors)
    changes = {}
    for d in data.ratings:
        rating = ratings[d.rating_id]
        if (rating.attainment, rating.note) != (d.attainment, d.note.strip()):
            changes[f"rating {rating.position + 1}"] = [
                [rating.attainment, rating.note],
                [d.attainment, d.note.strip()],
            ]
            rating.attainment, rating.note = d.attainment, d.note.strip()
            rating.save(update_fields=["attainment", "note"])
    for name in ("conclusion", "recommendation", "recommendation_note"):
        value = getattr(data, name).strip()
        if getattr(evaluation, name) != value:
            changes[name] = [getattr(evaluation, name), value]
            setattr(evaluation, name, value)
    evaluation.save()
    if changes:
        audit_record(actor=actor, action="update", obj=evaluation, changes=changes, context="evaluation_save")
    return evaluation


@transaction.atomic
def evaluation_finalise(*, actor: User, evaluation: Evaluation, today: dt.date | None = None) -> Evaluation:
    """Final: every goal rated, a conclusion and a recommendation; the phase's figures are computed from the
    records now and stored with it (they no longer change when the records do)."""
    today = today or timezone.localdate()
    evaluation = _lock(Evaluation, evaluation.id)
    _require_team(actor, evaluation.case)
    _require_draft(evaluation)
    plan = evaluation.plan or Plan.objects.filter(case_id=evaluation.case_id, phase=evaluation.phase).first()
    if plan is not None:  # the goals rated are those of the plan as it is now (then frozen)
        _evaluations_follow(actor=actor, plan=plan)
    errors: dict[str, list[str]] = {}
    for i, rating in enumerate(evaluation.ratings.all(), start=1):
        if not rating.attainment:
            errors[f"rating-{rating.id}"] = [_("Sasaran %(n)d belum dinilai capaiannya.") % {"n": i}]
    if not evaluation.conclusion.strip():
        errors["conclusion"] = [_("Tulis kesimpulan evaluasi.")]
    if not evaluation.recommendation:
        errors["recommendation"] = [_("Pilih rekomendasi.")]
    if errors:
        raise ValidationError(errors)
    figures = phase_figures(case=evaluation.case, start=evaluation.window_start, end=evaluation.window_end,
                            today=today)  # fmt: skip
    now = timezone.now()
    c = figures.compliance
    evaluation.reports_met, evaluation.reports_late = c.met, c.met_late
    evaluation.reports_missed, evaluation.reports_excused = c.missed, c.excused
    evaluation.reports_open = c.overdue
    evaluation.sessions_enrolled, evaluation.sessions_attended = (
        figures.sessions_enrolled,
        figures.sessions_attended,
    )
    evaluation.band_changes = figures.band_changes
    evaluation.status = EvaluationStatus.FINAL
    evaluation.finalised_by = actor
    evaluation.finalised_at = now
    evaluation.save()
    audit_record(actor=actor, action="update", obj=evaluation, context="evaluation_finalise",
                 changes={"status": [EvaluationStatus.DRAFT, EvaluationStatus.FINAL],
                          "recommendation": [None, evaluation.recommendation]})  # fmt: skip
    CaseEvent.objects.create(
        case=evaluation.case, code=CaseEvent.Code.EVALUATION_DONE, actor=actor, at=now,
        payload={"phase": evaluation.phase, "evaluation": evaluation.id,
                 "recommendation": evaluation.recommendation,
                 "compliance": round(c.rate, 3) if c.rate is not None else None,
                 "attended": figures.sessions_attended, "enrolled": figures.sessions_enrolled},
    )  # fmt: skip
    return evaluation
