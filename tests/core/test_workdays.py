import datetime as dt

from bimkemas.core.workdays import add_working_days, is_working_day


def test_weekend_is_skipped():
    assert add_working_days(dt.date(2026, 11, 20), 2) == dt.date(2026, 11, 24)  # Fri → Tue


def test_public_holidays_and_cuti_bersama_are_skipped():
    assert not is_working_day(dt.date(2026, 12, 25))  # Natal
    assert not is_working_day(dt.date(2026, 12, 24))  # cuti bersama Natal
    assert add_working_days(dt.date(2026, 12, 23), 2) == dt.date(2026, 12, 29)


def test_new_year():
    assert add_working_days(dt.date(2026, 12, 31), 1) == dt.date(2027, 1, 4)
