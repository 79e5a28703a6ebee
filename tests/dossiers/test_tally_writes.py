"""Writing tally changes: a transition's few rows go in one statement, a bulk load's many through
a temporary table with the monthly sums made in SQL. Both ways must leave the same rows."""

import datetime
import random

import pytest
from django.db import IntegrityError, transaction

from motcua.dossiers import tallies
from motcua.dossiers.models import DailyTally, MonthlyTally

pytestmark = pytest.mark.django_db

FIELDS = ("agency_id", "procedure_id", *tallies.COLUMNS)


def _changes(world, seed: int, count: int) -> dict:
    """``count`` random changed keys over two agencies, two procedures and a year, some with
    changes that cancel out within their month."""
    rng = random.Random(seed)
    agencies = [world.centre.pk, world.department.pk]
    procedure = world.case.version.procedure_id
    start = datetime.date(2025, 1, 1)
    out = {}
    while len(out) < count:
        day = start + datetime.timedelta(days=rng.randrange(365))
        key = (rng.choice(agencies), procedure, day)
        out[key] = [rng.randint(-2, 3) for _ in tallies.COLUMNS]
    # An overdue dossier that stops being overdue in the same month: +1 then -1.
    out[(agencies[0], procedure, datetime.date(2025, 6, 3))] = [0, 0, 0, 0, 0, 1]
    out[(agencies[0], procedure, datetime.date(2025, 6, 20))] = [0, 0, 0, 0, 0, -1]
    return {k: v for k, v in out.items() if any(v)}


def _rows():
    daily = sorted(DailyTally.objects.values_list("day", *FIELDS))
    monthly = sorted(MonthlyTally.objects.values_list("month", *FIELDS))
    return daily, monthly


def test_the_bulk_path_leaves_the_rows_the_few_rows_path_leaves(world):
    changes = _changes(world, 1, 300)
    assert len(changes) > tallies._FEW
    tallies.write(changes)  # bulk
    tallies.write(changes)  # bulk again: every key is a conflict now, added to
    bulk = _rows()

    DailyTally.objects.all().delete()
    MonthlyTally.objects.all().delete()
    items = sorted(changes.items())
    for _ in range(2):
        for i in range(0, len(items), tallies._FEW):
            tallies.write(dict(items[i : i + tallies._FEW]))  # few rows each time
    assert _rows() == bulk

    daily, monthly = bulk
    assert len(daily) == len(changes)
    doubled = {(day, a, p): [2 * n for n in v] for (a, p, day), v in changes.items()}
    assert {(r[0], r[1], r[2]): list(r[3:]) for r in daily} == doubled
    assert all(r[0].day == 1 for r in monthly)
    assert all(any(r[3:]) for r in monthly)  # a month whose changes cancel out gets no row


def test_a_failed_bulk_write_leaves_nothing_behind(world):
    changes = _changes(world, 2, 50)
    bad = dict(changes)
    bad[(None, world.case.version.procedure_id, datetime.date(2025, 1, 1))] = [1, 0, 0, 0, 0, 0]
    with pytest.raises(IntegrityError), transaction.atomic():
        tallies.write(bad)  # a row without its agency: refused by the INSERT … SELECT
    tallies.write(changes)  # the temporary table is gone: it can be made again
    assert DailyTally.objects.count() == len(changes)
