"""Reporting compliance — one definition used for a client, a PK, a Bapas and a month.

Counted over obligations whose due date has passed (or that are already resolved):
- met: reported within the window;  met_late: within the rule's grace days after the due date;
- missed: not reported by the end of the grace days (set by the sweep);
- excused: excused with a reason — left out of the rate;  cancelled (case ended) — left out entirely;
- overdue: still open after the due date but inside the grace days (not yet missed).
rate = (met + met_late) / (met + met_late + missed); on_time_rate = met / the same.
An obligation belongs to the month of its due date.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth

from bimkemas.contacts.models import ObligationStatus as S


@dataclass(frozen=True)
class Compliance:
    met: int = 0
    met_late: int = 0
    missed: int = 0
    excused: int = 0
    overdue: int = 0

    @property
    def counted(self) -> int:
        return self.met + self.met_late + self.missed

    @property
    def rate(self) -> float | None:
        return (self.met + self.met_late) / self.counted if self.counted else None

    @property
    def on_time_rate(self) -> float | None:
        return self.met / self.counted if self.counted else None


def _aggregates(today: dt.date) -> dict:
    return {
        "met": Count("id", filter=Q(status=S.MET)),
        "met_late": Count("id", filter=Q(status=S.MET_LATE)),
        "missed": Count("id", filter=Q(status=S.MISSED)),
        "excused": Count("id", filter=Q(status=S.EXCUSED)),
        "overdue": Count("id", filter=Q(status=S.OPEN, due__lt=today)),
    }


def _due_so_far(obligations: QuerySet, today: dt.date) -> QuerySet:
    return obligations.exclude(status=S.CANCELLED).filter(Q(due__lt=today) | ~Q(status=S.OPEN))


def compliance(obligations: QuerySet, *, today: dt.date) -> Compliance:
    """Compliance of any set of obligations (one client's, one PK's caseload, a Bapas's, one month's)."""
    return Compliance(**_due_so_far(obligations, today).aggregate(**_aggregates(today)))


def compliance_by(obligations: QuerySet, *fields: str, today: dt.date, by_month: bool = False) -> list[dict]:
    """Compliance grouped by fields (e.g. "case__officer", "case__bapas") and optionally by due month.
    Each row: the group values, "month" (a date, first of month) when asked, and "compliance"."""
    qs = _due_so_far(obligations, today)
    keys = list(fields)
    if by_month:
        qs = qs.annotate(month=TruncMonth("due"))
        keys.append("month")
    rows = qs.values(*keys).annotate(**_aggregates(today)).order_by(*keys)
    out = []
    for row in rows:
        counts = {k: row.pop(k) for k in ("met", "met_late", "missed", "excused", "overdue")}
        row["compliance"] = Compliance(**counts)
        out.append(row)
    return out
