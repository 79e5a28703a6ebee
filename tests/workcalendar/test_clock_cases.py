"""Real calendar cases, 2024–2026, with expected instants computed by hand.

Default working periods 07:30–11:30 and 13:00–17:00 (8 working hours a day). The official
days off, as listed by holidays.VN 0.109 (checked below):

* 2024: 01/01; Tết 08/02–14/02; 18/04 Hùng Kings; 29/04 (Mon, day off swapped with the
  make-up Saturday 04/05/2024); 30/04, 01/05; 02/09, 03/09.
* 2025: 01/01; Tết 27/01–01/02; 07/04 Hùng Kings; 30/04, 01/05; 02/05 (Fri, swapped with the
  make-up Saturday 26/04/2025); 01/09, 02/09.
* 2026: 01/01; Tết 16/02–20/02; 26/04 Hùng Kings (a Sunday) with the compensatory Monday
  27/04; 30/04, 01/05; 31/08 (swapped with the make-up Saturday 22/08/2026); 01/09, 02/09;
  24/11 Vietnam Cultural Day.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from fractions import Fraction

import pytest

from motcua.workcalendar.clock import VN_TZ, Unit, WorkCalendar

CUTOFF = time(15, 0)


@pytest.fixture(autouse=True)
def _vietnamese():
    """The clock is pure (no Django): neutralise the project's translation fixture."""
    yield


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar()


def vn(y, mo, d, h=0, mi=0, s=0) -> datetime:
    return datetime(y, mo, d, h, mi, s, tzinfo=VN_TZ)


# (id, start, amount, unit, cutoff, expected)
CASES = [
    # Tết 2025: Fri 24/01 10:00–11:30 + 13:00–17:00 = 5.5 h; 27/01–01/02 off, Sun 02/02;
    # Mon 03/02 8 h (13.5), Tue 04/02 8 h (21.5), Wed 05/02 2.5 h more → 10:00.
    ("tet-2025", vn(2025, 1, 24, 10), 3, Unit.WORKING_DAYS, None, vn(2025, 2, 5, 10)),
    # Tết 2026: Fri 13/02 14:00–17:00 = 3 h; 16/02–20/02 off, weekend 21–22/02;
    # Mon 23/02: 4 h morning (7 h), then 13:00 + 1 h → 14:00.
    ("tet-2026", vn(2026, 2, 13, 14), 1, Unit.WORKING_DAYS, None, vn(2026, 2, 23, 14)),
    # Make-up Saturday 26/04/2025 is a working day: Fri 25/04 16:00–17:00 = 1 h, then
    # Sat 26/04 4 h morning (5 h) + 13:00 + 3 h → Sat 16:00.
    ("makeup-sat-2025", vn(2025, 4, 25, 16), 1, Unit.WORKING_DAYS, None, vn(2025, 4, 26, 16)),
    # 30/04, 01/05 holidays, 02/05/2025 day off, weekend: Tue 29/04 09:00 → 6.5 h that day,
    # Mon 05/05 8 h (14.5), Tue 06/05 1.5 h → 09:00.
    ("30-4-2025", vn(2025, 4, 29, 9), 2, Unit.WORKING_DAYS, None, vn(2025, 5, 6, 9)),
    # Received Tue 29/04/2025 16:10, after the 15:00 cut-off: counts from the next working
    # day, Mon 05/05 07:30; 3 full days 05, 06, 07/05 → Wed 07/05 17:00 (stays at 17:00).
    ("30-4-2025-cutoff", vn(2025, 4, 29, 16, 10), 3, Unit.WORKING_DAYS, CUTOFF, vn(2025, 5, 7, 17)),
    # 2024: Fri 26/04 08:00 → 7.5 h; Sat 27, Sun 28, Mon 29 (day off), 30/04, 01/05 off;
    # Thu 02/05 8 h (15.5), Fri 03/05 8 h (23.5), make-up Sat 04/05 0.5 h → 08:00.
    ("29-4-2024", vn(2024, 4, 26, 8), 3, Unit.WORKING_DAYS, None, vn(2024, 5, 4, 8)),
    # 2/9/2025: Fri 29/08 15:30–17:00 = 1.5 h; Mon 01/09 and Tue 02/09 off;
    # Wed 03/09 4 h morning (5.5 h) + 13:00 + 2.5 h → 15:30.
    ("2-9-2025", vn(2025, 8, 29, 15, 30), 1, Unit.WORKING_DAYS, None, vn(2025, 9, 3, 15, 30)),
    # Same start with the 15:00 cut-off: from Wed 03/09 07:30, one full day → 17:00.
    ("2-9-2025-cutoff", vn(2025, 8, 29, 15, 30), 1, Unit.WORKING_DAYS, CUTOFF, vn(2025, 9, 3, 17)),
    # Hùng Kings 2026 on Sun 26/04, compensatory Mon 27/04: Fri 24/04 13:00–17:00 = 4 h,
    # Tue 28/04 07:30 + 4 h → 11:30, exactly the end of the morning period (stays there).
    ("hung-kings-2026", vn(2026, 4, 24, 13), 1, Unit.WORKING_DAYS, None, vn(2026, 4, 28, 11, 30)),
    # Make-up Saturday 22/08/2026 and its day off Mon 31/08, then 01/09 and 02/09:
    # Fri 28/08 09:00 → 6.5 h; Sat 22/08 is before the start; Thu 03/09 1.5 h → 09:00.
    ("2-9-2026", vn(2026, 8, 28, 9), 1, Unit.WORKING_DAYS, None, vn(2026, 9, 3, 9)),
    # New Year 2026: Wed 31/12/2025 14:00–17:00 = 3 h; Thu 01/01 off; Fri 02/01 5 h → 14:00.
    ("new-year-2026", vn(2025, 12, 31, 14), 1, Unit.WORKING_DAYS, None, vn(2026, 1, 2, 14)),
    # Cut-off: exactly 15:00:00 is not after it: 15:00–17:00 = 2 h, Wed 15/01 6 h → 15:00.
    ("cutoff-at-15h", vn(2025, 1, 14, 15), 1, Unit.WORKING_DAYS, CUTOFF, vn(2025, 1, 15, 15)),
    # One second later it is: from Wed 15/01 07:30, one full day → Wed 17:00.
    ("cutoff-after", vn(2025, 1, 14, 15, 0, 1), 1, Unit.WORKING_DAYS, CUTOFF, vn(2025, 1, 15, 17)),
    # Start in the lunch break 12:15 moves to 13:00; + 2 working hours → 15:00.
    ("lunch", vn(2025, 1, 16, 12, 15), 2, Unit.WORKING_HOURS, None, vn(2025, 1, 16, 15)),
    # Friday evening 18:45 moves to Mon 20/01 07:30; half a day (4 h) → 11:30.
    (
        "friday-evening",
        vn(2025, 1, 17, 18, 45),
        0.5,
        Unit.WORKING_DAYS,
        None,
        vn(2025, 1, 20, 11, 30),
    ),
    # Saturday 10:00 (ordinary weekend) moves to Mon 13/01 07:30; + 1 h → 08:30.
    ("saturday", vn(2025, 1, 11, 10), 1, Unit.WORKING_HOURS, None, vn(2025, 1, 13, 8, 30)),
    # 0.5 working day from Tue 14/01 10:00: 1.5 h to 11:30, then 13:00 + 2.5 h → 15:30.
    (
        "half-day",
        vn(2025, 1, 14, 10),
        Decimal("0.5"),
        Unit.WORKING_DAYS,
        None,
        vn(2025, 1, 14, 15, 30),
    ),
    # 13:00 + 4 working hours ends exactly at 17:00 and stays there (not next day 07:30).
    ("ends-at-17h", vn(2025, 1, 13, 13), 4, Unit.WORKING_HOURS, None, vn(2025, 1, 13, 17)),
    # 07:30 + 4 working hours ends exactly at 11:30 and stays there (not 13:00).
    ("ends-at-11h30", vn(2025, 1, 13, 7, 30), 4, Unit.WORKING_HOURS, None, vn(2025, 1, 13, 11, 30)),
    # Calendar days: Mon 06/01/2025 + 5 = Sat 11/01 → next working day Mon 13/01, 17:00.
    ("cal-weekend", vn(2025, 1, 6, 10), 5, Unit.CALENDAR_DAYS, None, vn(2025, 1, 13, 17)),
    # Fri 25/04/2025 + 5 = Wed 30/04 (holiday); 01/05, 02/05 off, weekend → Mon 05/05 17:00.
    ("cal-holiday", vn(2025, 4, 25, 10), 5, Unit.CALENDAR_DAYS, None, vn(2025, 5, 5, 17)),
    # Mon 21/04/2025 + 5 = Sat 26/04, a make-up working day → Sat 26/04 17:00.
    ("cal-makeup-sat", vn(2025, 4, 21, 10), 5, Unit.CALENDAR_DAYS, None, vn(2025, 4, 26, 17)),
    # Fri 29/08/2025 16:00 after the cut-off → Wed 03/09; + 10 = Sat 13/09 → Mon 15/09 17:00.
    ("cal-cutoff", vn(2025, 8, 29, 16), 10, Unit.CALENDAR_DAYS, CUTOFF, vn(2025, 9, 15, 17)),
    # Tết 2026: Fri 13/02 + 3 = Mon 16/02, off until Fri 20/02 → Mon 23/02 17:00.
    ("cal-tet-2026", vn(2026, 2, 13, 9), 3, Unit.CALENDAR_DAYS, None, vn(2026, 2, 23, 17)),
    # Same day: Tue 14/01/2025 09:00 → 17:00 that day.
    ("same-day", vn(2025, 1, 14, 9), 0, Unit.SAME_DAY, None, vn(2025, 1, 14, 17)),
    # Same day received 16:30 after the cut-off: the next working day Wed 15/01, 17:00.
    ("same-day-cutoff", vn(2025, 1, 14, 16, 30), 0, Unit.SAME_DAY, CUTOFF, vn(2025, 1, 15, 17)),
    # Same day received in the evening of Fri 31/01/2025 (Tết) → Mon 03/02/2025 17:00.
    ("same-day-tet", vn(2025, 1, 31, 20), None, Unit.SAME_DAY, None, vn(2025, 2, 3, 17)),
]


@pytest.mark.parametrize(
    ("start", "amount", "unit", "cutoff", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_real_calendar_cases(cal, start, amount, unit, cutoff, expected):
    got = cal.due(start, amount, unit, cutoff=cutoff)
    assert got == expected
    assert got.tzinfo is VN_TZ
    # The string code is accepted as well as the enum member.
    assert cal.due(start, amount, unit.value, cutoff=cutoff) == expected


def test_holidays_package_data_is_what_the_cases_assume(cal):
    off = [
        date(2024, 4, 29),
        *(date(2025, 1, d) for d in range(27, 32)),
        date(2025, 2, 1),
        date(2025, 5, 2),
        date(2025, 9, 1),
        date(2025, 9, 2),
        *(date(2026, 2, d) for d in range(16, 21)),
        date(2026, 4, 27),
        date(2026, 8, 31),
    ]
    for d in off:
        assert not cal.is_working_day(d), d
    for d in (date(2024, 5, 4), date(2025, 4, 26), date(2026, 8, 22)):
        assert d.weekday() == 5 and cal.is_working_day(d), d
    assert cal.is_working_day(date(2025, 1, 24))
    assert not cal.is_working_day(date(2025, 1, 25))  # ordinary Saturday


def test_holiday_names_are_vietnamese(cal):
    assert cal.holiday_name(date(2025, 1, 29)) == "Tết Nguyên Đán"
    assert cal.holiday_name(date(2025, 5, 2)) == "Ngày nghỉ (thay cho ngày 26/04/2025)"
    assert "nghỉ bù" in cal.holiday_name(date(2026, 4, 27))
    assert cal.holiday_name(date(2025, 4, 26)) is None  # make-up Saturday: a working day
    assert cal.holiday_name(date(2025, 1, 25)) is None  # ordinary Saturday
    assert cal.holiday_name(date(2025, 1, 24)) is None  # ordinary Friday
    assert cal.holiday_name(vn(2025, 9, 2, 12)) == "Quốc khánh"


def test_province_overrides():
    # A province gives Tue 28/04/2026 off and works Sat 25/04/2026 (hypothetical).
    local = WorkCalendar(
        extra_days_off={date(2026, 4, 28): "Ngày nghỉ của tỉnh"},
        extra_working_days=[date(2025, 1, 25)],
    )
    # Fri 24/04/2026 13:00–17:00 = 4 h; 25–27/04 off, 28/04 off locally; Wed 29/04 + 4 h.
    assert local.due(vn(2026, 4, 24, 13), 1, Unit.WORKING_DAYS) == vn(2026, 4, 29, 11, 30)
    assert local.holiday_name(date(2026, 4, 28)) == "Ngày nghỉ của tỉnh"
    # Sat 25/01/2025 made a working day: Fri 24/01 16:00 + 1 day → Sat 25/01 16:00.
    assert local.due(vn(2025, 1, 24, 16), 1, Unit.WORKING_DAYS) == vn(2025, 1, 25, 16)

    # An extra working day on a national day off wins; an extra day off on a make-up Saturday.
    other = WorkCalendar(extra_working_days=[date(2025, 5, 2)], extra_days_off=[date(2025, 4, 26)])
    assert other.is_working_day(date(2025, 5, 2))
    assert not other.is_working_day(date(2025, 4, 26))
    assert other.holiday_name(date(2025, 4, 26)) == "Ngày nghỉ theo quyết định của địa phương"
    # Fri 25/04/2025 16:00: 1 h; Sat 26/04 now off, Sun 27/04; Mon 28/04 7 h → 16:00
    # (nationally it would be the make-up Saturday 26/04, 16:00).
    assert other.due(vn(2025, 4, 25, 16), 1, Unit.WORKING_DAYS) == vn(2025, 4, 28, 16)
    # Tue 29/04/2025 16:00: 1 h; 30/04, 01/05 off; Fri 02/05 worked locally, 7 h → 16:00.
    assert other.due(vn(2025, 4, 29, 16), 1, Unit.WORKING_DAYS) == vn(2025, 5, 2, 16)


def test_working_time_between_across_tet(cal):
    # Fri 24/01/2025 07:30 to Mon 03/02/2025 07:30: only Friday counts.
    assert cal.working_seconds_between(vn(2025, 1, 24, 7, 30), vn(2025, 2, 3, 7, 30)) == 8 * 3600
    assert cal.working_seconds_between(vn(2025, 2, 3, 7, 30), vn(2025, 1, 24, 7, 30)) == -8 * 3600
    hours = cal.working_hours_between(vn(2025, 1, 24, 12), vn(2025, 2, 3, 9, 10))
    assert hours == 4 + 1 + Fraction(2, 3)
    # Both ends outside working time, in the same gap: nothing.
    assert cal.working_seconds_between(vn(2025, 1, 24, 18), vn(2025, 2, 3, 6)) == 0


def test_add_methods_agree_with_due(cal):
    start = vn(2025, 4, 29, 9)
    assert cal.add_working_days(start, 2) == cal.due(start, 2, Unit.WORKING_DAYS)
    assert cal.add_working_hours(start, 16) == vn(2025, 5, 6, 9)
    assert cal.add_working_seconds(start, 16 * 3600) == vn(2025, 5, 6, 9)
    assert cal.add_calendar_days(vn(2025, 4, 25, 10), 5) == vn(2025, 5, 5, 17)
    assert cal.end_of_same_day(vn(2025, 4, 30, 10)) == vn(2025, 5, 5, 17)
    assert cal.add_working_days(vn(2025, 1, 16, 12), 0) == vn(2025, 1, 16, 13)
    assert cal.normalize(vn(2025, 1, 17, 18)) == vn(2025, 1, 20, 7, 30)
    assert cal.normalize(vn(2025, 1, 14, 15, 1), cutoff=CUTOFF) == vn(2025, 1, 15, 7, 30)
    assert cal.normalize(vn(2025, 1, 14, 11, 30)) == vn(2025, 1, 14, 13)
