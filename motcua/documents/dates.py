"""Dates and instants as Vietnamese administrative documents write them.

* An instant: ``09 giờ 30 phút, ngày 12 tháng 5 năm 2025``; a day: ``ngày 12 tháng 5 năm 2025``;
  in a table cell: ``12/5/2025`` and ``09:30``.
* Days below 10 and the months January and February take a leading zero (``ngày 05 tháng 01``),
  the other months do not (``tháng 5``), as NĐ 30/2020/NĐ-CP (Phụ lục I) prescribes for the date
  line of a document; hours and minutes always have two digits.
* Everything is shown in Vietnam time. The forms' data (``motcua.dossiers.forms``) holds
  instants as ISO 8601 strings with their offset (``2025-05-12T09:30:00+07:00``); an instant in
  another offset is converted, and one without an offset is taken as Vietnam wall time.
"""

from __future__ import annotations

import datetime

from motcua.workcalendar.clock import VN_TZ

Instant = datetime.datetime | str | None


def vietnam_time(value: Instant) -> datetime.datetime | None:
    """The instant in Vietnam time, from an ISO string or a datetime (``None`` or ``""``: None)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if value.tzinfo is None:
        return value.replace(tzinfo=VN_TZ)
    return value.astimezone(VN_TZ)


def _day_month(day: datetime.date) -> tuple[str, str]:
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{day.day:02d}", month


def _as_day(value: datetime.date | Instant) -> datetime.date | None:
    """The Vietnam calendar day of a date or an instant (``None`` when there is no value)."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    instant = vietnam_time(value)
    return instant.date() if instant is not None else None


def day_text(value: datetime.date | Instant) -> str:
    """``ngày 12 tháng 5 năm 2025`` (empty when there is no value)."""
    day = _as_day(value)
    if day is None:
        return ""
    dd, mm = _day_month(day)
    return f"ngày {dd} tháng {mm} năm {day.year}"


def instant_text(value: Instant) -> str:
    """``09 giờ 30 phút, ngày 12 tháng 5 năm 2025`` (empty when there is no value)."""
    instant = vietnam_time(value)
    if instant is None:
        return ""
    return f"{instant:%H} giờ {instant:%M} phút, {day_text(instant)}"


def short_day(value: datetime.date | Instant) -> str:
    """``12/5/2025`` — for table cells (same leading zeros as ``day_text``)."""
    day = _as_day(value)
    if day is None:
        return ""
    dd, mm = _day_month(day)
    return f"{dd}/{mm}/{day.year}"


def clock_time(value: Instant) -> str:
    """``09:30`` in Vietnam time — for table cells."""
    instant = vietnam_time(value)
    return f"{instant:%H:%M}" if instant is not None else ""
