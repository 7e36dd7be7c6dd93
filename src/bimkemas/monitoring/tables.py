"""The report's tables, built once from the figures and written twice: as HTML on the page and as
sheets of the Excel export — so that the two always show the same numbers."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.dates import MONTHS, MONTHS_3
from django.utils.translation import gettext as _

from bimkemas.contacts.compliance import Compliance
from bimkemas.contacts.models import Channel
from bimkemas.monitoring.charts import BarChart, grouped_bars
from bimkemas.monitoring.selectors import (
    CHANNELS,
    Figures,
    Level,
    ReportingReport,
    ReportScope,
    compliance_sum,
)

TEXT, INT, PCT = "text", "int", "pct"


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = INT
    width: int = 14  # Excel column width (characters)
    rowhead: bool = False  # the cell names the row (<th scope="row">)


@dataclass
class Table:
    key: str  # HTML id and Excel sheet order
    title: str
    sheet: str  # Excel sheet name (≤ 31 characters)
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    foot: list | None = None
    empty: str = ""  # shown instead of the rows when there are none
    note: str = ""
    excel_only: bool = False
    period: str = ""  # when it differs from the report's (the per-PK table: one month)

    @property
    def is_empty(self) -> bool:
        return not self.rows

    def zipped(self) -> list[list[tuple]]:
        """Rows as (value, column) pairs, for the HTML template."""
        return [list(zip(row, self.columns, strict=True)) for row in self.rows]

    def zipped_foot(self) -> list[tuple] | None:
        return list(zip(self.foot, self.columns, strict=True)) if self.foot else None


def month_label(month: dt.date) -> str:
    return f"{MONTHS[month.month]} {month.year}"


def period_label(report: ReportingReport) -> str:
    if not report.months:
        return str(report.year)
    first, last = report.months[0][0], report.months[-1][0]
    if first == last:
        return month_label(first)
    return f"{MONTHS[first.month]}–{MONTHS[last.month]} {report.year}"


def scope_label(scope: ReportScope, report: ReportingReport, *, actor, kanwil=None) -> str:
    units = report.units
    if scope.level == Level.PK:
        return _("%(bapas)s — klien bimbingan %(pk)s") % {
            "bapas": units[0].name if units else "",
            "pk": actor.display_name,
        }
    if len(units) == 1:
        return units[0].name
    if kanwil is not None:
        return _("Semua Bapas di bawah %(kanwil)s") % {"kanwil": kanwil.name}
    if scope.level == Level.KANWIL:
        name = actor.unit.name if actor.unit else ""
        return _("Semua Bapas di bawah %(kanwil)s") % {"kanwil": name}
    return _("Semua Bapas (nasional)")


def _channel_columns() -> list[Column]:
    return [Column(str(Channel(c).label)) for c in CHANNELS] + [
        Column(_("Jumlah laporan")),
        Column(_("Klien melapor")),
    ]


def _compliance_columns(*, overdue: bool = True) -> list[Column]:
    cols = [
        Column(_("Tepat waktu")),
        Column(_("Terlambat")),
        Column(_("Tidak lapor")),
        Column(_("Dimaafkan")),
    ]
    if overdue:
        cols.append(Column(_("Dalam masa toleransi"), width=20))
    return cols + [Column(_("Kepatuhan"), PCT), Column(_("Kepatuhan tepat waktu"), PCT, width=22)]


def _channel_cells(f: Figures) -> list:
    return [*f.by_channel(), f.total, f.clients]


def _compliance_cells(c: Compliance, *, overdue: bool = True) -> list:
    cells = [c.met, c.met_late, c.missed, c.excused]
    if overdue:
        cells.append(c.overdue)
    return cells + [c.rate, c.on_time_rate]


def build_tables(report: ReportingReport, scope: ReportScope) -> list[Table]:
    year = report.year
    tables = []

    reports = Table(
        key="laporan",
        title=_("Laporan wajib lapor per saluran"),
        sheet=_("Laporan per saluran"),
        columns=[
            Column(_("No."), width=5),
            Column(_("Bulan"), TEXT, width=18, rowhead=True),
            *_channel_columns(),
        ],
        empty=_("Belum ada laporan pada periode ini."),
        note=_(
            "Dihitung dari kontak yang tercatat sebagai laporan (hasil: melapor). Klien melapor = jumlah "
            "klien yang melapor sedikitnya sekali, seperti tabel “Jumlah Klien Lapor Diri”."
        ),
    )
    if report.has_reports:
        reports.rows = [
            [i, month_label(m), *_channel_cells(f)] for i, (m, f) in enumerate(report.months, start=1)
        ]
        reports.foot = ["", _("Jumlah %(year)s") % {"year": year}, *_channel_cells(report.total)]
    tables.append(reports)

    compliance = Table(
        key="kepatuhan",
        title=_("Kepatuhan wajib lapor per bulan"),
        sheet=_("Kepatuhan per bulan"),
        columns=[Column(_("Bulan"), TEXT, width=18, rowhead=True), *_compliance_columns()],
        empty=_("Belum ada kewajiban lapor yang jatuh tempo pada periode ini."),
        note=_(
            "Kewajiban dihitung pada bulan jatuh temponya. Kepatuhan = (tepat waktu + terlambat) ÷ "
            "(tepat waktu + terlambat + tidak lapor); yang dimaafkan tidak dihitung."
        ),
    )
    if report.has_compliance:
        compliance.rows = [[month_label(m), *_compliance_cells(f.compliance)] for m, f in report.months]
        compliance.foot = [_("Jumlah %(year)s") % {"year": year}, *_compliance_cells(report.total.compliance)]
    tables.append(compliance)

    if len(report.units) > 1:
        national = scope.level == Level.NATIONAL
        head = [Column(_("Kanwil"), TEXT, width=28)] if national else []
        per_bapas = Table(
            key="per-bapas",
            title=_("Rekap per Bapas, tahun %(year)s") % {"year": year},
            sheet=_("Rekap per Bapas"),
            columns=[
                *head,
                Column(_("Bapas"), TEXT, width=32, rowhead=True),
                *_channel_columns(),
                *_compliance_columns(overdue=False),
            ],
            empty=_("Belum ada laporan pada periode ini."),
        )
        if not report.is_empty:
            for unit, f in report.per_bapas:
                kanwil = [unit.parent.name if unit.parent else ""] if national else []
                per_bapas.rows.append(
                    [*kanwil, unit.name, *_channel_cells(f), *_compliance_cells(f.compliance, overdue=False)]
                )
            per_bapas.foot = [
                *([""] if national else []),
                _("Jumlah"),
                *_channel_cells(report.total),
                *_compliance_cells(report.total.compliance, overdue=False),
            ]
        tables.append(per_bapas)

        long = Table(
            key="per-bapas-bulan",
            title=_("Per Bapas per bulan, tahun %(year)s") % {"year": year},
            sheet=_("Per Bapas per bulan"),
            columns=[
                Column(_("Bapas"), TEXT, width=32, rowhead=True),
                Column(_("Bulan"), TEXT, width=18),
                *_channel_columns(),
                *_compliance_columns(),
            ],
            empty=_("Belum ada laporan pada periode ini."),
            excel_only=True,
        )
        if not report.is_empty:
            for unit, months in report.per_bapas_months:
                for m, f in months:
                    long.rows.append(
                        [unit.name, month_label(m), *_channel_cells(f), *_compliance_cells(f.compliance)]
                    )
        tables.append(long)

    if report.pk_month is not None:
        per_pk = Table(
            key="per-pk",
            title=_("Kepatuhan per PK, %(month)s") % {"month": month_label(report.pk_month)},
            sheet=_("Kepatuhan per PK"),
            columns=[Column(_("PK"), TEXT, width=32, rowhead=True), *_compliance_columns()],
            empty=_("Belum ada kewajiban lapor yang jatuh tempo pada bulan ini."),
            note=_("Menurut PK yang saat ini membimbing klien."),
            period=month_label(report.pk_month),
        )
        for p in report.per_pk:
            per_pk.rows.append([p.name or _("Belum ada PK"), *_compliance_cells(p.compliance)])
        if per_pk.rows:
            total = compliance_sum(*(p.compliance for p in report.per_pk))
            per_pk.foot = [_("Jumlah"), *_compliance_cells(total)]
        tables.append(per_pk)
    return tables


def build_chart(report: ReportingReport) -> BarChart:
    series = [str(Channel(c).label) for c in CHANNELS]
    groups = [(str(MONTHS_3[m.month]).capitalize(), month_label(m), f.by_channel()) for m, f in report.months]
    best = max(report.months, key=lambda mf: mf[1].total, default=None)
    desc = _(
        "Diagram batang jumlah laporan wajib lapor per bulan untuk tiap saluran (%(channels)s), "
        "%(period)s. Jumlah laporan setahun: %(total)s. Angka lengkapnya ada pada tabel di sebelahnya."
    ) % {"channels": ", ".join(series), "period": period_label(report), "total": report.total.total}
    if best is not None and best[1].total:
        desc += " " + _("Bulan dengan laporan terbanyak: %(month)s (%(n)s).") % {
            "month": month_label(best[0]),
            "n": best[1].total,
        }
    return grouped_bars(
        groups=groups,
        series=series,
        title=_("Laporan per saluran per bulan, %(period)s") % {"period": period_label(report)},
        desc=desc,
    )
