import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from bimkemas.cases.phases import phase_on, phase_schedule


def test_phases_split_the_period_in_quarters():
    start, end = dt.date(2026, 1, 1), dt.date(2026, 12, 31)  # 364 days
    awal, lanjutan, akhir, after = phase_schedule(start, end)
    assert (awal.start, lanjutan.start, akhir.start, after.start) == (
        dt.date(2026, 1, 1), dt.date(2026, 4, 2), dt.date(2026, 10, 1), dt.date(2027, 1, 1),
    )  # fmt: skip
    assert phase_on(start, end, dt.date(2026, 4, 1)) == "awal"
    assert phase_on(start, end, dt.date(2026, 4, 2)) == "lanjutan"
    assert phase_on(start, end, dt.date(2026, 12, 31)) == "akhir"
    assert phase_on(start, end, dt.date(2027, 1, 1)) == "after_care"
    assert phase_on(start, end, dt.date(2025, 12, 31)) is None


@given(
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 1, 1)),
    st.integers(min_value=1, max_value=3650),
)
def test_phases_are_contiguous_and_ordered(start, days):
    end = start + dt.timedelta(days=days)
    phases = phase_schedule(start, end)
    assert phases[0].start == start and phases[2].end == end
    for a, b in zip(phases, phases[1:], strict=False):
        assert a.start <= b.start
    for day in (start, end, start + dt.timedelta(days=days // 2)):
        assert phase_on(start, end, day) in ("awal", "lanjutan", "akhir")
