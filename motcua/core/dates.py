"""Parsing of dates as Vietnamese users and files write them."""

from __future__ import annotations

import datetime


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
