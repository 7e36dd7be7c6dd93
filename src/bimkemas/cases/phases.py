"""Guidance phases, computed from the period — never typed.

tahap awal 0–¼ of the period, lanjutan ¼–¾, akhir ¾–end, then after care.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

PHASES = (
    ("awal", _("Tahap awal")),
    ("lanjutan", _("Tahap lanjutan")),
    ("akhir", _("Tahap akhir")),
    ("after_care", _("After care")),
)
PHASE_LABELS = dict(PHASES)


@dataclass(frozen=True)
class Phase:
    code: str
    label: str
    start: dt.date
    end: dt.date | None  # inclusive; None for open after care


def phase_schedule(start: dt.date, end: dt.date, after_care_end: dt.date | None = None) -> list[Phase]:
    total = (end - start).days
    quarter = start + dt.timedelta(days=round(total / 4))
    three_quarters = start + dt.timedelta(days=round(total * 3 / 4))
    day = dt.timedelta(days=1)
    return [
        Phase("awal", str(PHASE_LABELS["awal"]), start, max(start, quarter - day)),
        Phase("lanjutan", str(PHASE_LABELS["lanjutan"]), quarter, max(quarter, three_quarters - day)),
        Phase("akhir", str(PHASE_LABELS["akhir"]), three_quarters, end),
        Phase("after_care", str(PHASE_LABELS["after_care"]), end + day, after_care_end),
    ]


def phase_on(start: dt.date, end: dt.date, day: dt.date) -> str | None:
    """Phase code on `day`; None before the period starts."""
    if day < start:
        return None
    for phase in phase_schedule(start, end):
        if phase.end is None or day <= phase.end:
            return phase.code
    return "after_care"
