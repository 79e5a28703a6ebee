"""Inputs of the working-time clock: validation, time zones, amounts, other working periods."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest

from motcua.workcalendar.clock import (
    DEFAULT_PERIODS,
    VN_TZ,
    Unit,
    WorkCalendar,
    WorkingPeriods,
)

CAL = WorkCalendar()
START = datetime(2025, 1, 14, 10, 0, tzinfo=VN_TZ)  # a Tuesday, inside working time


@pytest.fixture(autouse=True)
def _vietnamese():
    """The clock is pure (no Django): neutralise the project's translation fixture."""
    yield


def vn(y, mo, d, h=0, mi=0, s=0) -> datetime:
    return datetime(y, mo, d, h, mi, s, tzinfo=VN_TZ)


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("unit", [Unit.WORKING_DAYS, Unit.WORKING_HOURS, Unit.CALENDAR_DAYS])
@pytest.mark.parametrize("amount", [-1, -0.5, Decimal("-1"), Fraction(-1, 2)])
def test_negative_amounts_are_rejected(unit, amount):
    # Calendar days must also be whole: -0.5 fails either check, both are ValueError.
    with pytest.raises(ValueError, match=r">= 0|whole number"):
        CAL.due(START, amount, unit)


def test_negative_amounts_in_add_methods():
    for call in (
        lambda: CAL.add_working_seconds(START, -1),
        lambda: CAL.add_working_hours(START, -2),
        lambda: CAL.add_working_days(START, Decimal("-0.5")),
        lambda: CAL.add_calendar_days(START, -3),
        lambda: CAL.due(START, -1, Unit.SAME_DAY),
    ):
        with pytest.raises(ValueError, match=">= 0"):
            call()


@pytest.mark.parametrize("amount", [float("nan"), float("inf"), Decimal("NaN"), Decimal("Inf")])
def test_non_finite_amounts_are_rejected(amount):
    with pytest.raises(ValueError, match="finite"):
        CAL.due(START, amount, Unit.WORKING_HOURS)
    with pytest.raises(ValueError, match="finite"):
        CAL.due(START, amount, Unit.CALENDAR_DAYS)


def test_fractional_calendar_days_are_rejected():
    with pytest.raises(ValueError, match="whole number"):
        CAL.due(START, 1.5, Unit.CALENDAR_DAYS)
    # Whole values of other number types are fine.
    assert CAL.due(START, Decimal("5"), Unit.CALENDAR_DAYS) == CAL.due(START, 5, Unit.CALENDAR_DAYS)
    assert CAL.due(START, 5.0, Unit.CALENDAR_DAYS) == vn(2025, 1, 20, 17)


@pytest.mark.parametrize("unit", ["weeks", "WORKING_DAYS", "", None, 3])
def test_unknown_unit(unit):
    with pytest.raises(ValueError, match="unknown time limit unit"):
        CAL.due(START, 1, unit)


@pytest.mark.parametrize("amount", ["1", None, True, [1]])
def test_non_numeric_amounts(amount):
    with pytest.raises(TypeError, match="must be a"):
        CAL.due(START, amount, Unit.WORKING_DAYS)


def test_non_datetime_inputs():
    with pytest.raises(TypeError, match="datetime"):
        CAL.due(date(2025, 1, 14), 1, Unit.WORKING_DAYS)
    with pytest.raises(TypeError, match="datetime"):
        CAL.working_seconds_between("2025-01-14", START)
    with pytest.raises(TypeError, match="cut-off"):
        CAL.due(START, 1, Unit.WORKING_DAYS, cutoff="15:00")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("07:30", "START-END"),
        ("07:30-11:30-13:00", "START-END"),
        ("07:30-11:30;13:00-17:00", "START-END"),
        ("7h30-11h30", "not a time of day"),
        ("07:30-25:00", "not a valid time"),
        ("07:60-11:30", "not a valid time"),
        ("07:30-11:30,", "START-END"),
        ("11:30-07:30", "must start before it ends"),
        ("08:00-08:00", "must start before it ends"),
        ("13:00-17:00,07:30-11:30", "increasing order"),
        ("07:30-12:00,11:30-17:00", "must not overlap"),
        ("07:30-17:00,13:00-14:00", "must not overlap"),
    ],
)
def test_malformed_working_periods(text, message):
    with pytest.raises(ValueError, match=message):
        WorkingPeriods.parse(text)


def test_working_periods_validation_without_parsing():
    with pytest.raises(ValueError, match="at least one"):
        WorkingPeriods(())
    with pytest.raises(ValueError, match="overlap"):
        WorkingPeriods(((time(8), time(12)), (time(11), time(17))))
    with pytest.raises(ValueError, match=r"datetime\.time"):
        WorkingPeriods((("08:00", "12:00"),))
    with pytest.raises(ValueError, match="whole seconds"):
        WorkingPeriods(((time(8, 0, 0, 5), time(12)),))
    with pytest.raises(ValueError, match="text"):
        WorkingPeriods.parse(None)
    with pytest.raises(ValueError, match="empty"):
        WorkCalendar(periods="")


def test_a_date_both_off_and_working_is_rejected():
    with pytest.raises(ValueError, match=r"both .* 2025-03-10"):
        WorkCalendar(
            extra_days_off=[date(2025, 3, 10), date(2025, 3, 11)],
            extra_working_days=[date(2025, 3, 10)],
        )


def test_unknown_subdivision():
    with pytest.raises(ValueError, match="subdivision"):
        WorkCalendar(subdivision="XX")


# --------------------------------------------------------------------------- periods


def test_working_periods_parse_and_properties():
    p = WorkingPeriods.parse(" 08:00 - 12:00 , 13:30-17:30 ")
    assert p.periods == ((time(8), time(12)), (time(13, 30), time(17, 30)))
    assert p.seconds_per_day == 8 * 3600
    assert (p.start, p.end) == (time(8), time(17, 30))
    assert str(p) == "08:00-12:00,13:30-17:30"
    assert WorkingPeriods.parse(str(p)) == p
    assert DEFAULT_PERIODS.seconds_per_day == 8 * 3600
    assert str(DEFAULT_PERIODS) == "07:30-11:30,13:00-17:00"
    odd = WorkingPeriods.parse("07:00-09:00:30,09:15-11:00")
    assert odd.seconds_per_day == 2 * 3600 + 30 + 105 * 60
    assert str(odd) == "07:00-09:00:30,09:15-11:00"
    # Periods may touch.
    assert WorkingPeriods.parse("08:00-12:00,12:00-16:00").seconds_per_day == 8 * 3600


def test_other_working_periods():
    cal = WorkCalendar(periods="08:00-12:00,13:30-17:30")
    # 07:00 moves to 08:00; one working day ends at 17:30.
    assert cal.due(vn(2025, 1, 14, 7), 1, Unit.WORKING_DAYS) == vn(2025, 1, 14, 17, 30)
    # 12:30 (lunch) moves to 13:30; half a day (4 h) → 17:30.
    assert cal.due(vn(2025, 1, 14, 12, 30), 0.5, Unit.WORKING_DAYS) == vn(2025, 1, 14, 17, 30)
    # 11:00 + 2 h: 1 h to 12:00, then 13:30 + 1 h → 14:30.
    assert cal.add_working_hours(vn(2025, 1, 14, 11), 2) == vn(2025, 1, 14, 14, 30)
    # 17:15 is still working time here (not with the default periods).
    assert cal.normalize(vn(2025, 1, 14, 17, 15)) == vn(2025, 1, 14, 17, 15)
    assert CAL.normalize(vn(2025, 1, 14, 17, 15)) == vn(2025, 1, 15, 7, 30)
    # Calendar days and same day end at 17:30.
    assert cal.due(vn(2025, 1, 6, 10), 5, Unit.CALENDAR_DAYS) == vn(2025, 1, 13, 17, 30)
    assert cal.end_of_same_day(vn(2025, 1, 14, 9)) == vn(2025, 1, 14, 17, 30)
    # Tết 2025 still applies: Fri 24/01 16:00 → 1.5 h; Mon 03/02: 4 h, 13:30 + 2.5 h → 16:00.
    assert cal.due(vn(2025, 1, 24, 16), 1, Unit.WORKING_DAYS) == vn(2025, 2, 3, 16)


def test_single_short_period():
    cal = WorkCalendar(periods=WorkingPeriods.parse("08:00-11:00"))
    # A working day is 3 hours: 2 days from Mon 13/01/2025 09:00 → Wed 15/01 09:00.
    assert cal.add_working_days(vn(2025, 1, 13, 9), 2) == vn(2025, 1, 15, 9)
    assert cal.add_working_days(vn(2025, 1, 13, 8), 1) == vn(2025, 1, 13, 11)


# --------------------------------------------------------------------------- zones, amounts


def test_naive_datetimes_are_vietnam_time():
    naive = datetime(2025, 1, 14, 10, 0)
    assert CAL.due(naive, 0.5, Unit.WORKING_DAYS) == vn(2025, 1, 14, 15, 30)
    assert CAL.normalize(datetime(2025, 1, 14, 12, 0)) == vn(2025, 1, 14, 13)
    assert CAL.working_seconds_between(naive, START) == 0
    assert CAL.is_working_day(datetime(2025, 1, 29, 10)) is False


def test_aware_inputs_in_other_zones_are_converted():
    # 03:00 UTC is 10:00 in Vietnam.
    utc = datetime(2025, 1, 14, 3, 0, tzinfo=UTC)
    result = CAL.due(utc, 0.5, Unit.WORKING_DAYS)
    assert result == vn(2025, 1, 14, 15, 30)
    assert result.tzinfo is VN_TZ
    assert result.isoformat() == "2025-01-14T15:30:00+07:00"
    # 23:00 UTC on Mon 13/01 is 06:00 on Tue 14/01 in Vietnam: moves to 07:30 Tue.
    assert CAL.normalize(datetime(2025, 1, 13, 23, tzinfo=UTC)) == vn(2025, 1, 14, 7, 30)
    # The cut-off is Vietnam wall-clock time: 08:30 UTC = 15:30 in Vietnam, after 15:00.
    late = datetime(2025, 1, 14, 8, 30, tzinfo=UTC)
    assert CAL.normalize(late, cutoff=time(15)) == vn(2025, 1, 15, 7, 30)
    # Any tzinfo works, including zoneinfo and other fixed offsets.
    hcm = datetime(2025, 1, 14, 10, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    assert CAL.due(hcm, 1, Unit.WORKING_HOURS) == vn(2025, 1, 14, 11)
    paris = datetime(2025, 1, 14, 4, tzinfo=ZoneInfo("Europe/Paris"))  # 10:00 in Vietnam
    assert CAL.due(paris, 1, Unit.WORKING_HOURS) == vn(2025, 1, 14, 11)
    plus7 = datetime(2025, 1, 14, 10, tzinfo=timezone(timedelta(hours=7)))
    assert CAL.due(plus7, 1, Unit.WORKING_HOURS).tzinfo is VN_TZ


def test_microseconds_are_dropped():
    # 15:00:00.999999 is not after a 15:00 cut-off.
    t = datetime(2025, 1, 14, 15, 0, 0, 999_999, tzinfo=VN_TZ)
    assert CAL.normalize(t, cutoff=time(15)) == vn(2025, 1, 14, 15)
    assert CAL.add_working_seconds(t, 1) == vn(2025, 1, 14, 15, 0, 1)
    assert CAL.working_seconds_between(vn(2025, 1, 14, 15), t) == 0


def test_amount_types_and_rounding():
    # Half a day is 4 hours whatever the number type.
    expected = vn(2025, 1, 14, 15, 30)
    for half in (0.5, Decimal("0.5"), Fraction(1, 2)):
        assert CAL.due(START, half, Unit.WORKING_DAYS) == expected
    # A third of an hour is 1200 s; 1/7 hour = 514.28… s, rounded to 514 s.
    assert CAL.add_working_hours(START, Fraction(1, 3)) == vn(2025, 1, 14, 10, 20)
    assert CAL.add_working_hours(START, Fraction(1, 7)) == vn(2025, 1, 14, 10, 8, 34)
    assert CAL.add_working_hours(START, 0.1) == vn(2025, 1, 14, 10, 6)
    assert CAL.add_working_seconds(START, 59.6) == vn(2025, 1, 14, 10, 1)
    # Same day ignores its amount.
    assert CAL.due(START, None, "same_day") == CAL.due(START, 3, Unit.SAME_DAY)


def test_working_hours_between_is_a_fraction():
    hours = CAL.working_hours_between(vn(2025, 1, 14, 10), vn(2025, 1, 14, 13, 20))
    assert isinstance(hours, Fraction)
    assert hours == Fraction(11, 6)  # 1.5 h + 20 min


def test_unit_values_are_the_catalogue_codes():
    assert [u.value for u in Unit] == ["working_days", "working_hours", "calendar_days", "same_day"]
    assert Unit("calendar_days") is Unit.CALENDAR_DAYS
    assert Unit.WORKING_DAYS == "working_days"
    assert VN_TZ.utcoffset(None) == timedelta(hours=7)
