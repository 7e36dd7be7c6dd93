"""The wajib lapor report as an Excel workbook (openpyxl): one sheet per table, each headed by the
title, the Bapas (or region) and the period; Indonesian headers; percentages formatted as such."""

import io

from django.utils import formats
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from bimkemas.monitoring.tables import PCT, Table

HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
THIN = Side(style="thin", color="A6A6A6")
PERCENT = "0.0%"


def _sheet_title(name: str, used: set[str]) -> str:
    name = "".join(ch for ch in name if ch not in "[]:*?/\\")[:31] or "Sheet"
    base, n = name, 2
    while name in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name)
    return name


def _write_row(ws, row: int, values: list) -> None:
    for col, value in enumerate(values, start=1):
        if value is not None and value != "":
            ws.cell(row=row, column=col, value=value)


def _write_table(ws, table: Table, *, where: str, period: str, generated: str) -> None:
    ncols = len(table.columns)
    _write_row(ws, 1, [table.title])
    ws["A1"].font = Font(bold=True, size=13)
    for row, values in enumerate(
        ([_("Bapas / wilayah"), where], [_("Periode"), period], [_("Dibuat"), generated]), start=2
    ):
        _write_row(ws, row, values)
        ws.cell(row=row, column=1).font = Font(bold=True)
    header_row = 6  # row 5 stays blank
    _write_row(ws, header_row, [c.label for c in table.columns])
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.border = Border(bottom=THIN)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    row = header_row
    if table.is_empty:
        row += 1
        _write_row(ws, row, [table.empty])
    for values in [*table.rows, *([table.foot] if table.foot else [])]:
        row += 1
        _write_row(ws, row, ["—" if v is None else v for v in values])
        for col, column in enumerate(table.columns, start=1):
            if column.kind == PCT:
                ws.cell(row=row, column=col).number_format = PERCENT
    if table.foot:
        for col in range(1, ncols + 1):
            cell = ws.cell(row=row, column=col)
            cell.font = Font(bold=True)
            cell.border = Border(top=THIN)
    if table.note:
        row += 2
        _write_row(ws, row, [table.note])
        ws.cell(row=row, column=1).font = Font(italic=True)
    for col, column in enumerate(table.columns, start=1):
        ws.column_dimensions[get_column_letter(col)].width = column.width
    ws.column_dimensions["A"].width = max(ws.column_dimensions["A"].width or 0, 16)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape" if ncols > 7 else "portrait"


def workbook_bytes(tables: list[Table], *, where: str, period: str, generated_at, title: str = "") -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    generated = formats.date_format(generated_at, "DATETIME_FORMAT")
    for table in tables:
        ws = wb.create_sheet(_sheet_title(table.sheet, used))
        _write_table(ws, table, where=where, period=table.period or period, generated=generated)
    wb.properties.title = title or _("Laporan wajib lapor")
    wb.properties.creator = "Bimkemas"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
