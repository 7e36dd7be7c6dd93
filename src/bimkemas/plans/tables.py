"""The coverage report's tables, built once and written twice — on the page (monitoring/_table.html) and
as Excel sheets (bimkemas.monitoring.exports) — so both always show the same numbers. Columns are built
by looping over the report's measures: a new measure adds its columns here without code changes."""

from django.utils import formats
from django.utils.translation import gettext as _

from bimkemas.monitoring.selectors import Level
from bimkemas.monitoring.tables import INT, PCT, TEXT, Column, Table
from bimkemas.plans.coverage import BUCKETS, CoverageReport, CoverageRow


def _measure_columns(report: CoverageReport) -> list[Column]:
    cols = []
    for m in report.measures:
        cols += [
            Column(str(m.applicable_label), INT, 16),
            Column(str(m.covered_label), INT, 18),
            Column(_("%(measure)s (%%)") % {"measure": m.short}, PCT, 14),
        ]
    return cols


def _values(report: CoverageReport, row: CoverageRow) -> list:
    values = [row.label or "—", row.active]
    for m in report.measures:
        share = row.share(m.key)
        values += [share.of, share.n, share.rate]
    return values


def build_tables(report: CoverageReport) -> list[Table]:
    first = _("PK") if report.rows_are_pks else _("Bapas")
    columns = [
        Column(first, TEXT, 30, rowhead=True),
        Column(_("Klien aktif"), INT, 12),
        *_measure_columns(report),
    ]
    notes = " ".join(str(m.note) for m in report.measures)
    title = (
        _("Cakupan rencana program dan evaluasi per PK")
        if report.rows_are_pks
        else _("Cakupan rencana program dan evaluasi per Bapas")
    )
    main = Table(
        key="cakupan",
        title=title,
        sheet=_("Cakupan"),
        columns=columns,
        rows=[_values(report, r) for r in report.rows],
        foot=_values(report, report.total) if report.level != Level.PK else None,
        empty=_("Belum ada klien aktif pada lingkup ini."),
        note=notes,
    )
    tables = [main]
    if report.level != Level.PK and report.pk_count:
        spread_cols = [Column(_("Klien yang tercakup per PK"), TEXT, 34, rowhead=True)]
        for m in report.measures:
            spread_cols += [
                Column(_("%(measure)s: jumlah PK") % {"measure": m.short}, INT, 16),
                Column(_("%(measure)s: %% PK") % {"measure": m.short}, PCT, 14),
            ]
        rows = []
        for code, label in BUCKETS:
            values = [str(label)]
            for m in report.measures:
                n = report.spread[m.key][code]
                values += [n, n / report.pk_count if report.pk_count else None]
            rows.append(values)
        foot = [_("Jumlah PK")]
        for _m in report.measures:
            foot += [report.pk_count, 1.0]
        tables.append(
            Table(
                key="sebaran",
                title=_("Sebaran PK menurut bagian kliennya yang tercakup"),
                sheet=_("Sebaran PK"),
                columns=spread_cols,
                rows=rows,
                foot=foot,
                note=_(
                    "Bentuk tabel survei Bapas Kelas I Palembang (2022): hanya 15% PK yang menyusun rencana "
                    "program bertahap untuk seluruh kliennya dan 5,85% yang membuat evaluasi perkembangan "
                    "untuk seluruh kliennya. Di sini angkanya dihitung dari catatan, bukan dari pengakuan."
                ),
            )
        )
    return tables


def scope_label(report: CoverageReport, actor) -> str:
    if report.level == Level.PK:
        return _("%(name)s, %(bapas)s") % {"name": actor.display_name, "bapas": report.units[0].name}
    if len(report.units) == 1:
        return report.units[0].name
    if report.level == Level.KANWIL and actor.unit:
        return actor.unit.name
    return _("%(n)d Bapas") % {"n": len(report.units)}


def period_label(report: CoverageReport) -> str:
    return _("Per %(day)s") % {"day": formats.date_format(report.today, "j F Y")}
