from decimal import Decimal

import pytest

from motcua.catalog.budgets import budget_problem, process_hours


def test_parallel_stage_lasts_as_long_as_its_longest_step():
    steps = [(1, Decimal(4)), (2, Decimal(16)), (2, Decimal(12)), (3, Decimal(4))]
    assert process_hours(steps) == Decimal(24)


@pytest.mark.parametrize(
    ("limit", "unit", "steps", "ok"),
    [
        (Decimal(3), "working_days", [(1, 4), (2, 16), (3, 4)], True),
        (Decimal(3), "working_days", [(1, 4), (2, 16), (3, 5)], False),
        (Decimal("0.5"), "working_days", [(1, 4)], True),
        (Decimal(12), "working_hours", [(1, 6), (2, 6), (2, 3)], True),
        (Decimal(15), "calendar_days", [(1, 8), (2, 80)], True),
        (Decimal(1), "calendar_days", [(1, 9)], False),
        (None, "same_day", [(1, 8)], True),
        (None, "same_day", [(1, 9)], False),
    ],
)
def test_budget_rule(limit, unit, steps, ok):
    problem = budget_problem(
        time_limit=limit if unit != "same_day" else Decimal(1),
        time_unit=unit,
        no_appointment=False,
        steps=[(s, Decimal(h)) for s, h in steps],
        hours_per_day=8,
    )
    assert (problem is None) is ok, problem


def test_no_steps_and_no_appointment():
    assert budget_problem(
        time_limit=None, time_unit="working_days", no_appointment=True, steps=[], hours_per_day=8
    )
    assert (
        budget_problem(
            time_limit=None,
            time_unit="working_days",
            no_appointment=True,
            steps=[(1, Decimal(99))],
            hours_per_day=8,
        )
        is None
    )
