"""The dossier's side of the clock: which limit applies, due instants of dossiers and steps,
and how pauses move them. The arithmetic itself is ``motcua.workcalendar.clock``."""

from __future__ import annotations

import datetime
from decimal import Decimal

from motcua.catalog.models import CaseChannel, ProcedureCase, TimeUnit
from motcua.workcalendar.calendars import calendar_for, working_periods
from motcua.workcalendar.clock import WorkCalendar

from .models import Dossier

WORKING_UNITS = (TimeUnit.WORKING_DAYS, TimeUnit.WORKING_HOURS)


def calendar_of(dossier: Dossier) -> WorkCalendar:
    """The calendar of the province of the agency competent for the dossier."""
    return calendar_for(dossier.competent_agency)


def limit_for(case: ProcedureCase, own: CaseChannel | None) -> tuple[Decimal | None, str, Decimal]:
    """(time limit, unit, budget scale) for a case received through the channel ``own``.

    A channel may carry its own limit (online is often shorter). The internal process is sized
    for the case's own limit; when both are working time, the steps' budgets are scaled by
    channel limit ÷ case limit so that they still add up.
    """
    limit, unit, scale = case.time_limit, case.time_unit, Decimal(1)
    if case.no_appointment:
        return None, unit, scale
    if own is not None and own.time_limit is not None:
        own_unit = own.time_unit or unit
        if unit in WORKING_UNITS and own_unit in WORKING_UNITS and limit:
            scale = _hours(own.time_limit, own_unit) / _hours(limit, unit)
        limit, unit = own.time_limit, own_unit
    return limit, unit, scale


def _hours(amount: Decimal, unit: str) -> Decimal:
    seconds_per_day = Decimal(working_periods().seconds_per_day)
    return Decimal(amount) * (seconds_per_day / 3600 if unit == TimeUnit.WORKING_DAYS else 1)


def statutory_due(
    calendar: WorkCalendar,
    start: datetime.datetime,
    *,
    time_limit: Decimal | None,
    time_unit: str,
    cutoff: datetime.time | None,
) -> datetime.datetime | None:
    """The due instant of a limit started at ``start``; ``None`` without an appointment date."""
    if time_limit is None and time_unit != TimeUnit.SAME_DAY:
        return None
    amount = time_limit if time_limit is not None else 0
    if time_unit == TimeUnit.CALENDAR_DAYS:
        amount = int(amount)
    return calendar.due(start, amount, time_unit, cutoff=cutoff)


def budget_seconds(budget_hours: Decimal, scale: Decimal) -> int:
    return int((Decimal(budget_hours) * 3600 * Decimal(scale)).to_integral_value())


def step_due(calendar: WorkCalendar, start: datetime.datetime, seconds: int) -> datetime.datetime:
    return calendar.add_working_seconds(start, seconds)


def shift_by_pause(
    calendar: WorkCalendar,
    due: datetime.datetime,
    paused_from: datetime.datetime,
    paused_to: datetime.datetime,
) -> datetime.datetime:
    """``due`` moved later by the working time between ``paused_from`` and ``paused_to``.

    A pause that contains no working time (a weekend) leaves the due instant as it was.
    """
    seconds = calendar.working_seconds_between(paused_from, paused_to)
    if seconds <= 0:
        return due
    return calendar.add_working_seconds(due, seconds)


def overrun_seconds(
    calendar: WorkCalendar,
    *,
    started_at: datetime.datetime,
    due_at: datetime.datetime,
    finished_at: datetime.datetime,
) -> int:
    """Working seconds a control-slip row ran past its due instant (0 if it did not).

    Counted from the due instant, or from the row's start when it began already past due (a
    row carried over to a successor agency keeps a due instant the old agency had missed: the
    new one answers only for its own time)."""
    since = max(due_at, started_at)
    return calendar.working_seconds_between(since, finished_at) if finished_at > since else 0
