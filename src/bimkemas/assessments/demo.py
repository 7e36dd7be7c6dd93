"""Demo assessments: initial risk and needs assessments for part of pk1's caseload, with a re-assessment
for clients already in tahap lanjutan or later, so the result and comparison pages have something to show.
Made through the services (as the case's PK), then dated back to when they would have been made."""

import datetime as dt
import random

from django.utils import timezone

from bimkemas.assessments.models import Assessment, Instrument
from bimkemas.assessments.services import assessment_finalise, assessment_save, assessment_start
from bimkemas.cases.models import ACTIVE_STATUSES, Case
from bimkemas.cases.phases import phase_on, phase_schedule

CASES = 12


def _answers(rng: random.Random, instrument: Instrument, weight: float) -> dict:
    """Lower options are likelier; `weight` (0–1) shifts answers towards the higher ones."""
    answers = {}
    for section in instrument.definition["sections"]:
        for item in section["items"]:
            options = item["options"]
            weights = [(1 - weight) ** i + weight * i for i in range(len(options))]
            answers[item["code"]] = rng.choices(options, weights=weights)[0]["value"]
    return answers


def _improve(rng: random.Random, answers: dict, instrument: Instrument) -> dict:
    """A re-assessment: most answers stay, some move one option down (progress), a few up."""
    out = dict(answers)
    for section in instrument.definition["sections"]:
        for item in section["items"]:
            values = [o["value"] for o in item["options"]]
            i = values.index(out[item["code"]])
            roll = rng.random()
            if roll < 0.3 and i > 0:
                out[item["code"]] = values[i - 1]
            elif roll > 0.93 and i + 1 < len(values):
                out[item["code"]] = values[i + 1]
    return out


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def populate(*, rng: random.Random, today: dt.date) -> dict:
    instruments = list(Instrument.objects.filter(active=True).order_by("kind"))
    cases = list(
        Case.objects.filter(bapas__code="BPS-YK", officer__username="pk1", status__in=ACTIVE_STATUSES)
        .select_related("officer")
        .order_by("period_start", "id")[:CASES]
    )
    created = 0
    for case in cases:
        if Assessment.objects.filter(case=case).exists():
            continue
        phase_now = phase_on(case.period_start, case.period_end, today) or "awal"
        schedule = {p.code: p for p in phase_schedule(case.period_start, case.period_end)}
        weight = rng.uniform(0.05, 0.6)
        for instrument in instruments:
            answers = _answers(rng, instrument, weight)
            rounds = [("awal", answers)]
            if phase_now in ("lanjutan", "akhir", "after_care"):
                rounds.append(("lanjutan", _improve(rng, answers, instrument)))
            for phase, round_answers in rounds:
                day = min(schedule[phase].start + dt.timedelta(days=rng.randint(2, 12)), today)
                a = assessment_start(actor=case.officer, case=case, instrument=instrument, phase=phase)
                a = assessment_save(actor=case.officer, assessment=a, answers=round_answers)
                a = assessment_finalise(actor=case.officer, assessment=a)
                Assessment.objects.filter(id=a.id).update(created_at=_at(day, 9), assessed_at=_at(day, 10))
                created += 1
    return {"assessments": created}
