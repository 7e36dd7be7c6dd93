"""Coverage of the staged guidance for the Kasi (and the Kepala, Kanwil, Ditjenpas; a PK sees their own):
the share of active clients with an agreed plan for their current phase, and with a final evaluation for
every finished phase — per PK and for the Bapas (per Bapas for Kanwil and Ditjenpas), plus the spread of
PKs over "all / most / few / none of their clients", the shape of the Palembang survey (seed 002: 15% of
PKs made staged plans for all their clients, 5.85% comprehensive evaluations for all).

Each figure is a `Measure`: a function returning, for the clients in scope, the ids it applies to and the
ids covered. A new figure (e.g. "Litmas disetujui") is one more Measure in `MEASURES` — rows, tables, the
page and the Excel export loop over the measures.

Cost: a fixed number of queries whatever the caseload — one for the clients in scope (a slim row each:
id, Bapas, PK and the period dates, to compute phases, which are never stored), one per measure (the
agreed plans / final evaluations of those clients, filtered through a join on the same case query, never
a list of ids) and one for the PKs' names. Phases are computed in Python from the slim rows: ~5,000 rows
per Bapas is a few milliseconds.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bimkemas.cases.models import ACTIVE_STATUSES, Case
from bimkemas.monitoring.selectors import Level, ReportScope, report_scope
from bimkemas.org.models import Unit, User
from bimkemas.plans import schedule
from bimkemas.plans.models import Evaluation, EvaluationStatus, Plan, PlanStatus


@dataclass(frozen=True)
class CaseRow:
    id: int
    bapas_id: int
    officer_id: int | None
    period_start: dt.date
    period_end: dt.date
    after_care_end: dt.date | None
    handover_date: dt.date

    def phases(self):
        return schedule.phases_of(self.period_start, self.period_end, self.after_care_end, self.handover_date)


@dataclass
class Context:
    cases: list[CaseRow]
    case_qs: QuerySet[Case]  # the same clients, for subqueries (`case__in=ctx.case_qs`)
    today: dt.date


@dataclass(frozen=True)
class Measure:
    key: str
    short: str  # e.g. "Rencana tahap berjalan"
    applicable_label: str  # the denominator's column
    covered_label: str  # the numerator's column
    note: str  # how it is counted, shown under the table
    compute: Callable[[Context], tuple[set[int], set[int]]]  # (applicable ids, covered ids)


def _plan_current(ctx: Context) -> tuple[set[int], set[int]]:
    applicable: dict[int, str] = {}
    for c in ctx.cases:
        current = schedule.current_phase(c.phases(), ctx.today)
        if current is not None:
            applicable[c.id] = current.code
    agreed = Plan.objects.filter(case__in=ctx.case_qs, status=PlanStatus.AGREED).values_list(
        "case_id", "phase"
    )
    covered = {case_id for case_id, phase in agreed if applicable.get(case_id) == phase}
    return set(applicable), covered


def _evaluations_finished(ctx: Context) -> tuple[set[int], set[int]]:
    needed: dict[int, set[str]] = {}
    for c in ctx.cases:
        done = {p.code for p in schedule.finished_phases(c.phases(), ctx.today)}
        if done:
            needed[c.id] = done
    finals: dict[int, set[str]] = defaultdict(set)
    for case_id, phase in Evaluation.objects.filter(
        case__in=ctx.case_qs, status=EvaluationStatus.FINAL
    ).values_list("case_id", "phase"):
        finals[case_id].add(phase)
    covered = {case_id for case_id, phases in needed.items() if phases <= finals.get(case_id, set())}
    return set(needed), covered


def _litmas_approved(ctx: Context) -> tuple[set[int], set[int]]:
    from bimkemas.litmas.models import Litmas

    approved = Litmas.objects.filter(case__in=ctx.case_qs, status=Litmas.Status.APPROVED)
    return {c.id for c in ctx.cases}, set(approved.values_list("case_id", flat=True))


MEASURES: list[Measure] = [
    Measure(
        key="plan",
        short=gettext_lazy("Rencana tahap berjalan"),
        applicable_label=gettext_lazy("Klien aktif dengan tahap berjalan"),
        covered_label=gettext_lazy("Rencana tahap berjalan ditetapkan"),
        note=gettext_lazy(
            "Rencana: klien yang rencana program tahap berjalannya sudah ditetapkan (draf tidak dihitung)."
        ),
        compute=_plan_current,
    ),
    Measure(
        key="evaluation",
        short=gettext_lazy("Evaluasi tahap selesai"),
        applicable_label=gettext_lazy("Klien dengan tahap yang sudah selesai"),
        covered_label=gettext_lazy("Evaluasi final untuk semua tahap selesai"),
        note=gettext_lazy(
            "Evaluasi: hanya klien yang sudah menyelesaikan minimal satu tahap yang dihitung; klien yang "
            "masih di tahap pertamanya tidak berlaku (tidak masuk penyebut, bukan dianggap sudah dievaluasi)."
        ),
        compute=_evaluations_finished,
    ),
    Measure(
        key="litmas",
        short=gettext_lazy("Litmas disetujui"),
        applicable_label=gettext_lazy("Klien aktif (untuk Litmas)"),
        covered_label=gettext_lazy("Dengan Litmas disetujui"),
        note=gettext_lazy(
            "Litmas: klien aktif yang sudah memiliki minimal satu Litmas yang disetujui Kepala Bapas (atau "
            "pejabat yang ditunjuk) pada kasus ini; draf dan yang menunggu persetujuan tidak dihitung."
        ),
        compute=_litmas_approved,
    ),
]


@dataclass(frozen=True)
class Share:
    n: int = 0
    of: int = 0

    @property
    def rate(self) -> float | None:
        return self.n / self.of if self.of else None


@dataclass
class CoverageRow:
    label: str
    active: int = 0
    shares: dict[str, Share] = field(default_factory=dict)
    officer_id: int | None = None
    unit: Unit | None = None

    def share(self, key: str) -> Share:
        return self.shares.get(key, Share())


# The spread of PKs over the share of their clients covered (the survey's answers in seed 002).
BUCKETS = (
    ("all", gettext_lazy("Seluruh klien (100%)")),
    ("most", gettext_lazy("Sebagian besar (50–99%)")),
    ("few", gettext_lazy("Sebagian kecil (1–49%)")),
    ("none", gettext_lazy("Tidak ada (0%)")),
    ("na", gettext_lazy("Tidak berlaku (belum ada klien yang perlu)")),
)


def bucket_of(share: Share) -> str:
    if not share.of:
        return "na"
    if share.n == share.of:
        return "all"
    if share.n == 0:
        return "none"
    return "most" if share.n * 2 >= share.of else "few"


@dataclass
class CoverageReport:
    level: str
    units: tuple[Unit, ...]
    today: dt.date
    measures: list[Measure]
    rows: list[CoverageRow]  # per PK (Bapas level), per Bapas (Kanwil, national), the PK's own (PK level)
    total: CoverageRow
    spread: dict[str, dict[str, int]]  # measure key -> bucket -> number of PKs
    pk_count: int = 0

    @property
    def rows_are_pks(self) -> bool:
        return self.level in (Level.BAPAS, Level.PK)

    @property
    def is_empty(self) -> bool:
        return self.total.active == 0


def _slim(case_qs: QuerySet[Case]) -> list[CaseRow]:
    return [
        CaseRow(*row)
        for row in case_qs.values_list(
            "id", "bapas_id", "officer_id", "period_start", "period_end", "after_care_end", "handover_date"
        ).order_by()
    ]


def _row(label: str, ids: set[int], results: dict[str, tuple[set[int], set[int]]], **kw) -> CoverageRow:
    shares = {
        key: Share(n=len(covered & ids), of=len(applicable & ids))
        for key, (applicable, covered) in results.items()
    }
    return CoverageRow(label=label, active=len(ids), shares=shares, **kw)


def coverage_for_scope(
    *, scope: ReportScope, units: tuple[Unit, ...], today: dt.date, measures: list[Measure] | None = None
) -> CoverageReport:
    measures = MEASURES if measures is None else measures
    allowed = {u.id for u in scope.units}
    units = tuple(u for u in units if u.id in allowed)
    case_qs = Case.objects.filter(bapas_id__in=[u.id for u in units], status__in=ACTIVE_STATUSES)
    if scope.officer_id:
        case_qs = case_qs.filter(officer_id=scope.officer_id)
    cases = _slim(case_qs) if units else []
    ctx = Context(cases=cases, case_qs=case_qs, today=today)
    results = (
        {m.key: m.compute(ctx) for m in measures} if cases else {m.key: (set(), set()) for m in measures}
    )

    by_officer: dict[int | None, set[int]] = defaultdict(set)
    by_unit: dict[int, set[int]] = defaultdict(set)
    for c in cases:
        by_officer[c.officer_id].add(c.id)
        by_unit[c.bapas_id].add(c.id)
    names = {
        u.id: u.display_name
        for u in User.objects.filter(id__in=[o for o in by_officer if o is not None]).only(
            "id", "full_name", "username"
        )
    }
    officer_rows = [
        _row(names.get(o, "") if o else _("Belum ada PK"), ids, results, officer_id=o)
        for o, ids in by_officer.items()
    ]
    officer_rows.sort(key=lambda r: (r.officer_id is None, r.label.casefold()))

    level = scope.level
    if level in (Level.BAPAS, Level.PK):
        rows = officer_rows
    else:
        rows = [_row(u.name, by_unit.get(u.id, set()), results, unit=u) for u in units]
    total_label = units[0].name if len(units) == 1 else _("Jumlah")
    if level == Level.PK:
        total_label = _("Caseload saya")
    total = _row(total_label, {c.id for c in cases}, results)

    spread: dict[str, dict[str, int]] = {m.key: {b: 0 for b, _label in BUCKETS} for m in measures}
    pks = [r for r in officer_rows if r.officer_id is not None]
    for r in pks:
        for m in measures:
            spread[m.key][bucket_of(r.share(m.key))] += 1
    return CoverageReport(level=level, units=units, today=today, measures=measures, rows=rows, total=total,
                          spread=spread, pk_count=len(pks))  # fmt: skip


def coverage(
    *, actor: User, today: dt.date, bapas: Unit | int | None = None, kanwil: Unit | int | None = None
) -> CoverageReport:
    """The coverage figures the actor may see (PermissionDenied for roles without a report scope):
    a PK their own caseload; Kasi/Kasubsi/Kepala their Bapas per PK; Kanwil/Ditjenpas per Bapas in their
    scope, optionally narrowed to one Kanwil or one Bapas."""
    scope = report_scope(actor=actor)
    units = scope.narrow(
        kanwil_id=getattr(kanwil, "id", kanwil) or None, bapas_id=getattr(bapas, "id", bapas) or None
    )
    return coverage_for_scope(scope=scope, units=units, today=today)
