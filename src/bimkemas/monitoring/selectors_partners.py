"""The SIMONAS partner report: guidance activities held and distinct clients reached, per month, per
partner, per field, per Bapas and per Kanwil; attendance rate; partners without activity for 90 days.

Same scope as the wajib lapor report (`monitoring.selectors.report_scope`): Ditjenpas all Bapas, Kanwil
their Bapas, Bapas leads their Bapas, a PK only the enrolments of the cases they supervise. Counts only:
no client is named.

Definitions:
- an activity is *held* when it is not cancelled and has started (before now);
- *enrolled* counts enrolments in held activities, *present* those whose attendance says present;
  attendance rate = present ÷ enrolled;
- a client is *reached* when present at least once; "distinct" within the row (a month, a partner, the
  year): a client present at three sessions of one partner in March counts once for that partner and
  month. A case belongs to one Bapas, so distinct counts add up across Bapas (and Kanwil).

Every figure is aggregated in the database (GROUP BY); the number of queries does not depend on the data.
A month is the Bapas's own calendar month (its time zone), as in the wajib lapor report.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db.models import Count, Max, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from bimkemas.activities.models import Activity, Enrolment
from bimkemas.monitoring.selectors import ReportScope, _month_of, months_shown
from bimkemas.org.models import Unit
from bimkemas.partners.models import Field, Partner

INACTIVE_DAYS = 90


@dataclass
class Reach:
    activities: int = 0
    enrolled: int = 0
    present: int = 0
    clients: int = 0  # distinct clients present at least once

    @property
    def rate(self) -> float | None:
        return self.present / self.enrolled if self.enrolled else None

    def add(self, other: "Reach") -> "Reach":
        return Reach(
            self.activities + other.activities,
            self.enrolled + other.enrolled,
            self.present + other.present,
            self.clients + other.clients,
        )


@dataclass
class InactivePartner:
    partner: Partner
    last_activity: dt.date | None


@dataclass
class PartnerRow:
    partner: Partner | None  # None: organised by the Bapas itself
    bapas: Unit
    year: Reach
    months: list[Reach]


@dataclass
class PartnerReport:
    year: int
    units: tuple[Unit, ...]
    months: list[tuple[dt.date, Reach]]
    total: Reach
    per_partner: list[PartnerRow]
    per_field: list[tuple[str, Reach]]  # (field code, year figures)
    per_bapas: list[tuple[Unit, Reach]]
    per_kanwil: list[tuple[Unit | None, Reach]]
    inactive: list[InactivePartner] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.total.activities or self.total.enrolled)


def _zones(units) -> dict[str, list[int]]:
    by_zone: dict[str, list[int]] = defaultdict(list)
    for u in units:
        by_zone[u.timezone or "Asia/Jakarta"].append(u.id)
    return by_zone


def _collect(scope: ReportScope, units, year: int, now: dt.datetime):
    """Cells keyed by (dimension, key, month or 0 for the year) → Reach, summed over the Bapas."""
    cells: dict[tuple, Reach] = defaultdict(Reach)
    for tzname, ids in sorted(_zones(units).items()):
        zone = ZoneInfo(tzname)
        start = dt.datetime(year, 1, 1, tzinfo=zone)
        end = min(dt.datetime(year + 1, 1, 1, tzinfo=zone), now)
        activities = Activity.objects.filter(
            bapas_id__in=ids, cancelled=False, starts_at__gte=start, starts_at__lt=end
        )
        enrolments = Enrolment.objects.filter(
            activity__bapas_id__in=ids,
            activity__cancelled=False,
            activity__starts_at__gte=start,
            activity__starts_at__lt=end,
        )
        if scope.officer_id:
            activities = activities.filter(enrolments__case__officer_id=scope.officer_id)
            enrolments = enrolments.filter(case__officer_id=scope.officer_id)
        activities = activities.annotate(month=TruncMonth("starts_at", tzinfo=zone))
        enrolments = enrolments.annotate(month=TruncMonth("activity__starts_at", tzinfo=zone))

        # Additive figures at the finest grain (bapas, partner, field, month), summed in Python.
        fine = activities.values("bapas_id", "partner_id", "field", "month").annotate(
            n=Count("id", distinct=True)
        )
        for r in fine.order_by():
            m = _month_of(r["month"], zone)
            for key in _keys(r["bapas_id"], r["partner_id"], r["field"], m):
                cells[key].activities += r["n"]
        fine = enrolments.values("activity__bapas_id", "activity__partner_id", "activity__field", "month")
        fine = fine.annotate(
            enrolled=Count("id"), present=Count("id", filter=Q(attendance__present=True))
        ).order_by()
        for r in fine:
            m = _month_of(r["month"], zone)
            for key in _keys(r["activity__bapas_id"], r["activity__partner_id"], r["activity__field"], m):
                cells[key].enrolled += r["enrolled"]
                cells[key].present += r["present"]

        # Distinct clients: one query per grouping (they do not add up across partners or months).
        reached = enrolments.filter(attendance__present=True)
        groupings = (
            ("bapas", ("activity__bapas_id",), True),
            ("bapas", ("activity__bapas_id",), False),
            ("partner", ("activity__bapas_id", "activity__partner_id"), True),
            ("partner", ("activity__bapas_id", "activity__partner_id"), False),
            ("field", ("activity__bapas_id", "activity__field"), True),
            ("field", ("activity__bapas_id", "activity__field"), False),
        )
        for dim, group, monthly in groupings:
            names = (*group, "month") if monthly else group
            for r in reached.values(*names).annotate(n=Count("case_id", distinct=True)).order_by():
                m = _month_of(r["month"], zone) if monthly else 0
                key = r[group[-1]] if dim != "bapas" else r["activity__bapas_id"]
                if dim == "partner":
                    key = (r["activity__bapas_id"], r["activity__partner_id"])
                cells[(dim, key, m)].clients += r["n"]
    return cells


def _keys(bapas_id: int, partner_id: int | None, field_code: str, month: int):
    for m in (month, 0):
        yield ("bapas", bapas_id, m)
        yield ("partner", (bapas_id, partner_id), m)
        yield ("field", field_code, m)


def _inactive(units, today: dt.date, now: dt.datetime) -> list[InactivePartner]:
    since = now - dt.timedelta(days=INACTIVE_DAYS)
    partners = (
        Partner.objects.filter(bapas__in=units, active=True)
        .select_related("bapas")
        .annotate(
            last=Max(
                "activities__starts_at", filter=Q(activities__cancelled=False, activities__starts_at__lt=now)
            ),
        )
        .filter(Q(last__isnull=True) | Q(last__lt=since))
        .order_by("bapas__name", "name")
    )
    return [
        InactivePartner(partner=p, last_activity=timezone.localdate(p.last) if p.last else None)
        for p in partners
    ]


def partner_report(
    *, scope: ReportScope, units: tuple[Unit, ...], year: int, today: dt.date, now: dt.datetime | None = None
) -> PartnerReport:
    """The figures of the partner report for `units` (kept inside `scope`) and `year`."""
    now = now or timezone.now()
    allowed = {u.id for u in scope.units}
    units = tuple(u for u in units if u.id in allowed)
    months = months_shown(year, today)
    cells = _collect(scope, units, year, now) if units else {}

    def get(dim, key, m):
        return cells.get((dim, key, m), Reach())

    month_rows = []
    for m in months:
        r = Reach()
        for u in units:
            r = r.add(get("bapas", u.id, m.month))
        month_rows.append((m, r))
    per_bapas = [(u, get("bapas", u.id, 0)) for u in units]
    total = Reach()
    for _u, r in per_bapas:
        total = total.add(r)

    kanwils: dict[int | None, tuple[Unit | None, Reach]] = {}
    for u, r in per_bapas:
        k, acc = kanwils.get(u.parent_id, (u.parent, Reach()))
        kanwils[u.parent_id] = (k, acc.add(r))
    per_kanwil = sorted(kanwils.values(), key=lambda kr: kr[0].name if kr[0] else "")

    partner_keys = {key for (dim, key, m) in cells if dim == "partner"}
    partners = Partner.objects.in_bulk([p for _b, p in partner_keys if p])
    unit_by_id = {u.id: u for u in units}
    per_partner = []
    for bapas_id, partner_id in partner_keys:
        year_r = get("partner", (bapas_id, partner_id), 0)
        if not (year_r.activities or year_r.enrolled):
            continue
        per_partner.append(
            PartnerRow(
                partner=partners.get(partner_id),
                bapas=unit_by_id[bapas_id],
                year=year_r,
                months=[get("partner", (bapas_id, partner_id), m.month) for m in months],
            )
        )
    per_partner.sort(
        key=lambda p: (p.bapas.name, p.partner is None, p.partner.name.casefold() if p.partner else "")
    )

    per_field = [(code, get("field", code, 0)) for code in Field.values]
    per_field = [(c, r) for c, r in per_field if r.activities or r.enrolled]

    return PartnerReport(
        year=year,
        units=units,
        months=month_rows,
        total=total,
        per_partner=per_partner,
        per_field=per_field,
        per_bapas=per_bapas,
        per_kanwil=per_kanwil,
        inactive=_inactive(units, today, now) if units else [],
    )
