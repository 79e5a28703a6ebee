"""Instants as integer seconds, and the working-time clock on them.

The generator handles millions of instants: building an aware ``datetime`` for each and asking
``WorkCalendar`` would cost more than everything else. Here an instant is an ``int`` (POSIX
seconds), and :class:`Clock` keeps, for every Vietnam day of the generated period, whether it is a
working day and the working seconds elapsed before it — read from the real calendar
(``motcua.workcalendar.calendars.calendar_for``), the same tables ``WorkCalendar`` builds. The
working time elapsed at an instant, ``W(t)``, and its inverse then give the services' results:

* ``add(t, s)`` = ``WorkCalendar.add_working_seconds(t, s)`` (the earliest instant at which ``s``
  working seconds have elapsed), for ``s > 0``;
* ``between(a, b)`` = ``WorkCalendar.working_seconds_between(a, b)``.

``Clock.check()`` compares both with the calendar on random instants before anything is
generated, and the replay of sampled dossiers (``--verify``) recomputes everything with the
calendar itself.
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect_left

from motcua.workcalendar.clock import VN_TZ

DAY = 86_400
VN_OFFSET = 7 * 3_600
EPOCH = dt.date(1970, 1, 1)


def day_number(day: dt.date) -> int:
    """Days since 1970-01-01 (a Vietnam calendar day when used with ``vn_day``)."""
    return (day - EPOCH).days


def vn_day(ts: int) -> int:
    """The Vietnam day number of the instant ``ts``."""
    return (ts + VN_OFFSET) // DAY


def instant(day: dt.date, seconds_of_day: int = 0) -> int:
    """The instant at ``seconds_of_day`` (Vietnam wall clock) on ``day``."""
    return day_number(day) * DAY - VN_OFFSET + seconds_of_day


def to_datetime(ts: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(ts, VN_TZ)


def from_datetime(value: dt.datetime) -> int:
    return int(value.timestamp())


class Clock:
    """Working-time arithmetic of one calendar on integer instants, for the days between
    ``first`` and ``last`` (a margin is added on both sides)."""

    def __init__(self, calendar, first: dt.date, last: dt.date) -> None:
        self.calendar = calendar
        periods = [
            (s.hour * 3600 + s.minute * 60 + s.second, e.hour * 3600 + e.minute * 60 + e.second)
            for s, e in calendar.periods.periods
        ]
        self.periods = periods
        self.per_day = sum(e - s for s, e in periods)
        self.day_start, self.day_end = periods[0][0], periods[-1][1]
        off: list[int] = []
        acc = 0
        for s, e in periods:
            off.extend([acc] * (s - len(off)))
            off.extend(range(acc, acc + e - s))
            acc += e - s
        off.extend([acc] * (DAY - len(off)))
        self._off = off
        inverse = [periods[0][0]]
        for s, e in periods:
            inverse.extend(range(s + 1, e + 1))
        self._inverse = inverse
        first -= dt.timedelta(days=40)
        last += dt.timedelta(days=400)
        self.n0 = day_number(first)
        n = (last - first).days + 1
        working = []
        cum = [0]
        for k in range(n):
            flag = calendar.is_working_day(first + dt.timedelta(days=k))
            working.append(flag)
            cum.append(cum[-1] + (self.per_day if flag else 0))
        self.working = working
        self.cum = cum
        # First working day at or after each day (index into the table).
        first_working = [0] * (n + 1)
        nxt = n
        for k in range(n - 1, -1, -1):
            if working[k]:
                nxt = k
            first_working[k] = nxt
        first_working[n] = n
        self.first_working = first_working

    # ------------------------------------------------------------------ arithmetic

    def w(self, ts: int) -> int:
        """Working seconds elapsed from the start of the table to ``ts``."""
        d, sod = divmod(ts + VN_OFFSET, DAY)
        i = d - self.n0
        if self.working[i]:
            return self.cum[i] + self._off[sod]
        return self.cum[i]

    def at(self, w: int) -> int:
        """The earliest instant at which ``w`` working seconds have elapsed (``w`` > 0)."""
        cum = self.cum
        j = bisect_left(cum, w) - 1
        return (self.n0 + j) * DAY - VN_OFFSET + self._inverse[w - cum[j]]

    def add(self, ts: int, seconds: int) -> int:
        """``WorkCalendar.add_working_seconds(ts, seconds)`` for ``seconds`` > 0."""
        return self.at(self.w(ts) + seconds)

    def due(self, ts: int, unit: str, amount: int, cutoff: int) -> int:
        """``WorkCalendar.due(ts, amount, unit, cutoff=…)``: ``amount`` in working seconds for
        the working units (already rounded as the calendar rounds; > 0), in days for calendar
        days (0 for same day); ``cutoff`` as a second of the day (``DAY`` for none)."""
        d, sod = divmod(ts + VN_OFFSET, DAY)
        i = d - self.n0
        working, cum = self.working, self.cum
        if unit == "seconds":
            if not working[i]:
                target = cum[i] + amount
            elif sod > cutoff:
                target = cum[i + 1] + amount
            else:
                target = cum[i] + self._off[sod] + amount
            return self.at(target)
        if not (working[i] and sod <= cutoff and sod < self.day_end):
            i = self.first_working[i + 1]
        k = self.first_working[i + amount]
        return (self.n0 + k) * DAY - VN_OFFSET + self.day_end

    def between(self, a: int, b: int) -> int:
        return self.w(b) - self.w(a)

    def next_working(self, ts: int) -> int:
        """``ts`` if it lies in working time, else the start of the next working period."""
        return self.at(self.w(ts) + 1) - 1

    def is_working_day(self, day: int) -> bool:
        return self.working[day - self.n0]

    def day_end_w(self, day: int) -> int:
        """W at the end of working hours of the Vietnam day ``day``."""
        i = day - self.n0
        return self.cum[i + 1] if self.working[i] else self.cum[i]

    def shift(self, due: int, paused_from: int, paused_to: int) -> int:
        """``deadlines.shift_by_pause``: ``due`` later by the working time of the pause."""
        seconds = self.between(paused_from, paused_to)
        return due if seconds <= 0 else self.add(due, seconds)

    def overrun(self, started: int, due: int, finished: int) -> int:
        """``deadlines.overrun_seconds``."""
        since = max(due, started)
        return self.between(since, finished) if finished > since else 0

    # ------------------------------------------------------------------ self-check

    def check(self, first: dt.date, last: dt.date, samples: int = 3_000) -> None:
        """Compare with the calendar on random instants; raise if anything differs."""
        rng = random.Random(20260630)
        lo, hi = instant(first), instant(last, DAY - 1)
        cal = self.calendar
        for _ in range(samples):
            a, b = rng.randrange(lo, hi), rng.randrange(lo, hi)
            secs = rng.choice((1, 59, 3_600, 14_400, 14_401, 28_800, rng.randrange(1, 400_000)))
            da, db = to_datetime(a), to_datetime(b)
            expected = from_datetime(cal.add_working_seconds(da, secs))
            if self.add(a, secs) != expected:
                raise AssertionError(f"Clock.add({da}, {secs}) differs from the calendar")
            if self.between(a, b) != cal.working_seconds_between(da, db):
                raise AssertionError(f"Clock.between({da}, {db}) differs from the calendar")
            cutoff = rng.choice((None, dt.time(15, 0), dt.time(11, 0)))
            csod = DAY if cutoff is None else cutoff.hour * 3600 + cutoff.minute * 60
            unit = rng.choice(("working_days", "working_hours", "calendar_days", "same_day"))
            amount = rng.choice((1, 3, 5, 15, 20, 30))
            if unit == "working_days":
                expected = cal.due(da, amount, unit, cutoff=cutoff)
                got = self.due(a, "seconds", amount * self.per_day, csod)
            elif unit == "working_hours":
                expected = cal.due(da, amount, unit, cutoff=cutoff)
                got = self.due(a, "seconds", amount * 3600, csod)
            else:
                expected = cal.due(da, amount, unit, cutoff=cutoff)
                got = self.due(a, "days", amount if unit == "calendar_days" else 0, csod)
            if got != from_datetime(expected):
                raise AssertionError(f"Clock.due({da}, {amount} {unit}, {cutoff}) differs")


class Formats:
    """Text of instants, as the database columns and the events' payloads hold them: the
    database in UTC (``YYYY-MM-DD HH:MM:SS``, what Django writes on SQLite and PostgreSQL reads
    in a UTC session), the payloads in Vietnam time (``isoformat()`` of a ``VN_TZ`` datetime)."""

    def __init__(self, suffix: str = "") -> None:
        self.suffix = suffix  # "+00" on PostgreSQL: the text is read as UTC whatever the session
        self._hms = [
            f"{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60)
        ]
        self._db_days: dict[int, str] = {}
        self._iso_days: dict[int, str] = {}
        self._dates: dict[int, str] = {}
        self._db: dict[int, str] = {}
        self._iso: dict[int, str] = {}

    def db(self, ts: int | None) -> str | None:
        if ts is None:
            return None
        text = self._db.get(ts)
        if text is None:
            d, s = divmod(ts, DAY)
            prefix = self._db_days.get(d)
            if prefix is None:
                prefix = self._db_days[d] = (EPOCH + dt.timedelta(days=d)).isoformat() + " "
            text = self._db[ts] = prefix + self._hms[s] + self.suffix
        return text

    def iso(self, ts: int) -> str:
        text = self._iso.get(ts)
        if text is None:
            d, s = divmod(ts + VN_OFFSET, DAY)
            prefix = self._iso_days.get(d)
            if prefix is None:
                prefix = self._iso_days[d] = (EPOCH + dt.timedelta(days=d)).isoformat() + "T"
            text = self._iso[ts] = prefix + self._hms[s] + "+07:00"
        return text

    def forget(self) -> None:
        """Drop the cached texts of instants (between chunks)."""
        self._db.clear()
        self._iso.clear()

    def date(self, ts: int) -> str:
        """The Vietnam date of ``ts``, ``YYYY-MM-DD``."""
        d = vn_day(ts)
        text = self._dates.get(d)
        if text is None:
            text = self._dates[d] = (EPOCH + dt.timedelta(days=d)).isoformat()
        return text
