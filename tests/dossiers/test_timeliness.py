"""Timeliness at day granularity in Vietnam time (domain.md §6.4)."""

import datetime

import pytest

from motcua.dossiers.timeliness import OVERDUE, WITHIN, classify_finished, classify_pending, vn_date

from .conftest import vn

UTC = datetime.UTC
DUE = vn(2025, 7, 14, 9, 0)  # Monday 14/07/2025 09:00


@pytest.mark.parametrize(
    ("finished_at", "expected"),
    [
        (vn(2025, 7, 11, 16, 0), "early"),  # the Friday before
        (vn(2025, 7, 13, 23, 59, 59), "early"),  # the last second of the day before
        (vn(2025, 7, 14, 0, 0), "on_time"),  # the first second of the due day
        (vn(2025, 7, 14, 8, 59), "on_time"),
        (DUE, "on_time"),
        (vn(2025, 7, 14, 16, 59), "on_time"),  # after the due instant, the same day
        (vn(2025, 7, 14, 23, 59, 59), "on_time"),
        (vn(2025, 7, 15, 0, 0), "late"),
        (vn(2025, 8, 1, 9, 0), "late"),
        # 23:30 UTC on Sunday 13/07 is 06:30 on Monday 14/07 in Vietnam: the due day.
        (datetime.datetime(2025, 7, 13, 23, 30, tzinfo=UTC), "on_time"),
        # 16:59 UTC is 23:59 the same day; 17:00 UTC is already Tuesday in Vietnam.
        (datetime.datetime(2025, 7, 14, 16, 59, tzinfo=UTC), "on_time"),
        (datetime.datetime(2025, 7, 14, 17, 0, tzinfo=UTC), "late"),
        (datetime.datetime(2025, 7, 13, 16, 59, tzinfo=UTC), "early"),
    ],
)
def test_classify_finished(finished_at, expected):
    assert classify_finished(finished_at=finished_at, due_at=DUE) == expected


def test_classify_finished_with_a_due_instant_given_in_utc():
    due = datetime.datetime(2025, 7, 13, 23, 30, tzinfo=UTC)  # Mon 14/07 06:30 in Vietnam
    assert classify_finished(finished_at=vn(2025, 7, 14, 16, 0), due_at=due) == "on_time"
    assert classify_finished(finished_at=vn(2025, 7, 13, 23, 0), due_at=due) == "early"
    assert classify_finished(finished_at=vn(2025, 7, 15, 7, 30), due_at=due) == "late"


def test_without_a_due_instant_a_finished_dossier_is_on_time():
    assert classify_finished(finished_at=vn(2030, 1, 1, 9, 0), due_at=None) == "on_time"


@pytest.mark.parametrize(
    ("at", "paused", "expected"),
    [
        (vn(2025, 7, 11, 9, 0), False, WITHIN),
        (vn(2025, 7, 14, 16, 0), False, WITHIN),  # past the instant, still the due day
        (vn(2025, 7, 14, 23, 59, 59), False, WITHIN),
        (vn(2025, 7, 15, 0, 0), False, OVERDUE),
        (vn(2025, 7, 15, 0, 0), True, WITHIN),  # supplement, payment or stopped: within time
        (vn(2025, 12, 31, 9, 0), True, WITHIN),
        # 23:30 UTC on Monday 14/07 is Tuesday 06:30 in Vietnam: overdue.
        (datetime.datetime(2025, 7, 14, 23, 30, tzinfo=UTC), False, OVERDUE),
        (datetime.datetime(2025, 7, 14, 16, 59, tzinfo=UTC), False, WITHIN),
    ],
)
def test_classify_pending(at, paused, expected):
    assert classify_pending(at=at, due_at=DUE, paused=paused) == expected


def test_pending_without_a_due_instant_is_within_time():
    assert classify_pending(at=vn(2030, 1, 1), due_at=None, paused=False) == WITHIN
    assert (WITHIN, OVERDUE) == ("within", "overdue")


def test_vn_date():
    assert vn_date(datetime.datetime(2025, 7, 13, 23, 30, tzinfo=UTC)) == datetime.date(2025, 7, 14)
    assert vn_date(datetime.datetime(2025, 7, 13, 16, 59, tzinfo=UTC)) == datetime.date(2025, 7, 13)
    assert vn_date(vn(2025, 7, 13, 0, 0)) == datetime.date(2025, 7, 13)
