"""Reference-data caches (motcua.core.refdata): what a process caches is dropped as soon as the
stamp moves, whoever moved it, and stale entries are never served."""

import datetime

import pytest
from django.db import connection

from motcua.core import refdata
from motcua.core.models import ReferenceStamp
from motcua.workcalendar.calendars import calendar_for
from motcua.workcalendar.models import CalendarOverride

pytestmark = pytest.mark.django_db


def stamp() -> int:
    row = ReferenceStamp.objects.filter(pk=1).first()
    return row.value if row else 0


def bump_elsewhere() -> None:
    """What another process's change leaves behind: a new stamp, no signal in this process."""
    ReferenceStamp.objects.update_or_create(pk=1, defaults={"value": stamp() + 1})


def test_cached_builds_once_per_stamp():
    calls = []

    def build():
        calls.append(1)
        return len(calls)

    assert refdata.cached("k", build) == 1
    assert refdata.cached("k", build) == 1
    bump_elsewhere()
    assert refdata.cached("k", build) == 1  # not re-read yet: the services refresh()
    refdata.refresh()
    assert refdata.cached("k", build) == 2
    assert len(calls) == 2


def test_bump_increments_the_stamp_and_clears_this_process():
    before = stamp()
    refdata.cached("k", lambda: "old")
    refdata.bump()
    refdata.bump()
    assert stamp() == before + 2
    assert refdata.cached("k", lambda: "new") == "new"


def test_an_entry_built_under_an_older_stamp_is_not_kept():
    refdata.refresh()

    def slow_build():
        # The stamp moves while this builder reads: what it built may be stale.
        bump_elsewhere()
        refdata.refresh()
        return "built before the change"

    assert refdata.cached("k", slow_build) == "built before the change"
    assert refdata.cached("k", lambda: "fresh") == "fresh"


def test_a_missing_stamp_row_reads_as_zero_and_bump_creates_it():
    ReferenceStamp.objects.all().delete()
    assert refdata.refresh() == 0
    refdata.bump()
    assert refdata.refresh() == 1


@pytest.mark.parametrize("model_save", ["save", "delete"])
def test_watched_models_bump_in_the_transaction_of_the_change(model_save):
    override = CalendarOverride(date=datetime.date(2026, 12, 31), kind="day_off", reason="Test")
    override.save()
    before = stamp()
    getattr(override, model_save)()
    assert stamp() == before + 1


def test_a_holiday_added_elsewhere_counts_after_refresh():
    day = datetime.date(2026, 12, 31)  # a Thursday
    assert calendar_for(None).is_working_day(day)
    with connection.cursor() as cursor:  # another process: no signal here
        cursor.execute(
            f"INSERT INTO {CalendarOverride._meta.db_table} "
            "(date, kind, reason, province_id, updated_at) "
            "VALUES ('2026-12-31', 'day_off', 'Nghỉ bù', NULL, '2026-11-01 00:00:00')"
        )
    bump_elsewhere()
    refdata.refresh()
    assert not calendar_for(None).is_working_day(day)
