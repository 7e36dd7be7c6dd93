"""Working days for Indonesian government offices: weekends, public holidays and cuti bersama excluded.

The calendar is the maintained `holidays` package (Indonesia, categories public + government);
never a hand list.
"""

import datetime as dt
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _holidays_for(year: int) -> frozenset[dt.date]:
    cal = holidays.country_holidays("ID", years=year, categories=("public", "government"))
    return frozenset(cal.keys())


def holiday_name(day: dt.date) -> str | None:
    cal = holidays.country_holidays("ID", years=day.year, categories=("public", "government"), language="id")
    return cal.get(day)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _holidays_for(day.year)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (the start day itself is not counted)."""
    current = start
    remaining = days
    while remaining > 0:
        current += dt.timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current
