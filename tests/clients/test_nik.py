import datetime as dt

import pytest

from bimkemas.clients.nik import nik_check


def test_valid_nik_for_a_woman_decodes_birth_date_and_sex():
    result = nik_check("3404015508950001", birth_date=dt.date(1995, 8, 15), sex="P")
    assert result.valid and not result.warnings
    assert result.birth_date == dt.date(1995, 8, 15) and result.sex == "P"


@pytest.mark.parametrize(
    ("nik", "part"),
    [
        ("34040155089500", "16 digit"),
        ("3404015508950A01", "16 digit"),
        ("9904015508950001", "Kode provinsi"),
        ("3400005508950001", "kabupaten/kota atau kecamatan"),
        ("3404013208950001", "Tanggal lahir di NIK"),  # day 32
        ("3404017208950001", "Tanggal lahir di NIK"),  # day 72 - 40 = 32
        ("3404011513950001", "Tanggal lahir di NIK"),  # month 13
        ("3404011508950000", "Nomor urut"),
    ],
)
def test_bad_nik_names_the_wrong_part(nik, part):
    result = nik_check(nik)
    assert not result.valid
    assert any(part in e for e in result.errors), result.errors


def test_mismatch_with_stated_birth_date_or_sex_is_only_a_warning():
    result = nik_check("3404011508950001", birth_date=dt.date(1995, 8, 16), sex="P")
    assert result.valid
    assert len(result.warnings) == 2


def test_separators_are_ignored():
    assert nik_check("3404 0115 0895 0001").valid
