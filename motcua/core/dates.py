"""Dates as Vietnamese users and files write them: parsing, and instants written in Vietnam
time."""

from __future__ import annotations

import datetime
import functools

from motcua.workcalendar.clock import VN_TZ


def parse_date(text: str) -> datetime.date:
    """Parse ``YYYY-MM-DD`` (ISO) or ``DD/MM/YYYY`` (Vietnamese usage). ValueError otherwise."""
    text = text.strip()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return datetime.datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError:
        raise ValueError(text) from None


def windows_overlap(
    a_start: datetime.date | None,
    a_end: datetime.date | None,
    b_start: datetime.date | None,
    b_end: datetime.date | None,
) -> bool:
    """Whether two validity windows with inclusive ends share a day (``None`` = unbounded)."""
    return (a_end is None or b_start is None or b_start <= a_end) and (
        b_end is None or a_start is None or a_start <= b_end
    )


def add_months(month: datetime.date, n: int) -> datetime.date:
    """The first day of the month ``n`` months after ``month``'s (before it when negative)."""
    index = month.year * 12 + month.month - 1 + n
    return datetime.date(index // 12, index % 12 + 1, 1)


def last_of(month: datetime.date) -> datetime.date:
    """The last day of ``month``'s month."""
    return add_months(month, 1) - datetime.timedelta(days=1)


def vn_midnight(day: datetime.date) -> datetime.datetime:
    """The first instant of a Vietnam calendar day: reports turn their days into instants once,
    so that their filters compare instants (and use the indexes on them)."""
    return datetime.datetime.combine(day, datetime.time(0), tzinfo=VN_TZ)


@functools.lru_cache(maxsize=8192)  # a control slip repeats its instants (done = next started)
def vn_instant(value: datetime.datetime | None) -> str:
    """An instant as the forms and messages write it, in Vietnam time: ``09:00 07/07/2025``
    (empty for ``None``)."""
    if value is None:
        return ""
    v = value.astimezone(VN_TZ)
    return f"{v.hour:02d}:{v.minute:02d} {v.day:02d}/{v.month:02d}/{v.year}"
