"""The rule that an internal process shares out exactly the case's time limit.

Stages run one after the other; the steps of a stage run in parallel, so a stage lasts as long as
its longest step. For limits in working days or hours the stages must add up exactly to the
limit (1 working day = the configured day length, 8 hours by default). A limit in calendar days or
"same day" cannot be converted exactly into working hours, so the stages must only fit inside it
(N calendar days hold at most N working days). A case without an appointment date has no limit
to check.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext as _

from .models import TimeUnit


def needs_time_limit(*, time_unit: str, no_appointment: bool) -> bool:
    """A case states a time limit unless it has no appointment date or is settled the same day."""
    return not no_appointment and time_unit != TimeUnit.SAME_DAY


def process_hours(steps: Iterable[tuple[int, Decimal]]) -> Decimal:
    """Total duration in working hours of steps given as ``(stage, budget_hours)``."""
    longest: dict[int, Decimal] = defaultdict(Decimal)
    for stage, hours in steps:
        longest[stage] = max(longest[stage], Decimal(hours))
    return sum(longest.values(), Decimal(0))


def budget_problem(
    *,
    time_limit: Decimal | None,
    time_unit: str,
    no_appointment: bool,
    steps: list[tuple[int, Decimal]],
    hours_per_day: Decimal | int | float,
) -> str | None:
    """Why the steps do not share out the limit, or ``None`` if they do."""
    if not steps:
        return _("The internal process needs at least one step.")
    if no_appointment or time_limit is None:
        return None
    total = process_hours(steps)
    per_day = Decimal(str(hours_per_day))
    if time_unit == TimeUnit.WORKING_DAYS:
        limit, exact = Decimal(time_limit) * per_day, True
    elif time_unit == TimeUnit.WORKING_HOURS:
        limit, exact = Decimal(time_limit), True
    elif time_unit == TimeUnit.CALENDAR_DAYS:
        limit, exact = Decimal(time_limit) * per_day, False
    else:  # same day
        limit, exact = per_day, False
    if exact and total != limit:
        return _(
            "The step budgets add up to %(total)s working hours but the time limit is "
            "%(limit)s working hours."
        ) % {"total": _fmt(total), "limit": _fmt(limit)}
    if not exact and total > limit:
        return _(
            "The step budgets add up to %(total)s working hours, more than the %(limit)s "
            "working hours the time limit can hold."
        ) % {"total": _fmt(total), "limit": _fmt(limit)}
    return None


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f")
