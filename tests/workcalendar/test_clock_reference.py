"""The precomputed clock against a naive, independent reference implementation.

The reference walks day by day and period by period, asking ``holidays.VN`` about every
day. It is slow but obviously right; the fast clock must agree with it to the second, for
several working-period configurations, in any order of years (the fast tables grow lazily
in both directions).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.workcalendar.clock import VN_TZ, Unit, WorkCalendar, WorkingPeriods

VN_HOLIDAYS = holidays.VN()


@pytest.fixture(autouse=True)
def _vietnamese():
    """The clock is pure (no Django): neutralise the project's translation fixture."""
    yield


def reference_is_working(d: date, extra_off=(), extra_on=()) -> bool:
    if d in extra_on:
        return True
    if d in extra_off:
        return False
    if d in VN_HOLIDAYS:
        return False
    return d.weekday() < 5 or d in VN_HOLIDAYS.weekend_workdays


def reference_due(start, amount, unit, cutoff, periods, extra_off=(), extra_on=()):
    def working(d):
        return reference_is_working(d, extra_off, extra_on)

    bounds = periods.periods
    local = start.astimezone(VN_TZ).replace(microsecond=0)
    day, now = local.date(), local.time()
    current = None
    if working(day) and (cutoff is None or now <= cutoff):
        for begin, end in bounds:
            if now < begin:
                current = datetime.combine(day, begin, VN_TZ)
                break
            if now < end:
                current = local
                break
    if current is None:
        day += timedelta(days=1)
        while not working(day):
            day += timedelta(days=1)
        current = datetime.combine(day, bounds[0][0], VN_TZ)

    if unit in (Unit.CALENDAR_DAYS, Unit.SAME_DAY):
        day = current.date() + timedelta(days=amount if unit == Unit.CALENDAR_DAYS else 0)
        while not working(day):
            day += timedelta(days=1)
        return datetime.combine(day, bounds[-1][1], VN_TZ)

    scale = periods.seconds_per_day if unit == Unit.WORKING_DAYS else 3600
    remaining = round(amount * scale)
    if remaining == 0:
        return current
    day = current.date()
    while True:
        if working(day):
            for begin, end in bounds:
                lo = max(datetime.combine(day, begin, VN_TZ), current)
                hi = datetime.combine(day, end, VN_TZ)
                if hi <= lo:
                    continue
                available = int((hi - lo).total_seconds())
                if remaining <= available:
                    return lo + timedelta(seconds=remaining)
                remaining -= available
        day += timedelta(days=1)


CONFIGS = {
    "default": WorkingPeriods.parse("07:30-11:30,13:00-17:00"),
    "alt": WorkingPeriods.parse("08:00-12:00,13:30-17:30"),
    "three": WorkingPeriods.parse("07:00-09:00:30,09:15-11:00,14:00-16:45"),
}
EXTRA_OFF = frozenset({date(2025, 3, 10), date(2026, 4, 28), date(2019, 2, 11)})
EXTRA_ON = frozenset({date(2025, 3, 15), date(2024, 2, 9), date(2022, 1, 1)})

CALENDARS = {name: WorkCalendar(periods=p) for name, p in CONFIGS.items()}
LOCAL = WorkCalendar(extra_days_off=EXTRA_OFF, extra_working_days=EXTRA_ON)

starts = st.datetimes(
    min_value=datetime(2018, 1, 1),
    max_value=datetime(2030, 12, 31, 23, 59, 59),
    timezones=st.sampled_from([VN_TZ, UTC, timezone(timedelta(hours=-5))]),
)
limits = st.one_of(
    st.tuples(st.integers(0, 60).map(lambda n: n / 2), st.just(Unit.WORKING_DAYS)),
    st.tuples(st.integers(0, 200), st.just(Unit.WORKING_HOURS)),
    st.tuples(st.integers(0, 60), st.just(Unit.CALENDAR_DAYS)),
    st.tuples(st.just(0), st.just(Unit.SAME_DAY)),
)
cutoffs = st.sampled_from([None, time(15, 0), time(16, 30, 15)])


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(CONFIGS)), starts, limits, cutoffs)
def test_matches_reference(config, start, limit, cutoff):
    amount, unit = limit
    got = CALENDARS[config].due(start, amount, unit, cutoff=cutoff)
    assert got == reference_due(start, amount, unit, cutoff, CONFIGS[config])
    assert got.tzinfo is VN_TZ


@settings(max_examples=200, deadline=None)
@given(starts, limits, cutoffs)
def test_local_overrides_match_reference(start, limit, cutoff):
    amount, unit = limit
    got = LOCAL.due(start, amount, unit, cutoff=cutoff)
    expected = reference_due(start, amount, unit, cutoff, CONFIGS["default"], EXTRA_OFF, EXTRA_ON)
    assert got == expected


def test_tables_grow_backwards_and_forwards():
    # A fresh calendar used first in 2030, then 2018, then far ahead: results agree with a
    # calendar that saw the years in the natural order, and with the reference.
    fresh = WorkCalendar()
    starts_ = [
        datetime(2030, 6, 3, 9, tzinfo=VN_TZ),
        datetime(2018, 12, 28, 16, tzinfo=VN_TZ),
        datetime(2024, 2, 7, 10, tzinfo=VN_TZ),
    ]
    for start in starts_:
        for amount, unit in [(30, Unit.WORKING_DAYS), (45, Unit.CALENDAR_DAYS)]:
            got = fresh.due(start, amount, unit)
            assert got == CALENDARS["default"].due(start, amount, unit)
            assert got == reference_due(start, amount, unit, None, CONFIGS["default"])
    # A long limit crosses several years that are not yet in the tables.
    start = datetime(2030, 12, 30, 10, tzinfo=VN_TZ)
    assert fresh.due(start, 600, Unit.WORKING_DAYS) == reference_due(
        start, 600, Unit.WORKING_DAYS, None, CONFIGS["default"]
    )
    assert fresh.due(start, 400, Unit.CALENDAR_DAYS) == reference_due(
        start, 400, Unit.CALENDAR_DAYS, None, CONFIGS["default"]
    )
    assert fresh.working_seconds_between(
        datetime(2014, 1, 1, tzinfo=VN_TZ), datetime(2040, 1, 1, tzinfo=VN_TZ)
    ) == 8 * 3600 * sum(
        reference_is_working(date(2014, 1, 1) + timedelta(days=k))
        for k in range((date(2040, 1, 1) - date(2014, 1, 1)).days)
    )
