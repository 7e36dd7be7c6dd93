"""Which phases of a case need a plan or an evaluation, and when they are due — pure functions on dates,
shared by the case page, the work list ("Hari ini") and the coverage figures.

Rules (settings read with getattr, defaults in brackets):
- the phases of a case are awal, lanjutan, akhir, and after care only when the case has an after care end;
- a phase that ended before the case's handover date is not this case's to plan or evaluate (a client
  received part-way through the period, e.g. transferred in);
- the plan of the current phase is *due* from the phase's start, *overdue* PLANS_PLAN_GRACE_DAYS [14]
  days after it — or after the handover, for a client received part-way through the phase (a transfer
  from another Bapas); before the period starts the current phase is awal (planned ahead);
- an evaluation is *due* when the phase has ended or ends within PLANS_EVALUATION_LEAD_DAYS [7] days, and
  *overdue* when the phase ended more than PLANS_EVALUATION_GRACE_DAYS [14] days ago.
"""

import datetime as dt

from django.conf import settings

from bimkemas.cases.phases import Phase, phase_schedule

DUE = "due"
OVERDUE = "overdue"


def evaluation_grace_days() -> int:
    return int(getattr(settings, "PLANS_EVALUATION_GRACE_DAYS", 14))


def evaluation_lead_days() -> int:
    return int(getattr(settings, "PLANS_EVALUATION_LEAD_DAYS", 7))


def plan_grace_days() -> int:
    return int(getattr(settings, "PLANS_PLAN_GRACE_DAYS", 14))


def phases_of(
    period_start: dt.date,
    period_end: dt.date,
    after_care_end: dt.date | None,
    handover: dt.date | None = None,
) -> list[Phase]:
    """The phases this case has (after care only with an end date), without those ended before handover."""
    phases = [
        p
        for p in phase_schedule(period_start, period_end, after_care_end)
        if p.code != "after_care" or after_care_end is not None
    ]
    if handover is not None:
        phases = [p for p in phases if p.end is None or p.end >= handover] or phases[-1:]
    return phases


def case_phases(case) -> list[Phase]:
    return phases_of(case.period_start, case.period_end, case.after_care_end, case.handover_date)


def current_phase(phases: list[Phase], today: dt.date) -> Phase | None:
    """The phase on `today`; the first one before the period starts; None after the last one."""
    if not phases:
        return None
    if today < phases[0].start:
        return phases[0]
    for p in phases:
        if p.start <= today and (p.end is None or today <= p.end):
            return p
    return None


def finished_phases(phases: list[Phase], today: dt.date) -> list[Phase]:
    return [p for p in phases if p.end is not None and p.end < today]


def _plan_from(phase: Phase, handover: dt.date | None) -> dt.date:
    """The day the plan of `phase` is due from: its start, or the handover when later."""
    return max(phase.start, handover) if handover is not None else phase.start


def plan_state(
    phase: Phase, today: dt.date, grace: int | None = None, *, handover: dt.date | None = None
) -> str:
    grace = plan_grace_days() if grace is None else grace
    return OVERDUE if (today - _plan_from(phase, handover)).days > grace else DUE


def evaluation_state(
    phase: Phase, today: dt.date, *, grace: int | None = None, lead: int | None = None
) -> str:
    """DUE, OVERDUE or "" (not yet) for the evaluation of `phase`, judged on `today`."""
    if phase.end is None:
        return ""
    grace = evaluation_grace_days() if grace is None else grace
    lead = evaluation_lead_days() if lead is None else lead
    if (today - phase.end).days > grace:
        return OVERDUE
    if (phase.end - today).days <= lead:
        return DUE
    return ""


def evaluation_due_date(phase: Phase) -> dt.date | None:
    """The last day before the evaluation counts as overdue."""
    return phase.end + dt.timedelta(days=evaluation_grace_days()) if phase.end else None


def plan_due_date(phase: Phase, *, handover: dt.date | None = None) -> dt.date:
    return _plan_from(phase, handover) + dt.timedelta(days=plan_grace_days())
