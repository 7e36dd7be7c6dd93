"""The proposed programme of a phase: goals from the latest final needs assessment (domains with band
sedang or tinggi → the guidance fields the instrument maps them to), upcoming activities of the Bapas and
partners with an agreement in force in those fields, a contact-intensity note from the risk band, and the
reporting frequency in force. Without a final needs assessment: the programme's generic goals. On a case
continuing another (a transfer between Bapas), when the earlier case has a plan for the phase: that plan's
goals, carried over (activities and partners are still those of the new Bapas).

Goal texts are data (data/goal_templates.toml), Indonesian, and replaceable without code.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from bimkemas.activities.models import Activity
from bimkemas.assessments.models import Assessment, Instrument
from bimkemas.assessments.selectors import case_lineage_ids, guidance_map, needs_summary
from bimkemas.cases.models import Case
from bimkemas.partners.models import Agreement, Field, Partner
from bimkemas.plans.models import Plan

TEMPLATES_FILE = Path(__file__).resolve().parent / "data" / "goal_templates.toml"
PROPOSED_BANDS = ("tinggi", "sedang")  # in this order: the highest needs first
SUGGESTION_LIMIT = 8


@cache
def templates() -> dict:
    with TEMPLATES_FILE.open("rb") as fh:
        return tomllib.load(fh)


@dataclass(frozen=True)
class GoalDraft:
    field: str
    text: str
    indicator: str = ""
    domain: str = ""
    carried: bool = False  # copied from the plan of the Bapas the client was transferred from


@dataclass
class Proposal:
    phase: str
    goals: list[GoalDraft] = field(default_factory=list)
    needs: Assessment | None = None
    risk: Assessment | None = None
    needs_bands: list[tuple[str, str]] = field(default_factory=list)  # (domain, band) of the assessment
    fields: list[str] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    partners: list[Partner] = field(default_factory=list)
    intensity_note: str = ""
    carried_from: Plan | None = None

    @property
    def from_needs(self) -> bool:
        return self.needs is not None


def latest_final(case: Case, kind: str) -> Assessment | None:
    return (
        Assessment.objects.filter(
            case_id__in=case_lineage_ids(case), status=Assessment.Status.FINAL, instrument__kind=kind
        )
        .select_related("instrument")
        .order_by("-assessed_at", "-id")
        .first()
    )


def _field_goal(code: str) -> GoalDraft:
    t = templates().get("fields", {}).get(code, {})
    return GoalDraft(field=code, text=t.get("text", ""), indicator=t.get("indicator", ""))


def goals_from_needs(assessment: Assessment) -> list[GoalDraft]:
    """One goal per (needed domain, mapped field): domains in band tinggi first, then sedang."""
    mapping = guidance_map(assessment.instrument)
    bands = needs_summary(assessment)
    domain_templates = templates().get("domains", {})
    goals: list[GoalDraft] = []
    seen: set[tuple[str, str]] = set()
    for wanted in PROPOSED_BANDS:
        for domain, band in bands:
            if band != wanted:
                continue
            for code in mapping.get(domain, []):
                if code not in Field.values:
                    continue
                t = domain_templates.get(domain, {}).get(code)
                goal = (
                    GoalDraft(field=code, text=t["text"], indicator=t.get("indicator", ""), domain=domain)
                    if t
                    else GoalDraft(**{**_field_goal(code).__dict__, "domain": domain})
                )
                if (goal.field, goal.text) not in seen:
                    seen.add((goal.field, goal.text))
                    goals.append(goal)
    return goals


def generic_goals(programme: str) -> list[GoalDraft]:
    generic = templates().get("generic", {})
    rows = generic.get("programmes", {}).get(programme) or generic.get("default", [])
    return [GoalDraft(field=r["field"], text=r["text"], indicator=r.get("indicator", "")) for r in rows]


def phase_goal(phase: str) -> GoalDraft | None:
    t = templates().get("phases", {}).get(phase)
    if not t:
        return None
    return GoalDraft(field=t["field"], text=t["text"], indicator=t.get("indicator", ""))


def intensity_note(risk: Assessment | None) -> str:
    if risk is None or not risk.band:
        return ""
    return templates().get("risk", {}).get(risk.band, {}).get("note", "")


def fields_in_order(codes) -> list[str]:
    wanted = set(codes)
    return [c for c in Field.values if c in wanted]


def suggested_activities(
    bapas_id: int, fields: list[str], *, now: dt.datetime, limit: int = SUGGESTION_LIMIT
):
    if not fields:
        return []
    return list(
        Activity.objects.filter(bapas_id=bapas_id, field__in=fields, cancelled=False, starts_at__gte=now)
        .select_related("partner")
        .order_by("starts_at", "id")[:limit]
    )


def suggested_partners(bapas_id: int, fields: list[str], *, today: dt.date, limit: int = SUGGESTION_LIMIT):
    """Active partners of the Bapas working in any of `fields`, with an agreement in force today."""
    if not fields:
        return []
    in_fields = Q()
    for code in fields:
        in_fields |= Q(field_codes__contains=f",{code},")
    in_force = Agreement.objects.filter(partner_id=OuterRef("pk"), start__lte=today, end__gte=today)
    return list(
        Partner.objects.filter(in_fields, bapas_id=bapas_id, active=True)
        .filter(Exists(in_force))
        .order_by("name", "id")[:limit]
    )


def carried_goals(plan: Plan) -> list[GoalDraft]:
    return [
        GoalDraft(field=g.field, text=g.text, indicator=g.indicator, domain=g.domain, carried=True)
        for g in plan.goals.all()
    ]


def propose(
    *, case: Case, phase: str, today: dt.date, now: dt.datetime | None = None, carry_from: Plan | None = None
) -> Proposal:
    """What the programme of `phase` could be, from what is already known about the case; from the goals
    of `carry_from` (the same phase's plan at the Bapas the client came from) when given."""
    now = now or timezone.now()
    needs = latest_final(case, Instrument.Kind.NEEDS)
    risk = latest_final(case, Instrument.Kind.RISK)
    proposal = Proposal(phase=phase, needs=needs, risk=risk, intensity_note=intensity_note(risk))
    if carry_from is not None:
        proposal.carried_from = carry_from
        proposal.goals = carried_goals(carry_from)
        proposal.intensity_note = carry_from.intensity_note or proposal.intensity_note
        proposal.fields = fields_in_order(g.field for g in proposal.goals)
        proposal.activities = suggested_activities(case.bapas_id, proposal.fields, now=now)
        proposal.partners = suggested_partners(case.bapas_id, proposal.fields, today=today)
        return proposal
    if needs is not None:
        proposal.needs_bands = needs_summary(needs)
        goals = goals_from_needs(needs)
    else:
        goals = generic_goals(case.programme)
    # Activities and partners answer the needs (or the programme's generic goals), not the standard goal
    # every phase has.
    proposal.fields = fields_in_order(g.field for g in goals)
    standard = phase_goal(phase)
    if standard is not None and all(g.text != standard.text for g in goals):
        goals = [standard, *goals]
    proposal.goals = goals
    proposal.activities = suggested_activities(case.bapas_id, proposal.fields, now=now)
    proposal.partners = suggested_partners(case.bapas_id, proposal.fields, today=today)
    return proposal
