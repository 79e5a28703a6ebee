"""Timeliness of dossiers and control-slip rows (domain.md §6.4), at day granularity.

* A finished dossier (or a closed control-slip row) is **early** when it finished on a day before
  the day it was due, **on time** on the due day itself (or when there is no due instant), and
  **late** after it. Days are Vietnam calendar days.
* A pending dossier, looked at on a given instant, is **overdue** when its due day is before that
  day, and **within time** otherwise. A paused dossier (supplement, financial obligation,
  stopped) counts as within time.
"""

from __future__ import annotations

import datetime

from motcua.workcalendar.clock import VN_TZ

from .models import Timeliness

WITHIN = "within"
OVERDUE = "overdue"


def vn_date(instant: datetime.datetime) -> datetime.date:
    """The Vietnam calendar day of an instant."""
    if instant.tzinfo is VN_TZ:  # already Vietnam time (imports, forms): no conversion
        return instant.date()
    return instant.astimezone(VN_TZ).date()


def classify_finished(
    *, finished_at: datetime.datetime, due_at: datetime.datetime | None
) -> Timeliness:
    if due_at is None:
        return Timeliness.ON_TIME
    finished, due = vn_date(finished_at), vn_date(due_at)
    if finished < due:
        return Timeliness.EARLY
    if finished == due:
        return Timeliness.ON_TIME
    return Timeliness.LATE


def classify_pending(
    *, at: datetime.datetime, due_at: datetime.datetime | None, paused: bool
) -> str:
    if paused or due_at is None:
        return WITHIN
    return OVERDUE if vn_date(due_at) < vn_date(at) else WITHIN
