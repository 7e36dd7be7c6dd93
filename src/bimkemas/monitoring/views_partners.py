"""The SIMONAS partner report (page and Excel export): activities and distinct clients reached per month,
partner, field, Bapas and Kanwil; attendance rate; inactive partners. Scoped like the wajib lapor report."""

import re

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from bimkemas.monitoring.charts import grouped_bars
from bimkemas.monitoring.exports import workbook_bytes
from bimkemas.monitoring.forms import ReportFilterForm
from bimkemas.monitoring.selectors import Level, report_scope
from bimkemas.monitoring.selectors_partners import INACTIVE_DAYS, PartnerReport, Reach, partner_report
from bimkemas.monitoring.tables import INT, PCT, TEXT, Column, Table, month_label, scope_label
from bimkemas.partners.models import Field

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class PartnerFilterForm(ReportFilterForm):
    def __init__(self, data, **kw):
        super().__init__(data, **kw)
        self.fields.pop("bulan", None)


def _period(report: PartnerReport) -> str:
    if not report.months:
        return str(report.year)
    first, last = report.months[0][0], report.months[-1][0]
    if first == last:
        return month_label(first)
    return f"{formats.date_format(first, 'F')}–{formats.date_format(last, 'F')} {report.year}"


def _reach_columns() -> list[Column]:
    return [
        Column(_("Kegiatan")),
        Column(_("Peserta terdaftar"), width=16),
        Column(_("Hadir")),
        Column(_("Tingkat kehadiran"), PCT, width=18),
        Column(_("Klien terjangkau"), width=16),
    ]


def _reach_cells(r: Reach) -> list:
    return [r.activities, r.enrolled, r.present, r.rate, r.clients]


def build_partner_tables(report: PartnerReport, scope) -> list[Table]:
    year = report.year
    empty = _("Belum ada kegiatan pada periode ini.")
    total_label = _("Jumlah %(year)s") % {"year": year}
    tables = []

    monthly = Table(
        key="mitra-bulan",
        title=_("Kegiatan dan klien terjangkau per bulan"),
        sheet=_("Per bulan"),
        columns=[Column(_("Bulan"), TEXT, width=18, rowhead=True), *_reach_columns()],
        empty=empty,
        note=_(
            "Kegiatan yang tidak dibatalkan dan sudah dimulai. Tingkat kehadiran = hadir ÷ peserta terdaftar. "
            "Klien terjangkau = jumlah klien berbeda yang hadir sedikitnya sekali."
        ),
    )
    if not report.is_empty:
        monthly.rows = [[month_label(m), *_reach_cells(r)] for m, r in report.months]
        monthly.foot = [total_label, *_reach_cells(report.total)]
    tables.append(monthly)

    multi = len(report.units) > 1
    bapas_col = [Column(_("Bapas"), TEXT, width=32)] if multi else []
    per_partner = Table(
        key="per-mitra",
        title=_("Per mitra, tahun %(year)s") % {"year": year},
        sheet=_("Per mitra"),
        columns=[Column(_("Mitra"), TEXT, width=32, rowhead=True), *bapas_col, *_reach_columns()],
        empty=empty,
    )
    month_cols = [Column(str(MONTHS_3[m.month]).capitalize(), INT, width=7) for m, _r in report.months]
    simonas = Table(
        key="mitra-per-bulan",
        title=_("Klien terjangkau per mitra per bulan, tahun %(year)s") % {"year": year},
        sheet=_("Klien per mitra per bulan"),
        columns=[
            Column(_("Mitra"), TEXT, width=32, rowhead=True),
            *bapas_col,
            *month_cols,
            Column(_("Setahun"), width=10),
        ],
        empty=empty,
        note=_("Seperti tabel SIMONAS: jumlah klien berbeda yang hadir pada kegiatan mitra tiap bulan."),
    )
    for row in report.per_partner:
        name = row.partner.name if row.partner else _("Bapas (tanpa mitra)")
        where = [row.bapas.name] if multi else []
        per_partner.rows.append([name, *where, *_reach_cells(row.year)])
        simonas.rows.append([name, *where, *(r.clients for r in row.months), row.year.clients])
    if per_partner.rows:
        per_partner.foot = [_("Jumlah"), *([""] if multi else []), *_reach_cells(report.total)]
    tables += [per_partner, simonas]

    per_field = Table(
        key="per-bidang",
        title=_("Per bidang, tahun %(year)s") % {"year": year},
        sheet=_("Per bidang"),
        columns=[Column(_("Bidang"), TEXT, width=26, rowhead=True), *_reach_columns()],
        empty=empty,
    )
    per_field.rows = [[str(Field(c).label), *_reach_cells(r)] for c, r in report.per_field]
    tables.append(per_field)

    if multi:
        per_bapas = Table(
            key="mitra-per-bapas",
            title=_("Per Bapas, tahun %(year)s") % {"year": year},
            sheet=_("Per Bapas"),
            columns=[Column(_("Bapas"), TEXT, width=32, rowhead=True), *_reach_columns()],
            empty=empty,
        )
        if not report.is_empty:
            per_bapas.rows = [[u.name, *_reach_cells(r)] for u, r in report.per_bapas]
            per_bapas.foot = [_("Jumlah"), *_reach_cells(report.total)]
        tables.append(per_bapas)
    if scope.level in (Level.NATIONAL, Level.KANWIL):
        per_kanwil = Table(
            key="mitra-per-kanwil",
            title=_("Per Kanwil, tahun %(year)s") % {"year": year},
            sheet=_("Per Kanwil"),
            columns=[Column(_("Kanwil"), TEXT, width=32, rowhead=True), *_reach_columns()],
            empty=empty,
        )
        if not report.is_empty:
            per_kanwil.rows = [[k.name if k else "—", *_reach_cells(r)] for k, r in report.per_kanwil]
        tables.append(per_kanwil)

    inactive = Table(
        key="mitra-tidak-aktif",
        title=_("Mitra tanpa kegiatan dalam %(days)s hari terakhir") % {"days": INACTIVE_DAYS},
        sheet=_("Mitra tidak aktif"),
        columns=[
            Column(_("Mitra"), TEXT, width=32, rowhead=True),
            *bapas_col,
            Column(_("Kegiatan terakhir"), TEXT, width=18),
        ],
        empty=_("Semua mitra aktif berkegiatan dalam %(days)s hari terakhir.") % {"days": INACTIVE_DAYS},
        period=_("per hari ini"),
    )
    for item in report.inactive:
        last = formats.date_format(item.last_activity, "j F Y") if item.last_activity else _("Belum pernah")
        inactive.rows.append([item.partner.name, *([item.partner.bapas.name] if multi else []), last])
    tables.append(inactive)
    return tables


def build_partner_chart(report: PartnerReport):
    series = [_("Kegiatan"), _("Klien terjangkau")]
    groups = [
        (str(MONTHS_3[m.month]).capitalize(), month_label(m), [r.activities, r.clients])
        for m, r in report.months
    ]
    desc = _(
        "Diagram batang jumlah kegiatan dan klien terjangkau per bulan, %(period)s. Setahun: %(activities)s "
        "kegiatan, %(clients)s klien terjangkau. Angka lengkapnya ada pada tabel di sebelahnya."
    ) % {"period": _period(report), "activities": report.total.activities, "clients": report.total.clients}
    return grouped_bars(
        groups=groups,
        series=series,
        title=_("Kegiatan dan klien terjangkau per bulan, %(period)s") % {"period": _period(report)},
        desc=desc,
    )


def _report(request):
    actor = request.user
    scope = report_scope(actor=actor)
    today = timezone.localdate()
    form = PartnerFilterForm(request.GET or None, scope=scope, today=today)
    f = form.filters()
    units = scope.narrow(kanwil_id=f["kanwil_id"], bapas_id=f["bapas_id"])
    report = partner_report(scope=scope, units=units, year=f["year"], today=today)
    kanwil = next((k for k in scope.kanwils if k.id == f["kanwil_id"]), None)
    return {
        "form": form,
        "scope": scope,
        "report": report,
        "tables": build_partner_tables(report, scope),
        "where": scope_label(scope, report, actor=actor, kanwil=kanwil),
        "period": _period(report),
    }


@login_required
@require_GET
def partner_report_view(request):
    ctx = _report(request)
    ctx["chart"] = build_partner_chart(ctx["report"]) if not ctx["report"].is_empty else None
    ctx["query"] = request.GET.urlencode()
    return render(request, "monitoring/partners_report.html", ctx)


@login_required
@require_GET
def partner_report_xlsx(request):
    ctx = _report(request)
    content = workbook_bytes(
        ctx["tables"],
        where=ctx["where"],
        period=ctx["period"],
        generated_at=timezone.localtime(),
        title=_("Laporan kegiatan mitra"),
    )
    units = ctx["report"].units
    slug = re.sub(r"[^A-Za-z0-9_-]", "", units[0].code) if len(units) == 1 else "rekap"
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="kegiatan-mitra-{slug}-{ctx["report"].year}.xlsx"'
    )
    return response
