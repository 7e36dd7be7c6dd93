"""The wajib lapor report: reports per channel per month and reporting compliance, scoped by the actor.

Counts only: no client is ever named. PKs are named (to their Bapas leads) in the per-PK table.

Scope (who sees which figures):
- Ditjenpas: every Bapas, with a Kanwil filter;
- Kanwil: the Bapas under their Kanwil (org.Unit parent);
- Kasi / Kasubsi / Kepala Bapas: their own Bapas, plus compliance per PK;
- PK / APK: their own figures only — the contacts and obligations of the cases they supervise;
- anyone else (partner users, administrators without an office role): refused.

Every figure is aggregated in the database (GROUP BY month / channel / Bapas), so the number of queries
does not grow with the data: one query for the units, three per time zone among the Bapas shown (a
month is the Bapas's own calendar month), one for compliance, one for the per-PK table.
Compliance is `bimkemas.contacts.compliance` — the one definition; here its counts are only summed.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, fields
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from bimkemas.contacts.compliance import Compliance, compliance_by
from bimkemas.contacts.models import Channel, Contact, Obligation, Outcome
from bimkemas.org.models import Role, Unit, User

CHANNELS = (Channel.IN_PERSON, Channel.TELECONFERENCE, Channel.APP)


class Level:
    NATIONAL = "national"
    KANWIL = "kanwil"
    BAPAS = "bapas"
    PK = "pk"


@dataclass(frozen=True)
class ReportScope:
    """What the actor may see: the Bapas units, and for a PK only their own caseload."""

    level: str
    units: tuple[Unit, ...]  # Bapas units, ordered by Kanwil then name
    officer_id: int | None = None  # PK level: only cases this PK supervises
    kanwils: tuple[Unit, ...] = ()  # national level: the Kanwil filter's choices

    @property
    def shows_pks(self) -> bool:
        return self.level == Level.BAPAS

    def narrow(self, *, kanwil_id: int | None = None, bapas_id: int | None = None) -> tuple[Unit, ...]:
        """The units shown after the filters (ids outside the scope select nothing)."""
        units = self.units
        if kanwil_id:
            units = tuple(u for u in units if u.parent_id == kanwil_id)
        if bapas_id:
            units = tuple(u for u in units if u.id == bapas_id)
        return units


def report_scope(*, actor: User) -> ReportScope:
    """The actor's scope for the wajib lapor report; PermissionDenied for roles without one."""
    if not actor.is_authenticated or not actor.is_active:
        raise PermissionDenied
    if actor.has_role(Role.DITJENPAS):
        units = list(
            Unit.objects.filter(kind__in=(Unit.Kind.BAPAS, Unit.Kind.KANWIL))
            .select_related("parent")
            .order_by("parent__name", "name")
        )
        kanwils = sorted((u for u in units if u.kind == Unit.Kind.KANWIL), key=lambda u: u.name)
        bapas = tuple(u for u in units if u.kind == Unit.Kind.BAPAS)
        return ReportScope(level=Level.NATIONAL, units=bapas, kanwils=tuple(kanwils))
    if actor.has_role(Role.KANWIL):
        if not actor.unit_id or actor.unit.kind != Unit.Kind.KANWIL:
            return ReportScope(level=Level.KANWIL, units=())
        units = Unit.objects.filter(kind=Unit.Kind.BAPAS, parent_id=actor.unit_id).select_related("parent")
        return ReportScope(level=Level.KANWIL, units=tuple(units.order_by("name")))
    if actor.bapas and actor.is_bapas_lead:
        return ReportScope(level=Level.BAPAS, units=(actor.bapas,))
    if actor.bapas and actor.is_supervisor:
        return ReportScope(level=Level.PK, units=(actor.bapas,), officer_id=actor.id)
    raise PermissionDenied


# --- figures --------------------------------------------------------------------------------------------


def compliance_sum(*items: Compliance) -> Compliance:
    """Add the counts of several Compliance values (their rates follow from the summed counts)."""
    names = [f.name for f in fields(Compliance)]
    return Compliance(**{n: sum(getattr(c, n) for c in items) for n in names})


@dataclass
class Figures:
    """Reports per channel and compliance for one period (a month or a year) of one or more Bapas."""

    in_person: int = 0
    teleconference: int = 0
    app: int = 0
    clients: int = 0  # distinct clients who reported at least once in the period
    compliance: Compliance = field(default_factory=Compliance)

    @property
    def total(self) -> int:
        return self.in_person + self.teleconference + self.app

    def add(self, other: "Figures") -> "Figures":
        return Figures(
            in_person=self.in_person + other.in_person,
            teleconference=self.teleconference + other.teleconference,
            app=self.app + other.app,
            clients=self.clients + other.clients,  # a case belongs to one Bapas: distinct counts add up
            compliance=compliance_sum(self.compliance, other.compliance),
        )

    def by_channel(self) -> list[int]:
        return [getattr(self, c) for c in CHANNELS]


@dataclass
class PkCompliance:
    name: str  # the PK's name; "" for obligations of cases without a PK
    compliance: Compliance


@dataclass
class ReportingReport:
    year: int
    units: tuple[Unit, ...]
    months: list[tuple[dt.date, Figures]]  # the months shown, each summed over the units
    total: Figures  # the year, summed over the units
    per_bapas: list[tuple[Unit, Figures]]  # the year per Bapas
    per_bapas_months: list[tuple[Unit, list[tuple[dt.date, Figures]]]]
    pk_month: dt.date | None = None
    per_pk: list[PkCompliance] = field(default_factory=list)

    @property
    def has_reports(self) -> bool:
        return self.total.total > 0

    @property
    def has_compliance(self) -> bool:
        c = self.total.compliance
        return bool(c.counted or c.excused or c.overdue)

    @property
    def is_empty(self) -> bool:
        return not (self.has_reports or self.has_compliance)


def months_shown(year: int, today: dt.date) -> list[dt.date]:
    """January to December, or to the current month for the current year."""
    last = today.month if year == today.year else 12
    return [dt.date(year, m, 1) for m in range(1, last + 1)]


def _month_of(value, zone: ZoneInfo | None = None) -> int:
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value) and zone is not None:
            value = value.astimezone(zone)
        return value.month
    return value.month


def _reports(scope: ReportScope, units: tuple[Unit, ...], year: int):
    """{(bapas_id, month): Figures without compliance} and {bapas_id: distinct clients of the year}."""
    cells: dict[tuple[int, int], Figures] = defaultdict(Figures)
    year_clients: dict[int, int] = {}
    by_zone: dict[str, list[int]] = defaultdict(list)
    for u in units:
        by_zone[u.timezone or "Asia/Jakarta"].append(u.id)
    for tzname, ids in sorted(by_zone.items()):
        zone = ZoneInfo(tzname)
        base = Contact.objects.filter(
            bapas_id__in=ids,
            counts_as_report=True,
            outcome=Outcome.REPORTED,
            occurred_at__gte=dt.datetime(year, 1, 1, tzinfo=zone),
            occurred_at__lt=dt.datetime(year + 1, 1, 1, tzinfo=zone),
        )
        if scope.officer_id:
            base = base.filter(case__officer_id=scope.officer_id)
        monthly = base.annotate(month=TruncMonth("occurred_at", tzinfo=zone))
        for row in monthly.values("bapas_id", "month", "channel").annotate(n=Count("id")).order_by():
            if row["channel"] in CHANNELS:
                cell = cells[(row["bapas_id"], _month_of(row["month"], zone))]
                setattr(cell, row["channel"], getattr(cell, row["channel"]) + row["n"])
        for row in monthly.values("bapas_id", "month").annotate(n=Count("case_id", distinct=True)).order_by():
            cells[(row["bapas_id"], _month_of(row["month"], zone))].clients = row["n"]
        for row in base.values("bapas_id").annotate(n=Count("case_id", distinct=True)).order_by():
            year_clients[row["bapas_id"]] = row["n"]
    return cells, year_clients


def _obligations(scope: ReportScope, unit_ids: list[int], first: dt.date, last: dt.date):
    qs = Obligation.objects.filter(case__bapas_id__in=unit_ids, due__gte=first, due__lte=last)
    if scope.officer_id:
        qs = qs.filter(case__officer_id=scope.officer_id)
    return qs


def _compliance(scope: ReportScope, units: tuple[Unit, ...], year: int, today: dt.date):
    """{(bapas_id, month): Compliance} — obligations count in the month of their due date."""
    qs = _obligations(scope, [u.id for u in units], dt.date(year, 1, 1), dt.date(year, 12, 31))
    return {
        (row["case__bapas"], _month_of(row["month"])): row["compliance"]
        for row in compliance_by(qs, "case__bapas", today=today, by_month=True)
    }


def _per_pk(scope: ReportScope, unit: Unit, month: dt.date, today: dt.date) -> list[PkCompliance]:
    last = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    rows = compliance_by(
        _obligations(scope, [unit.id], month, last),
        "case__officer",
        "case__officer__full_name",
        "case__officer__username",
        today=today,
    )
    out = [
        PkCompliance(
            name=(r["case__officer__full_name"] or r["case__officer__username"] or "")
            if r["case__officer"]
            else "",
            compliance=r["compliance"],
        )
        for r in rows
    ]
    return sorted(out, key=lambda p: (p.name == "", p.name.casefold()))


def reporting_report(
    *,
    scope: ReportScope,
    units: tuple[Unit, ...],
    year: int,
    today: dt.date,
    pk_month: int | None = None,
) -> ReportingReport:
    """The figures of the wajib lapor report for `units` (already inside `scope`) and `year`."""
    allowed = {u.id for u in scope.units}
    units = tuple(u for u in units if u.id in allowed)
    months = months_shown(year, today)
    cells, year_clients = _reports(scope, units, year) if units else ({}, {})
    compliance = _compliance(scope, units, year, today) if units else {}
    for (bapas_id, m), c in compliance.items():
        cells.setdefault((bapas_id, m), Figures()).compliance = c

    per_bapas, per_bapas_months = [], []
    month_totals = {m: Figures() for m in months}
    for u in units:
        unit_months = []
        year_fig = Figures()
        for m in months:
            fig = cells.get((u.id, m.month), Figures())
            unit_months.append((m, fig))
            month_totals[m] = month_totals[m].add(fig)
            year_fig = year_fig.add(fig)
        year_fig.clients = year_clients.get(u.id, 0)
        per_bapas.append((u, year_fig))
        per_bapas_months.append((u, unit_months))
    total = Figures()
    for _, fig in per_bapas:
        total = total.add(fig)

    report = ReportingReport(
        year=year,
        units=units,
        months=[(m, month_totals[m]) for m in months],
        total=total,
        per_bapas=per_bapas,
        per_bapas_months=per_bapas_months,
    )
    if scope.shows_pks and len(units) == 1:
        report.pk_month = dt.date(year, pk_month or months[-1].month, 1)
        report.per_pk = _per_pk(scope, units[0], report.pk_month, today)
    return report
