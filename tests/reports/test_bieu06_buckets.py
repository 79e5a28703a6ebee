"""Biểu 06's buckets at the period boundaries (domain.md §6.4; docs/reports.md).

Each test shapes a few dossiers, then asks for one period: the daily tallies and the plain
aggregate over the dossiers must agree (``counts``), and the total must be what the rules say.
The period is March 2025 unless said otherwise.
"""

from __future__ import annotations

import pytest

from tests.reports.bieu06_helpers import D, counts, shaped

pytestmark = pytest.mark.django_db

FROM, TO = D(2025, 3, 1), D(2025, 3, 31)


def only(**nonzero) -> dict:
    """A total with these figures, every other count zero (derived figures computed)."""
    base = dict.fromkeys(
        [
            "received_online",
            "received_direct_postal",
            "received_carried_over",
            "resolved_early",
            "resolved_on_time",
            "resolved_late",
            "pending_within",
            "pending_overdue",
        ],
        0,
    )
    base.update(nonzero)
    out = {
        "received_total": base["received_online"]
        + base["received_direct_postal"]
        + base["received_carried_over"],
        "resolved_total": base["resolved_early"] + base["resolved_on_time"] + base["resolved_late"],
        "pending_total": base["pending_within"] + base["pending_overdue"],
        **base,
    }
    resolved = out["resolved_total"]
    out["on_time_rate"] = (
        None
        if not resolved
        else f"{100 * (out['resolved_early'] + out['resolved_on_time']) / resolved:.2f}"
    )
    return out


def test_received_the_day_before_the_period_is_carried_over(world):
    shaped(world, received=D(2025, 2, 28), due=D(2025, 4, 10))
    assert counts(FROM, TO) == only(received_carried_over=1, pending_within=1)


def test_received_on_the_first_and_last_days_count_as_received_by_channel(world):
    shaped(world, received=FROM, due=D(2025, 4, 10), channel="online")
    shaped(world, received=TO, due=D(2025, 4, 10))
    shaped(world, received=TO, due=D(2025, 4, 10), channel="postal")
    assert counts(FROM, TO) == only(received_online=1, received_direct_postal=2, pending_within=3)


def test_received_the_day_after_the_period_is_not_counted(world):
    shaped(world, received=D(2025, 4, 1), due=D(2025, 4, 10))
    assert counts(FROM, TO) == only()


def test_finished_on_the_last_day_is_resolved_and_the_day_after_still_pending(world):
    shaped(world, received=D(2025, 3, 3), due=D(2025, 3, 31), finished=TO, state="finished")
    shaped(
        world, received=D(2025, 3, 3), due=D(2025, 4, 2), finished=D(2025, 4, 1), state="returned"
    )
    assert counts(FROM, TO) == only(received_direct_postal=2, resolved_on_time=1, pending_within=1)


def test_early_on_time_and_late_compare_days_not_instants(world):
    # Due at 17:00 on the 10th: finished at 23:00 the same day is on time, the 9th early,
    # 00:30 on the 11th (Vietnam time) late.
    shaped(
        world, received=D(2025, 3, 3), due=D(2025, 3, 10), finished=D(2025, 3, 9), state="finished"
    )
    shaped(
        world,
        received=D(2025, 3, 3),
        due=D(2025, 3, 10),
        finished=D(2025, 3, 10),
        finished_hour=23,
        state="returned",
    )
    shaped(
        world,
        received=D(2025, 3, 3),
        due=D(2025, 3, 10),
        finished=D(2025, 3, 11),
        finished_hour=0,
        state="finished",
    )
    total = counts(FROM, TO)
    assert total == only(
        received_direct_postal=3, resolved_early=1, resolved_on_time=1, resolved_late=1
    )
    assert total["on_time_rate"] == "66.67"


def test_no_due_date_is_on_time_and_never_overdue(world):
    shaped(world, received=D(2025, 3, 3), due=None, finished=D(2025, 3, 20), state="finished")
    shaped(world, received=D(2025, 1, 3), due=None)
    assert counts(FROM, TO) == only(
        received_direct_postal=1, received_carried_over=1, resolved_on_time=1, pending_within=1
    )


def test_withdrawn_after_reception_is_resolved_on_time_even_past_its_due_day(world):
    shaped(
        world, received=D(2025, 3, 3), due=D(2025, 3, 5), finished=D(2025, 3, 20), state="withdrawn"
    )
    assert counts(FROM, TO) == only(received_direct_postal=1, resolved_on_time=1)


def test_due_on_the_last_day_is_within_time_and_the_day_before_overdue(world):
    shaped(world, received=D(2025, 3, 3), due=TO)
    shaped(world, received=D(2025, 3, 3), due=D(2025, 3, 30))
    assert counts(FROM, TO) == only(received_direct_postal=2, pending_within=1, pending_overdue=1)


def test_paused_across_the_end_is_within_time_and_resumed_on_the_last_day_overdue(world):
    overdue_due = D(2025, 3, 20)
    shaped(world, received=D(2025, 3, 3), due=overdue_due, pauses=((D(2025, 3, 25), None),))
    shaped(
        world, received=D(2025, 3, 3), due=overdue_due, pauses=((D(2025, 3, 25), D(2025, 4, 2)),)
    )
    shaped(world, received=D(2025, 3, 3), due=overdue_due, pauses=((D(2025, 3, 25), TO),))
    shaped(world, received=D(2025, 3, 3), due=overdue_due, pauses=((TO, TO),))  # same day
    assert counts(FROM, TO) == only(received_direct_postal=4, pending_within=2, pending_overdue=2)


def test_a_pause_that_ended_before_the_period_changes_nothing_at_its_end(world):
    shaped(
        world, received=D(2025, 1, 6), due=D(2025, 2, 10), pauses=((D(2025, 1, 8), D(2025, 1, 15)),)
    )
    assert counts(FROM, TO) == only(received_carried_over=1, pending_overdue=1)


def test_carried_over_twice_then_resolved_in_the_third_period(world):
    shaped(
        world,
        received=D(2025, 1, 20),
        due=D(2025, 2, 14),
        finished=D(2025, 3, 12),
        state="finished",
    )
    february = counts(D(2025, 2, 1), D(2025, 2, 28))
    assert february == only(received_carried_over=1, pending_overdue=1)
    march = counts(FROM, TO)
    assert march == only(received_carried_over=1, resolved_late=1)
    january = counts(D(2025, 1, 1), D(2025, 1, 31))
    assert january == only(received_direct_postal=1, pending_within=1)


def test_not_yet_received_and_refused_at_reception_are_not_counted(world):
    from motcua.dossiers import services

    citizen = services.Actor.citizen()
    submitted = services.submit(application=world.application(channel="online"), actor=citizen)
    refused = services.submit(application=world.application(channel="online"), actor=citizen)
    services.refuse(dossier_id=refused.pk, actor=world.counter, reason="Không thuộc thẩm quyền")
    assert submitted.received_at is None
    assert counts(D(2020, 1, 1), D(2029, 12, 31)) == only()


def test_a_period_that_has_not_ended_ends_today(world):
    shaped(world, received=D(2025, 3, 3), due=D(2025, 3, 12))
    shaped(world, received=D(2025, 3, 3), due=D(2025, 3, 20))
    # Looked at on the 15th: only the first is overdue yet.
    assert counts(FROM, TO, today=D(2025, 3, 15)) == only(
        received_direct_postal=2, pending_within=1, pending_overdue=1
    )
