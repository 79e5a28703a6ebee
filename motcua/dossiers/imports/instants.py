"""Instants in a legacy file: ISO 8601, Vietnam time unless they say otherwise.

Older one-stop systems wrote their instants in many ways; the import accepts one, strictly:

* ``YYYY-MM-DDTHH:MM``, ``YYYY-MM-DDTHH:MM:SS`` or ``YYYY-MM-DDTHH:MM:SS.ffffff`` (a space may
  stand for the ``T``), optionally followed by a UTC offset (``+07:00``, ``+0700``) or ``Z``;
* an instant without an offset is **Vietnam wall-clock time** (UTC+07:00, no daylight saving
  since 1975: ``motcua.workcalendar.clock.VN_TZ``);
* only the due instant (``due_at``) may be a bare date ``YYYY-MM-DD``: the appointment was a
  day, and it means the **end of that day's working hours** (17:00 with the default working
  periods, ``MOTCUA_WORKING_PERIODS``) — the latest instant a native due instant ever takes.
  Reports compare due instants by day (domain.md §6.4), so the hour changes no classification.

Anything else — ``01/03/2025``, ``2025-03-01T9:00``, week dates, a date where a time is needed —
is refused with the expected form in the message.
"""

from __future__ import annotations

import datetime
import re

from django.utils.translation import gettext as _

from motcua.workcalendar.calendars import working_periods
from motcua.workcalendar.clock import VN_TZ

_INSTANT = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?"
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class BadInstant(ValueError):
    """The text is not an instant of the accepted form; ``str()`` says why, for people."""


def day_end() -> datetime.time:
    """When a due day ends: the end of the last working period."""
    return working_periods().periods[-1][1]


def parse_instant(
    text: str, *, date_allowed: bool = False, end_of_day: datetime.time | None = None
) -> datetime.datetime:
    """The aware instant ``text`` stands for (Vietnam time when it has no offset).

    ``date_allowed``: a bare date is accepted and means ``end_of_day`` (default: the end of the
    working day) on that day, Vietnam time. Raises :class:`BadInstant`."""
    if _INSTANT.fullmatch(text):
        try:
            value = datetime.datetime.fromisoformat(text)
        except ValueError:
            raise BadInstant(
                _("“%(value)s” is not a valid date and time.") % {"value": text}
            ) from None
        return value if value.tzinfo is not None else value.replace(tzinfo=VN_TZ)
    if _DATE.fullmatch(text):
        if not date_allowed:
            raise BadInstant(
                _("“%(value)s” has no time of day; write YYYY-MM-DDTHH:MM.") % {"value": text}
            )
        try:
            day = datetime.date.fromisoformat(text)
        except ValueError:
            raise BadInstant(_("“%(value)s” is not a valid date.") % {"value": text}) from None
        return datetime.datetime.combine(day, end_of_day or day_end(), tzinfo=VN_TZ)
    expected = "YYYY-MM-DD or YYYY-MM-DDTHH:MM" if date_allowed else "YYYY-MM-DDTHH:MM"
    raise BadInstant(
        _(
            "“%(value)s” is not an ISO 8601 instant (%(expected)s, optionally with seconds "
            "and a UTC offset)."
        )
        % {"value": text, "expected": expected}
    )
