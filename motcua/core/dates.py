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
