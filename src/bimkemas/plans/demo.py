"""Demo plans and evaluations for the active clients of pk1..pk8 (Bapas Yogyakarta and Wonosari): plans
proposed from the clients' assessments where they exist (generic goals otherwise), most agreed, some left
as drafts, evaluations of most finished phases — each PK with their own diligence, so that the coverage
page shows varied figures and some plans and evaluations are overdue. Made through the services as the
case's PK, then dated back to when they would have been made. Called after the assessments demo."""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from bimkemas.cases.models import ACTIVE_STATUSES, Case, CaseEvent
from bimkemas.plans import schedule
from bimkemas.plans.models import Attainment, Evaluation, Plan, Recommendation
from bimkemas.plans.services import (
    EvaluationData,
    RatingData,
    evaluation_finalise,
    evaluation_save,
    evaluation_start,
    plan_agree,
    plan_create,
)

# Share of a PK's clients whose phases they plan and evaluate (the seed-002 spread: few do it for all).
DILIGENCE = {
    "pk1": 0.92,
    "pk2": 0.55,
    "pk3": 0.3,
    "pk4": 0.75,
    "pk5": 0.45,
    "pk6": 0.85,
    "pk7": 0.2,
    "pk8": 0.6,
}
CONCLUSIONS = [
    ("Klien mengikuti program dengan baik dan menunjukkan perubahan perilaku yang positif.", Recommendation.CONTINUE),
    ("Klien sudah bekerja dan rutin wajib lapor; hubungan dengan keluarga membaik.", Recommendation.CONTINUE),
    ("Kepatuhan wajib lapor belum teratur; perlu kunjungan rumah dan pendampingan lebih sering.",
     Recommendation.ATTENTION),
    ("Klien beberapa kali tidak lapor dan sulit dihubungi; diusulkan dibahas dalam sidang TPP.", Recommendation.TPP),
]  # fmt: skip
NOTES = ["Sesuai rencana.", "Perlu pendampingan lanjutan.", "Didukung keluarga dan penjamin.", ""]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _backdate_event(case: Case, code: str, day: dt.date) -> None:
    event = CaseEvent.objects.filter(case=case, code=code).order_by("-id").first()
    if event is not None:
        CaseEvent.objects.filter(id=event.id).update(at=_at(day, 11))


def _plan(rng, case, phase, today: dt.date, *, agree: bool) -> Plan:
    plan = plan_create(actor=case.officer, case=case, phase=phase.code, today=today)
    if agree:
        day = min(phase.start + dt.timedelta(days=rng.randint(1, 12)), today)
        plan = plan_agree(actor=case.officer, plan=plan, today=day)
        Plan.objects.filter(id=plan.id).update(agreed_at=_at(day, 10))
        _backdate_event(case, "plan_agreed", day)
    return plan


def _evaluate(rng, case, phase, today: dt.date) -> Evaluation:
    evaluation = evaluation_start(actor=case.officer, case=case, phase=phase.code, today=today)
    conclusion, recommendation = rng.choice(CONCLUSIONS)
    attainments = [Attainment.MET, Attainment.MET, Attainment.PARTLY, Attainment.NOT_MET]
    data = EvaluationData(
        ratings=[
            RatingData(r.id, rng.choice(attainments), rng.choice(NOTES)) for r in evaluation.ratings.all()
        ],
        conclusion=conclusion,
        recommendation=recommendation,
    )
    evaluation = evaluation_save(actor=case.officer, evaluation=evaluation, data=data)
    evaluation = evaluation_finalise(actor=case.officer, evaluation=evaluation, today=today)
    day = min(phase.end + dt.timedelta(days=rng.randint(1, 20)), today)
    Evaluation.objects.filter(id=evaluation.id).update(finalised_at=_at(day, 14))
    _backdate_event(case, "evaluation_done", day)
    return evaluation


def populate(*, rng: random.Random, today: dt.date, bapas_codes=("BPS-YK", "BPS-WNS")) -> dict:
    """~400 plans and ~120 evaluations for both demo Bapas (about 20 s on SQLite); pass
    bapas_codes=("BPS-YK",) for Yogyakarta only."""
    counts = {"plans": 0, "agreed": 0, "evaluations": 0}
    if Plan.objects.filter(case__officer__username__in=list(DILIGENCE)).exists():
        return counts  # already populated
    cases = (
        Case.objects.filter(
            officer__username__in=list(DILIGENCE),
            status__in=ACTIVE_STATUSES,
            bapas__code__in=list(bapas_codes),
        )
        .select_related("officer")
        .order_by("id")
    )
    for case in cases:
        diligence = DILIGENCE[case.officer.username]
        phases = schedule.case_phases(case)
        current = schedule.current_phase(phases, today)
        with transaction.atomic():
            for phase in phases:
                if phase.start > today:
                    break
                is_current = current is not None and phase.code == current.code
                roll = rng.random()
                if roll < diligence:
                    _plan(rng, case, phase, today, agree=not is_current or rng.random() < 0.85)
                elif is_current and roll < diligence + 0.25:
                    _plan(rng, case, phase, today, agree=False)  # a draft waiting to be agreed
                else:
                    continue
                counts["plans"] += 1
                if phase.end is not None and phase.end < today and rng.random() < diligence:
                    _evaluate(rng, case, phase, today)
                    counts["evaluations"] += 1
    counts["agreed"] = Plan.objects.filter(
        status="agreed", case__officer__username__in=list(DILIGENCE)
    ).count()
    return counts
