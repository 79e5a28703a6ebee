"""Working time for Vietnamese administrative deadlines ("ngày làm việc").

Vietnamese procedural law states most processing deadlines for administrative procedures
in *working days* (“ngày làm việc”): a dossier received on a given day must be settled
within N working days, and the one-stop-shop hands the applicant a receipt carrying the
appointment date for returning the result (“ngày hẹn trả kết quả”). This module turns
“received at instant *t*, N units of time” into that appointment instant. It knows nothing
of Django, dossiers or procedures: it only depends on the standard library and on the
``holidays`` package for the official calendar.

Concepts
--------
Working day
    Monday to Friday, plus the make-up working days decided by the Government (typically a
    Saturday worked to bridge a holiday, e.g. Saturday 26/04/2025), minus public holidays
    (Labour Code 2019, art. 112) and the compensatory or bridged days off (e.g. Friday
    02/05/2025, Monday 27/04/2026). The official list comes from ``holidays.VN``; make-up
    Saturdays are its ``weekend_workdays``. A province may add local overrides: an extra day
    off (``extra_days_off``) or an extra working day (``extra_working_days``).
Working periods
    The office hours of a working day, by default 07:30–11:30 and 13:00–17:00, i.e. eight
    working hours (:class:`WorkingPeriods`). Working time is the union of the working periods
    of all working days.
Cut-off time
    Many one-stop-shops apply the rule “hồ sơ tiếp nhận sau 15 giờ được tính từ ngày làm
    việc tiếp theo”: a dossier received strictly after the cut-off (e.g. 15:00) on a working
    day is treated as received at the start of the next working day.
Units
    ``working_days`` (N × the length of a working day of working time, halves allowed),
    ``working_hours``, ``calendar_days`` and ``same_day`` (see :class:`Unit`).

Rules
-----
* A start outside working time is first moved to the start of the next working period
  (12:00 → 13:00 the same day; Friday 18:00 → 07:30 on the next working day), and a start
  strictly after the cut-off on a working day to 07:30 of the next working day. This is
  :meth:`WorkCalendar.normalize`; adding zero returns exactly this instant.
* Adding working time walks through the working periods. The result is the *earliest*
  instant at which the amount is used up, so a result may land exactly on the end of a
  period (11:30 or 17:00) and stays there.
* Calendar days: the deadline is the end of working hours (the end of the last period) of
  the normalized start date plus N days. When that day is not a working day, the deadline
  is the end of the next working day, as the Civil Code 2015, art. 148(5) provides for a
  time limit whose last day falls on a weekly rest day or a public holiday.
* Same day: the end of working hours of the normalized start date.

Time zones and resolution
-------------------------
Vietnam has used a fixed UTC+07:00 offset without daylight saving time since 1975, so all
computations use the fixed-offset :data:`VN_TZ`. Aware inputs in any zone are converted to
Vietnam time; naive inputs are taken as Vietnam wall-clock time. Outputs are always aware
datetimes with ``tzinfo=VN_TZ``. The resolution is the whole second: microseconds of the
inputs are dropped (truncated) before computing, so 15:00:00.9 is *not* after a 15:00
cut-off, and fractional amounts of hours or days are rounded to the nearest second (ties
to even).

Performance
-----------
A :class:`WorkCalendar` lazily precomputes, per calendar year on first use, whether each day
is a working day and the cumulative working seconds before the start of each day. The
working time elapsed since the start of the table, ``W(t)``, is then an O(1) lookup, and the
inverse is a ``bisect`` on the cumulative array, so a deadline costs a few microseconds
whatever its length. Instances are safe to share between threads.
"""

from __future__ import annotations

import enum
import threading
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date, datetime, time, timedelta, timezone
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from itertools import accumulate
from numbers import Rational, Real

import holidays

__all__ = [
    "DEFAULT_PERIODS",
    "VN_TZ",
    "Unit",
    "WorkCalendar",
    "WorkingPeriods",
]

#: Vietnam time: a fixed UTC+07:00 offset since 1975, without daylight saving time.
VN_TZ = timezone(timedelta(hours=7), "ICT")

_DAY = 86_400
_HOUR = 3_600
_INF = float("inf")
_LOCAL_DAY_OFF_NAME = "Ngày nghỉ theo quyết định của địa phương"


class Unit(enum.StrEnum):
    """Unit of a processing time limit; the values are the catalogue's unit codes."""

    WORKING_DAYS = "working_days"
    WORKING_HOURS = "working_hours"
    CALENDAR_DAYS = "calendar_days"
    SAME_DAY = "same_day"


# Internal dispatch codes. Both the members and their plain string codes map to a code;
# ``_WORKING_SECONDS`` is a private key used by the add_* methods (whole seconds, > 0).
_WD, _WH, _WS, _CD, _SD = range(5)
_WORKING_SECONDS = object()
_UNIT_CODE: dict[object, int] = {_WORKING_SECONDS: _WS}
for _unit, _code in zip(Unit, (_WD, _WH, _CD, _SD), strict=True):
    _UNIT_CODE[_unit] = _code
    _UNIT_CODE[_unit.value] = _code
del _code, _unit


# --------------------------------------------------------------------------- periods


def _time_to_seconds(t: time) -> int:
    return t.hour * _HOUR + t.minute * 60 + t.second


def _parse_clock(text: str, whole: str) -> time:
    parts = text.strip().split(":")
    if len(parts) not in (2, 3) or not all(p.isdigit() and len(p) <= 2 for p in parts):
        raise ValueError(
            f"invalid working periods {whole!r}: {text.strip()!r} is not a time of day "
            "written HH:MM or HH:MM:SS"
        )
    try:
        return time(*(int(p) for p in parts))
    except ValueError:
        raise ValueError(
            f"invalid working periods {whole!r}: {text.strip()!r} is not a valid time of day"
        ) from None


@dataclass(frozen=True)
class WorkingPeriods:
    """The working periods of a working day, in Vietnam wall-clock time.

    ``periods`` is a tuple of ``(start, end)`` pairs of naive :class:`datetime.time`, in
    increasing order and not overlapping (periods may touch), each with ``start < end``, for
    example ``((time(7, 30), time(11, 30)), (time(13, 0), time(17, 0)))``. Times are whole
    seconds. Build one from text with :meth:`parse`.
    """

    periods: tuple[tuple[time, time], ...]

    def __post_init__(self) -> None:
        try:
            periods = tuple((start, end) for start, end in self.periods)
        except (TypeError, ValueError):
            raise ValueError(
                "working periods must be a sequence of (start, end) pairs of datetime.time"
            ) from None
        object.__setattr__(self, "periods", periods)
        if not periods:
            raise ValueError("working periods must contain at least one period")
        previous_end: time | None = None
        for start, end in periods:
            for t in (start, end):
                if not isinstance(t, time):
                    raise ValueError(f"working period bounds must be datetime.time, got {t!r}")
                if t.tzinfo is not None or t.microsecond:
                    raise ValueError(
                        f"working period bound {t} must be a naive time in whole seconds"
                    )
            if not start < end:
                raise ValueError(
                    f"working period {start:%H:%M:%S}-{end:%H:%M:%S} must start before it ends"
                )
            if previous_end is not None and start < previous_end:
                raise ValueError(
                    f"working periods must be in increasing order and must not overlap: "
                    f"{start:%H:%M:%S}-{end:%H:%M:%S} starts before the previous period "
                    f"ends at {previous_end:%H:%M:%S}"
                )
            previous_end = end

    @classmethod
    def parse(cls, text: str) -> WorkingPeriods:
        """Parse ``"07:30-11:30,13:00-17:00"`` (``HH:MM`` or ``HH:MM:SS``; spaces ignored).

        Raises :class:`ValueError` with an explicit message if the text is empty or
        malformed, or if the periods are empty, unordered or overlapping.
        """
        if not isinstance(text, str):
            raise ValueError(f"working periods must be given as text, got {text!r}")
        if not text.strip():
            raise ValueError("working periods text is empty; expected e.g. '07:30-11:30'")
        periods = []
        for item in text.split(","):
            bounds = item.split("-")
            if len(bounds) != 2:
                raise ValueError(
                    f"invalid working periods {text!r}: {item.strip()!r} is not a period "
                    "written START-END, e.g. '07:30-11:30'"
                )
            periods.append((_parse_clock(bounds[0], text), _parse_clock(bounds[1], text)))
        return cls(tuple(periods))

    @property
    def seconds_per_day(self) -> int:
        """Working seconds in one working day: the sum of the period lengths."""
        return sum(_time_to_seconds(e) - _time_to_seconds(s) for s, e in self.periods)

    @property
    def start(self) -> time:
        """Start of the first period (the start of a working day)."""
        return self.periods[0][0]

    @property
    def end(self) -> time:
        """End of the last period (the end of working hours)."""
        return self.periods[-1][1]

    def __str__(self) -> str:
        def fmt(t: time) -> str:
            return t.strftime("%H:%M:%S" if t.second else "%H:%M")

        return ",".join(f"{fmt(s)}-{fmt(e)}" for s, e in self.periods)


DEFAULT_PERIODS = WorkingPeriods.parse("07:30-11:30,13:00-17:00")


@dataclass(frozen=True)
class _DayTables:
    """Second-of-day lookup tables for one :class:`WorkingPeriods`."""

    per_day: int  # working seconds in a working day
    first_start: int  # second of day of the start of the first period
    last_end: int  # second of day of the end of the last period
    offset: list[int]  # offset[sod]: working seconds of the day before second ``sod``
    next_start: list[int]  # sod itself inside a period, else next period start, else -1
    # inverse[o] (0 < o <= per_day): the earliest second of a working day at which ``o``
    # working seconds of that day have elapsed, as a timedelta (results are built as
    # ``midnight + inverse[o]``, much cheaper than constructing a datetime).
    inverse: list[timedelta]


@lru_cache(maxsize=16)
def _day_tables(periods: WorkingPeriods) -> _DayTables:
    bounds = [(_time_to_seconds(s), _time_to_seconds(e)) for s, e in periods.periods]
    offset: list[int] = []
    next_start: list[int] = []
    inverse = [bounds[0][0]]
    acc = 0
    for s, e in bounds:
        offset.extend([acc] * (s - len(offset)))
        offset.extend(range(acc, acc + e - s))
        next_start.extend([s] * (s - len(next_start)))
        next_start.extend(range(s, e))
        inverse.extend(range(s + 1, e + 1))
        acc += e - s
    offset.extend([acc] * (_DAY - len(offset)))
    next_start.extend([-1] * (_DAY - len(next_start)))
    inverse_td = [timedelta(seconds=x) for x in inverse]
    return _DayTables(acc, bounds[0][0], bounds[-1][1], offset, next_start, inverse_td)


# --------------------------------------------------------------------------- helpers


def _split(dt: datetime) -> tuple[int, int]:
    """Return (day ordinal, second of day) of ``dt`` in Vietnam time, microseconds dropped."""
    try:
        tz = dt.tzinfo
        if tz is not VN_TZ and tz is not None and tz.utcoffset(dt) is not None:
            dt = dt.astimezone(VN_TZ)
        return dt.toordinal(), dt.hour * _HOUR + dt.minute * 60 + dt.second
    except AttributeError:
        raise TypeError(f"expected a datetime.datetime, got {dt!r}") from None


def _cutoff_seconds(cutoff: time | None) -> int:
    """Second of day of the cut-off; ``_DAY`` (never exceeded) when there is none."""
    if cutoff is None:
        return _DAY
    if not isinstance(cutoff, time):
        raise TypeError(f"cut-off must be a datetime.time or None, got {cutoff!r}")
    return cutoff.hour * _HOUR + cutoff.minute * 60 + cutoff.second


def _to_seconds(amount: object, scale: int, what: str) -> int:
    """Convert a non-negative amount of ``scale``-second units to whole seconds (rounded)."""
    kind = type(amount)
    if kind is int:
        if amount < 0:  # type: ignore[operator]
            raise ValueError(f"the amount of {what} must be >= 0, got {amount!r}")
        return amount * scale  # type: ignore[operator]
    if kind is float:
        if not 0 <= amount < _INF:  # type: ignore[operator]
            raise ValueError(f"the amount of {what} must be a finite number >= 0, got {amount!r}")
        return round(amount * scale)  # type: ignore[operator]
    if isinstance(amount, bool) or not isinstance(amount, (Real, Decimal)):
        raise TypeError(f"the amount of {what} must be a number, got {amount!r}")
    if isinstance(amount, Decimal):
        if not amount.is_finite() or amount < 0:
            raise ValueError(f"the amount of {what} must be a finite number >= 0, got {amount!r}")
        return round(amount * scale)
    if isinstance(amount, Rational):
        value = Fraction(amount.numerator, amount.denominator)
        if value < 0:
            raise ValueError(f"the amount of {what} must be >= 0, got {amount!r}")
        return round(value * scale)
    return _to_seconds(float(amount), scale, what)  # type: ignore[arg-type]


def _to_days(amount: object) -> int:
    """Validate a whole, non-negative number of calendar days."""
    if type(amount) is int:
        if amount < 0:  # type: ignore[operator]
            raise ValueError(f"the amount of calendar days must be >= 0, got {amount!r}")
        return amount  # type: ignore[return-value]
    if isinstance(amount, bool) or not isinstance(amount, (Real, Decimal)):
        raise TypeError(f"the amount of calendar days must be an integer, got {amount!r}")
    if isinstance(amount, float | Decimal) and not (amount == amount and abs(amount) != _INF):
        raise ValueError(f"the amount of calendar days must be finite, got {amount!r}")
    if amount != int(amount):  # type: ignore[call-overload]
        raise ValueError(f"the amount of calendar days must be a whole number, got {amount!r}")
    return _to_days(int(amount))  # type: ignore[call-overload]


def _as_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise TypeError(f"expected a datetime.date, got {value!r}")


# --------------------------------------------------------------------------- calendar

# A snapshot of the precomputed day tables, replaced atomically when it grows:
#   0 base      ordinal of the day at index 0 (1 January of the first year covered)
#   1 working   working-day flag per day index
#   2 cum       cum[i]: working seconds from the start of the table to the start of day i
#               (one element more than ``working``)
#   3 next_wd   next_wd[i]: index of the first working day on or after day i, -1 if unknown
#   4 safe      indices below it have at least one more year of table after them
#   5 lo, 6 hi  first and last year covered
#   7 midnight  midnight[i]: the aware datetime at 00:00 (Vietnam time) of day i
_Tables = tuple[int, list[bool], list[int], list[int], int, int, int, list[datetime]]
_EMPTY: _Tables = (0, [], [0], [-1], 0, 0, -1, [])
_WHAT = ("working days", "working hours")


class WorkCalendar:
    """The working calendar of an office: official Vietnamese calendar plus local overrides.

    :param periods: the working periods of a working day (default 07:30–11:30, 13:00–17:00);
        a string such as ``"08:00-12:00,13:30-17:30"`` is parsed.
    :param extra_days_off: local extra days off (e.g. a provincial holiday). A mapping of
        date to name is accepted; the names are then returned by :meth:`holiday_name`.
    :param extra_working_days: local extra working days (e.g. a province's make-up Saturday).
        Overrides apply on top of the official calendar and win over it; a date in both
        raises ValueError.
    :param subdivision: a ``holidays.VN`` subdivision code (the package defines none today;
        an unknown code raises ValueError).

    All methods accept aware datetimes in any zone (converted to Vietnam time) or naive
    datetimes (taken as Vietnam time), and return aware datetimes with ``tzinfo=VN_TZ``.
    """

    def __init__(
        self,
        *,
        periods: WorkingPeriods | str = DEFAULT_PERIODS,
        extra_days_off: Iterable[date] = (),
        extra_working_days: Iterable[date] = (),
        subdivision: str | None = None,
    ) -> None:
        if isinstance(periods, str):
            periods = WorkingPeriods.parse(periods)
        if not isinstance(periods, WorkingPeriods):
            raise TypeError(f"periods must be WorkingPeriods or text, got {periods!r}")
        self.periods = periods
        local_names: dict[date, str] = {}
        if isinstance(extra_days_off, Mapping):
            for key, name in extra_days_off.items():
                local_names[_as_date(key)] = str(name) if name else _LOCAL_DAY_OFF_NAME
        self._extra_off = frozenset(_as_date(d) for d in extra_days_off)
        self._extra_on = frozenset(_as_date(d) for d in extra_working_days)
        both = self._extra_off & self._extra_on
        if both:
            listed = ", ".join(d.isoformat() for d in sorted(both))
            raise ValueError(
                f"dates cannot be both an extra day off and an extra working day: {listed}"
            )
        self._local_names = local_names
        self.subdivision = subdivision
        try:
            self._holidays = holidays.VN(years=(), language="vi", subdiv=subdivision)
        except NotImplementedError as exc:
            raise ValueError(f"unknown Vietnamese subdivision {subdivision!r}: {exc}") from None

        day = _day_tables(periods)
        self._per_day = day.per_day
        self._first_start = day.first_start
        self._last_end_td = timedelta(seconds=day.last_end)
        self._offset = day.offset
        self._next_start = day.next_start
        self._inverse = day.inverse

        self._lock = threading.Lock()
        self._years: dict[int, tuple[list[bool], list[datetime]]] = {}
        # Empty tables: the first lookup takes the slow path and builds the years it needs.
        self._t: _Tables = _EMPTY

    def __repr__(self) -> str:
        return (
            f"WorkCalendar(periods={str(self.periods)!r}, "
            f"extra_days_off={len(self._extra_off)}, "
            f"extra_working_days={len(self._extra_on)}, subdivision={self.subdivision!r})"
        )

    # ------------------------------------------------------------------ tables

    def _year(self, year: int) -> tuple[list[bool], list[datetime]]:
        """Working-day flags and midnights of the days of ``year`` (cached; under the lock)."""
        cached = self._years.get(year)
        if cached is None:
            vn = self._holidays
            first = date(year, 1, 1)
            _ = first in vn  # populates the year (and its weekend_workdays) in holidays.VN
            days_off = {d for d in vn if d.year == year}
            makeup = {d for d in vn.weekend_workdays if d.year == year}
            extra_off, extra_on = self._extra_off, self._extra_on
            flags: list[bool] = []
            midnights: list[datetime] = []
            midnight = datetime(year, 1, 1, tzinfo=VN_TZ)
            one_day = timedelta(days=1)
            ordinal = first.toordinal()
            for k in range(date(year, 12, 31).toordinal() - ordinal + 1):
                d = date.fromordinal(ordinal + k)
                if d in extra_on:
                    flags.append(True)
                elif d in extra_off:
                    flags.append(False)
                else:
                    flags.append((d.weekday() < 5 or d in makeup) and d not in days_off)
                midnights.append(midnight)
                midnight += one_day
            cached = self._years[year] = (flags, midnights)
        return cached

    def _cover(self, ordinal: int) -> _Tables:
        """Grow the tables so that day ``ordinal`` has a safe index; return the new snapshot."""
        if not 1 <= ordinal <= date.max.toordinal():
            raise ValueError("date out of the supported range")
        year = date.fromordinal(ordinal).year
        with self._lock:
            t = self._t
            lo_year, hi_year = t[5], t[6]
            if hi_year < lo_year:  # empty
                lo, hi = year, min(year + 1, MAXYEAR)
            else:
                lo, hi = min(lo_year, year), max(hi_year, min(year + 1, MAXYEAR))
            if (lo, hi) != (lo_year, hi_year):
                t = self._build(max(lo, MINYEAR), hi)
                self._t = t
        if not 0 <= ordinal - t[0] < t[4]:
            raise ValueError(f"{date.fromordinal(ordinal)} is beyond the supported range")
        return t

    def _build(self, lo: int, hi: int) -> _Tables:
        working: list[bool] = []
        midnight: list[datetime] = []
        for year in range(lo, hi + 1):
            flags, midnights = self._year(year)
            working += flags
            midnight += midnights
        n = len(working)
        cum = list(accumulate(map(self._per_day.__mul__, working), initial=0))
        next_wd = [-1] * (n + 1)
        nxt = -1
        for i in range(n - 1, -1, -1):
            if working[i]:
                nxt = i
            next_wd[i] = nxt
        base = date(lo, 1, 1).toordinal()
        safe = n if hi == MAXYEAR else date(hi, 1, 1).toordinal() - base
        return (base, working, cum, next_wd, safe, lo, hi, midnight)

    def _tables_for(self, lo_ordinal: int, hi_ordinal: int) -> _Tables:
        t = self._t
        if not 0 <= lo_ordinal - t[0] < t[4]:
            t = self._cover(lo_ordinal)
        if not 0 <= hi_ordinal - t[0] < t[4]:
            t = self._cover(hi_ordinal)
        return t

    def _first_working(self, t: _Tables, i: int) -> tuple[_Tables, int]:
        """(snapshot, index) of the first working day on or after day index ``i`` of ``t``."""
        while True:
            k = t[3][i] if i < len(t[3]) else -1
            if k >= 0:
                return t, k
            ordinal = t[0] + i
            grown = self._cover(t[0] + len(t[1]) + 1)  # one more year of table
            if grown is t:
                raise ValueError("no working day found within the supported range")
            t = grown
            i = ordinal - t[0]

    def _normalized(self, t: _Tables, i: int, sod: int, csod: int) -> tuple[_Tables, int, int]:
        """(snapshot, day index, second of day) of the normalized start (day ``i`` of ``t``)."""
        if t[1][i] and sod <= csod:
            ns = self._next_start[sod]
            if ns >= 0:
                return t, i, ns
        t, k = self._first_working(t, i + 1)
        return t, k, self._first_start

    def _add_slow(self, t: _Tables, target: int) -> datetime:
        """Working-time inverse when ``target`` lies beyond the tables: grow them first."""
        while target > t[2][-1]:
            grown = self._cover(t[0] + len(t[1]) + 1)
            if grown is t:
                raise ValueError("the result is beyond the supported range")
            target += grown[2][t[0] - grown[0]]  # re-base the target on the new snapshot
            t = grown
        cum = t[2]
        j = bisect_left(cum, target) - 1
        return t[7][j] + self._inverse[target - cum[j]]

    def _w(self, t: _Tables, ordinal: int, sod: int) -> int:
        i = ordinal - t[0]
        if t[1][i]:
            return t[2][i] + self._offset[sod]
        return t[2][i]

    # ------------------------------------------------------------------ days

    def is_working_day(self, d: date) -> bool:
        """True if ``d`` is a working day (a datetime is taken at its Vietnam date)."""
        ordinal = _split(d)[0] if isinstance(d, datetime) else _as_date(d).toordinal()
        t = self._tables_for(ordinal, ordinal)
        return t[1][ordinal - t[0]]

    def holiday_name(self, d: date) -> str | None:
        """Name (in Vietnamese) of the holiday or day off that makes ``d`` a non-working day.

        Names come from ``holidays.VN(language="vi")``, e.g. “Tết Nguyên Đán” or “Ngày nghỉ
        (thay cho ngày 26/04/2025)”. Returns None for working days (including make-up and
        extra working days) and for ordinary weekends. Local extra days off are named from
        the mapping given to the constructor, else “Ngày nghỉ theo quyết định của địa phương”.
        """
        if isinstance(d, datetime):
            d = date.fromordinal(_split(d)[0])
        d = _as_date(d)
        if self.is_working_day(d):
            return None
        if d in self._extra_off:
            return self._local_names.get(d, _LOCAL_DAY_OFF_NAME)
        return self._holidays.get(d)

    # ------------------------------------------------------------------ instants

    def normalize(self, start: datetime, *, cutoff: time | None = None) -> datetime:
        """The instant from which working time is counted for a start at ``start``.

        Inside working time the start is kept (microseconds dropped). Otherwise it moves to
        the start of the next working period, possibly on the next working day. With a
        ``cutoff`` (Vietnam wall-clock time), a start strictly after it on a working day
        moves to the start of the next working day.
        """
        ordinal, sod = _split(start)
        csod = _cutoff_seconds(cutoff)
        t = self._tables_for(ordinal, ordinal)
        t, k, nsod = self._normalized(t, ordinal - t[0], sod, csod)
        return t[7][k] + timedelta(seconds=nsod)

    def add_working_seconds(
        self, start: datetime, seconds: int, *, cutoff: time | None = None
    ) -> datetime:
        """Earliest instant at which ``seconds`` of working time have elapsed since ``start``.

        The start is normalized first (see :meth:`normalize`); adding 0 returns the
        normalized start. The result lies in working time or exactly at the end of a working
        period. Fractional seconds are rounded to the nearest second.
        """
        return self._working(start, _to_seconds(seconds, 1, "working seconds"), cutoff)

    def add_working_hours(
        self,
        start: datetime,
        hours: int | float | Decimal | Fraction,
        *,
        cutoff: time | None = None,
    ) -> datetime:
        """Add ``hours`` working hours, rounded to the nearest second (see
        :meth:`add_working_seconds`)."""
        return self._working(start, _to_seconds(hours, _HOUR, "working hours"), cutoff)

    def add_working_days(
        self,
        start: datetime,
        days: int | float | Decimal | Fraction,
        *,
        cutoff: time | None = None,
    ) -> datetime:
        """Add ``days`` working days, one working day being
        :attr:`WorkingPeriods.seconds_per_day` of working time (0.5 day = 4 hours with the
        default periods), rounded to the nearest second (see :meth:`add_working_seconds`)."""
        return self._working(start, _to_seconds(days, self._per_day, "working days"), cutoff)

    def _working(self, start: datetime, secs: int, cutoff: time | None) -> datetime:
        if secs:
            return self.due(start, secs, _WORKING_SECONDS, cutoff=cutoff)  # type: ignore[arg-type]
        return self.normalize(start, cutoff=cutoff)

    def add_calendar_days(
        self, start: datetime, days: int, *, cutoff: time | None = None
    ) -> datetime:
        """End of working hours of the normalized start date plus ``days`` calendar days.

        If that date is not a working day the deadline moves to the end of working hours of
        the next working day (Civil Code 2015, art. 148(5)). ``days`` must be a whole number.
        """
        return self.due(start, days, Unit.CALENDAR_DAYS, cutoff=cutoff)

    def end_of_same_day(self, start: datetime, *, cutoff: time | None = None) -> datetime:
        """End of working hours of the normalized start date (for "same day" procedures)."""
        return self.due(start, None, Unit.SAME_DAY, cutoff=cutoff)

    def due(
        self,
        start: datetime,
        amount: int | float | Decimal | Fraction | None,
        unit: Unit | str,
        *,
        cutoff: time | None = None,
    ) -> datetime:
        """Deadline (the appointment instant, “ngày hẹn trả”) of ``amount`` ``unit`` from
        ``start``.

        ``unit`` is a :class:`Unit` or its code. Working days and hours may be fractional
        (rounded to the nearest second); calendar days must be whole; the amount is ignored
        for ``same_day`` (it may be None). A start strictly after ``cutoff`` (Vietnam time) on
        a working day counts from the start of the next working day. Raises ValueError for a
        negative amount or an unknown unit.
        """
        # This is the hot path: everything is inlined, see the module docstring.
        code = _UNIT_CODE.get(unit)
        if code is None:
            valid = ", ".join(repr(u.value) for u in Unit)
            raise ValueError(f"unknown time limit unit {unit!r}; expected one of {valid}")
        try:
            tz = start.tzinfo
            if tz is not VN_TZ and tz is not None and tz.utcoffset(start) is not None:
                start = start.astimezone(VN_TZ)
            ordinal = start.toordinal()
            sod = start.hour * 3600 + start.minute * 60 + start.second
        except AttributeError:
            raise TypeError(f"expected a datetime.datetime, got {start!r}") from None
        if cutoff is None:
            csod = _DAY
        elif type(cutoff) is time:
            csod = cutoff.hour * 3600 + cutoff.minute * 60 + cutoff.second
        else:
            csod = _cutoff_seconds(cutoff)
        t = self._t
        i = ordinal - t[0]
        if i < 0 or i >= t[4]:
            t = self._cover(ordinal)
            i = ordinal - t[0]

        if code <= _WS:
            if code == _WS:  # internal: whole seconds, already validated and > 0
                secs = amount
            else:
                scale = self._per_day if code == _WD else 3600
                kind = type(amount)
                if kind is int and amount > 0:
                    secs = amount * scale
                elif kind is float and 0.0 < amount < _INF:
                    secs = round(amount * scale)
                else:
                    secs = _to_seconds(amount, scale, _WHAT[code])
            if secs:
                # W(normalized start) + amount, then the earliest instant with that W.
                cum = t[2]
                if not t[1][i]:
                    target = cum[i] + secs
                elif sod > csod:  # after the cut-off: from the start of the next working day
                    target = cum[i + 1] + secs
                else:
                    target = cum[i] + self._offset[sod] + secs
                if target > cum[-1]:
                    return self._add_slow(t, target)
                j = bisect_left(cum, target, i) - 1
                return t[7][j] + self._inverse[target - cum[j]]
            t, k, nsod = self._normalized(t, i, sod, csod)
            return t[7][k] + timedelta(seconds=nsod)

        if code == _CD:
            days = amount if type(amount) is int and amount >= 0 else _to_days(amount)
        else:
            if amount is not None and not (type(amount) is int and amount >= 0):
                _to_seconds(amount, 1, "same-day time")  # validation only
            days = 0
        # Day index of the normalized start, plus the days; then the first working day.
        if not (t[1][i] and sod <= csod and self._next_start[sod] >= 0):
            k = t[3][i + 1]
            if k < 0:
                t, k = self._first_working(t, i + 1)
            i = k
        k = i + days
        if k < t[4] and t[3][k] >= 0:
            return t[7][t[3][k]] + self._last_end_td
        ordinal = t[0] + k
        t = self._cover(ordinal)
        t, k = self._first_working(t, ordinal - t[0])
        return t[7][k] + self._last_end_td

    # ------------------------------------------------------------------ measures

    def working_seconds_between(self, a: datetime, b: datetime) -> int:
        """Working seconds between instants ``a`` and ``b``: ``W(b) - W(a)``.

        ``W(t)`` is the working time elapsed from a fixed epoch to ``t``, so the instants need
        not lie in working time, and the result is negative if ``b < a``. Microseconds are
        dropped; no cut-off applies.
        """
        oa, sa = _split(a)
        ob, sb = _split(b)
        t = self._tables_for(min(oa, ob), max(oa, ob))
        return self._w(t, ob, sb) - self._w(t, oa, sa)

    def working_hours_between(self, a: datetime, b: datetime) -> Fraction:
        """Working hours between ``a`` and ``b`` as an exact :class:`fractions.Fraction`
        (``working_seconds_between(a, b) / 3600``); negative if ``b < a``."""
        return Fraction(self.working_seconds_between(a, b), _HOUR)
