"""Property-based tests of the working-time clock (hypothesis)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from motcua.workcalendar.clock import DEFAULT_PERIODS, VN_TZ, Unit, WorkCalendar

CAL = WorkCalendar()
DAY = DEFAULT_PERIODS.seconds_per_day
CUTOFF = time(15, 0)
PERIODS = [
    (s.hour * 3600 + s.minute * 60, e.hour * 3600 + e.minute * 60)
    for s, e in DEFAULT_PERIODS.periods
]

profile = settings(max_examples=250, deadline=None)

starts = st.datetimes(
    min_value=datetime(2023, 1, 1),
    max_value=datetime(2027, 12, 31, 23, 59, 59),
    timezones=st.just(VN_TZ),
)
working_seconds = st.integers(min_value=0, max_value=40 * DAY)
cutoffs = st.sampled_from([None, CUTOFF])
# Starts strictly after the 15:00 cut-off on a working day, built directly rather than
# filtered out of `starts` (filtering most inputs away trips hypothesis's health check).
working_dates = st.dates(min_value=date(2023, 1, 1), max_value=date(2027, 12, 31)).filter(
    CAL.is_working_day
)
starts_after_cutoff = st.builds(
    lambda d, s: datetime.combine(d, time(15, 0, 1), VN_TZ) + timedelta(seconds=s),
    working_dates,
    st.integers(min_value=0, max_value=9 * 3600 - 2),  # up to 23:59:59
)
# (amount, unit) pairs as the catalogue uses them.
limits = st.one_of(
    st.tuples(st.integers(0, 60).map(lambda n: n / 2), st.just(Unit.WORKING_DAYS)),
    st.tuples(st.integers(0, 200), st.just(Unit.WORKING_HOURS)),
    st.tuples(st.integers(0, 60), st.just(Unit.CALENDAR_DAYS)),
    st.tuples(st.just(0), st.just(Unit.SAME_DAY)),
)


@pytest.fixture(autouse=True)
def _vietnamese():
    """The clock is pure (no Django): neutralise the project's translation fixture."""
    yield


def sod(t: datetime) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


def next_working_day(d: date) -> date:
    d += timedelta(days=1)
    while not CAL.is_working_day(d):
        d += timedelta(days=1)
    return d


@profile
@given(starts, working_seconds, cutoffs)
def test_added_working_time_measures_back(start, seconds, cutoff):
    result = CAL.add_working_seconds(start, seconds, cutoff=cutoff)
    normalized = CAL.normalize(start, cutoff=cutoff)
    assert CAL.working_seconds_between(normalized, result) == seconds
    assert CAL.working_seconds_between(result, normalized) == -seconds
    assert result >= normalized
    assert result.tzinfo is VN_TZ


@profile
@given(starts, working_seconds, working_seconds)
def test_addition_is_additive(start, a, b):
    # Without a cut-off, adding a then b equals adding a + b when b > 0. (Adding 0 normalizes:
    # an intermediate result on the end of a period, e.g. 11:30, would move to 13:00, while
    # a + 0 stays on 11:30 — the earliest instant the amount is used up.)
    assume(a > 0 and b > 0)
    step = CAL.add_working_seconds(start, a)
    assert CAL.add_working_seconds(step, b) == CAL.add_working_seconds(start, a + b)


@profile
@given(starts, starts, limits, cutoffs)
def test_monotonic_in_start(s1, s2, limit, cutoff):
    s1, s2 = min(s1, s2), max(s1, s2)
    amount, unit = limit
    assert CAL.due(s1, amount, unit, cutoff=cutoff) <= CAL.due(s2, amount, unit, cutoff=cutoff)


@profile
@given(starts, working_seconds, working_seconds, cutoffs)
def test_monotonic_in_amount(start, a, b, cutoff):
    a, b = min(a, b), max(a, b)
    assert CAL.add_working_seconds(start, a, cutoff=cutoff) <= CAL.add_working_seconds(
        start, b, cutoff=cutoff
    )
    days_a, days_b = a // 3600, b // 3600
    for unit in (Unit.CALENDAR_DAYS, Unit.WORKING_HOURS):
        assert CAL.due(start, days_a, unit, cutoff=cutoff) <= CAL.due(
            start, days_b, unit, cutoff=cutoff
        )


@profile
@given(starts, limits, cutoffs)
def test_results_lie_in_working_time(start, limit, cutoff):
    amount, unit = limit
    result = CAL.due(start, amount, unit, cutoff=cutoff)
    assert result.tzinfo is VN_TZ
    assert CAL.is_working_day(result.date())
    t = sod(result)
    # Inside a period, or exactly on its end; never before the first period starts.
    assert any(s <= t <= e for s, e in PERIODS), result
    if amount and unit in (Unit.WORKING_DAYS, Unit.WORKING_HOURS):
        assert any(s < t <= e for s, e in PERIODS), result


@profile
@given(starts_after_cutoff, limits)
def test_cutoff_counts_from_the_next_working_day(start, limit):
    amount, unit = limit
    result = CAL.due(start, amount, unit, cutoff=CUTOFF)
    assert result.date() != start.date()
    next_morning = datetime.combine(next_working_day(start.date()), time(7, 30), VN_TZ)
    assert result == CAL.due(next_morning, amount, unit, cutoff=CUTOFF)
    assert result == CAL.due(next_morning, amount, unit)


@profile
@given(starts, st.integers(0, 60), cutoffs)
def test_calendar_days_end_a_working_day(start, days, cutoff):
    result = CAL.add_calendar_days(start, days, cutoff=cutoff)
    assert result.time() == time(17, 0)
    assert CAL.is_working_day(result.date())
    earliest = CAL.normalize(start, cutoff=cutoff).date() + timedelta(days=days)
    assert result.date() >= earliest
    # It is the first working day on or after start date + N (Civil Code art. 148(5)).
    d = earliest
    while d < result.date():
        assert not CAL.is_working_day(d)
        d += timedelta(days=1)


@profile
@given(starts, starts, starts)
def test_working_seconds_between_is_additive(a, b, c):
    ab = CAL.working_seconds_between(a, b)
    bc = CAL.working_seconds_between(b, c)
    assert ab + bc == CAL.working_seconds_between(a, c)
    if a.replace(microsecond=0) <= b.replace(microsecond=0):
        assert ab >= 0
    else:
        assert ab <= 0
    assert CAL.working_hours_between(a, b) * 3600 == ab


@profile
@given(starts, cutoffs)
def test_adding_zero_is_normalizing(start, cutoff):
    normalized = CAL.normalize(start, cutoff=cutoff)
    assert CAL.add_working_days(start, 0, cutoff=cutoff) == normalized
    assert CAL.add_working_hours(start, 0.0, cutoff=cutoff) == normalized
    assert normalized >= start.replace(microsecond=0)
    assert CAL.is_working_day(normalized.date())
    assert any(s <= sod(normalized) < e for s, e in PERIODS)
    assert CAL.normalize(normalized, cutoff=cutoff) == normalized
