"""The Excel export: read back with openpyxl, its numbers equal the page's."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.monitoring.conftest import CLIENT_NAMES
from tests.monitoring.helpers import page_tables

pytestmark = pytest.mark.django_db

PAGE = reverse("reporting_report")
XLSX = reverse("reporting_report_xlsx")


def _download(client, user, **params):
    client.force_login(user)
    response = client.get(XLSX, params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return response, load_workbook(io.BytesIO(response.content))


def _shown(cell) -> str:
    """An Excel cell written the way the page writes it (percent cells with Indonesian decimals)."""
    value = cell.value
    if value is None:
        return ""
    if cell.number_format == "0.0%" and isinstance(value, int | float):
        return f"{round(value * 100, 1):.1f}".replace(".", ",") + "%"
    return str(value)


def _table_rows(ws) -> list[list[str]]:
    """The sheet's table: from its header row (the row after the blank one) to the last filled row."""
    rows = [[_shown(c) for c in row] for row in ws.iter_rows()]
    start = next(i for i, r in enumerate(rows) if i > 0 and not any(rows[i - 1]) and any(r))
    body = []
    for r in rows[start:]:
        if not any(r):
            break
        body.append(r)
    return body


def _same(page_rows, sheet_rows):
    assert len(page_rows) == len(sheet_rows)
    for page_row, sheet_row in zip(page_rows, sheet_rows, strict=True):
        assert page_row == sheet_row[: len(page_row)]


def test_export_has_one_sheet_per_table_with_the_page_numbers(client, dataset, kasi_budi):
    client.force_login(kasi_budi)
    page = page_tables(client.get(PAGE, {"tahun": 2025, "bulan": 3}))
    response, wb = _download(client, kasi_budi, tahun=2025, bulan=3)
    assert 'filename="wajib-lapor-BPS-YK-2025.xlsx"' in response["Content-Disposition"]
    assert wb.sheetnames == ["Laporan per saluran", "Kepatuhan per bulan", "Kepatuhan per PK"]
    for key, sheet in (("laporan", "Laporan per saluran"), ("kepatuhan", "Kepatuhan per bulan"), ("per-pk", "Kepatuhan per PK")):  # fmt: skip
        _same(page[key], _table_rows(wb[sheet]))

    ws = wb["Laporan per saluran"]
    assert ws["A1"].value == "Laporan wajib lapor per saluran"
    assert [ws["A2"].value, ws["B2"].value] == ["Bapas / wilayah", "Bapas Kelas I Yogyakarta"]
    assert [ws["A3"].value, ws["B3"].value] == ["Periode", "Januari–Desember 2025"]
    header = [c.value for c in ws[6]]
    assert header == [
        "No.",
        "Bulan",
        "Tatap muka",
        "Telekonferensi",
        "Aplikasi",
        "Jumlah laporan",
        "Klien melapor",
    ]
    february = [c.value for c in ws[8]]
    assert february == [2, "Februari 2025", 1, 1, 1, 3, 2]  # numbers, not text
    assert ws.column_dimensions["B"].width == 18
    assert ws.freeze_panes == "A7"

    ws = wb["Kepatuhan per PK"]
    assert ws["B3"].value == "Maret 2025"
    andi = next(row for row in ws.iter_rows() if row[0].value == "Andi Pratama")
    assert andi[6].value == pytest.approx(0.25)
    assert andi[6].number_format == "0.0%"
    assert andi[7].number_format == "0.0%"


def test_export_for_a_kanwil_has_the_per_bapas_sheets(client, dataset, kanwil_hadi):
    client.force_login(kanwil_hadi)
    page = page_tables(client.get(PAGE, {"tahun": 2025}))
    response, wb = _download(client, kanwil_hadi, tahun=2025)
    assert 'filename="wajib-lapor-rekap-2025.xlsx"' in response["Content-Disposition"]
    assert wb.sheetnames == [
        "Laporan per saluran",
        "Kepatuhan per bulan",
        "Rekap per Bapas",
        "Per Bapas per bulan",
    ]
    _same(page["per-bapas"], _table_rows(wb["Rekap per Bapas"]))
    _same(page["laporan"], _table_rows(wb["Laporan per saluran"]))
    assert wb["Rekap per Bapas"]["B2"].value == "Semua Bapas di bawah Kanwil DIY"
    long = _table_rows(wb["Per Bapas per bulan"])
    assert len(long) == 1 + 2 * 12
    wonosari_feb = next(r for r in long if r[:2] == ["Bapas Kelas II Wonosari", "Februari 2025"])
    assert wonosari_feb[2:7] == ["0", "0", "1", "1", "1"]
    # The Bapas B report page shows the same month.
    bapas_b = page_tables(client.get(PAGE, {"tahun": 2025, "bapas": dataset.joko.bapas_id}))
    feb = next(r for r in bapas_b["laporan"] if "Februari 2025" in r)
    assert feb[2:] == wonosari_feb[2:7]


def test_export_names_no_client(client, dataset, ditjenpas_tono, kasi_budi):
    for user in (ditjenpas_tono, kasi_budi):
        _, wb = _download(client, user, tahun=2025, bulan=3)
        text = " ".join(str(c) for ws in wb for row in ws.iter_rows(values_only=True) for c in row if c)
        for name in CLIENT_NAMES:
            assert name not in text


def test_export_of_an_empty_period_says_so(client, kasi_budi):
    _, wb = _download(client, kasi_budi, tahun=2024)
    ws = wb["Laporan per saluran"]
    assert ws.cell(row=7, column=1).value == "Belum ada laporan pada periode ini."


def test_export_follows_the_same_scope(client, dataset, pk_andi, kasi_wati):
    _, wb = _download(client, pk_andi, tahun=2025)
    total = [c.value for c in wb["Laporan per saluran"][19]]
    assert total[1:] == ["Jumlah 2025", 1, 1, 1, 3, 1]
    assert "Kepatuhan per PK" not in wb.sheetnames
    _, wb = _download(client, kasi_wati, tahun=2025, bapas=dataset.rudi.bapas_id)
    assert wb["Laporan per saluran"]["B2"].value == "Bapas Kelas II Wonosari"
