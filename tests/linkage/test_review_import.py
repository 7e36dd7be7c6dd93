"""Importing an outside list: the whole file is checked, every bad row and column is named, and nothing is
stored unless every row is right."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook

from bimkemas.linkage.models import OutsideList, OutsideRecord
from bimkemas.linkage.services import outside_list_import

HEADER = "id,nik,name,birth_date,birth_place,sex,mother_name,address,institution,event_date,case_number\n"


def _run(actor, body: str, *, header: str = HEADER, filename="lapas.csv"):
    return outside_list_import(
        actor=actor, kind="prison_admission", filename=filename, content=(header + body).encode()
    )


@pytest.mark.django_db
def test_bad_rows_are_all_named_and_nothing_is_stored(kasi_budi):
    result = _run(
        kasi_budi,
        "A-1,,Agus Santoso,1988-03-12,Sleman,L,,,,,\n"
        "A-2,1234,Budi,12/31/1980,Bantul,X,,,,,\n"
        ",,,1990-01-01,,L,,,,2026-13-01,\n",
    )

    assert not result.ok
    found = {(p.row, p.column) for p in result.errors}
    assert found == {(3, "nik"), (3, "birth_date"), (3, "sex"), (4, "id"), (4, "name"), (4, "event_date")}
    assert result.error_rows == 2
    assert all(p.reason for p in result.errors)
    assert not OutsideList.objects.exists() and not OutsideRecord.objects.exists()


@pytest.mark.django_db
def test_missing_contract_column_is_named(kasi_budi):
    result = _run(kasi_budi, "A-1,Agus\n", header="id,name\n")

    assert not result.ok
    assert "nik" in result.errors[0].column and "address" in result.errors[0].column
    assert not OutsideList.objects.exists()


@pytest.mark.django_db
def test_good_file_keeps_raw_rows_and_groups_aliases(kasi_budi):
    result = _run(
        kasi_budi,
        "A-1,3404011203880001,AGUS SANTOSO,1988-03-12,KAB. SLEMAN,l,Sumiyati,Jl. Kaliurang,"
        "Rutan Yogyakarta,2026-10-01,B.1/2026\n"
        "A-1,,Gendut,,,,,,,,\n"
        "A-2,,Joko,,,,,,,,\n",
    )

    assert result.ok, result.errors
    assert result.outside_list.bapas == kasi_budi.bapas and result.outside_list.rows == 3
    agus, joko = OutsideRecord.objects.order_by("row")
    assert (agus.name, agus.aliases, agus.sex, agus.nik) == (
        "AGUS SANTOSO",
        ["Gendut"],
        "L",
        "3404011203880001",
    )
    assert agus.raw[0]["birth_place"] == "KAB. SLEMAN" and len(agus.raw) == 2
    assert agus.event_date.isoformat() == "2026-10-01" and agus.case_number == "B.1/2026"
    assert joko.birth_date is None


@pytest.mark.django_db
def test_xlsx_with_date_cells_is_read(kasi_budi):
    import datetime as dt

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(
        ["A-1", None, "Agus Santoso", dt.datetime(1988, 3, 12), "Sleman", "L", None, None, None, None, None]
    )
    buffer = io.BytesIO()
    book.save(buffer)

    result = outside_list_import(
        actor=kasi_budi, kind="court_decision", filename="putusan.xlsx", content=buffer.getvalue()
    )

    assert result.ok, result.errors
    assert OutsideRecord.objects.get().birth_date == dt.date(1988, 3, 12)


@pytest.mark.django_db
def test_pk_cannot_import(pk_andi):
    with pytest.raises(PermissionDenied):
        _run(pk_andi, "A-1,,Agus,,,,,,,,\n")
