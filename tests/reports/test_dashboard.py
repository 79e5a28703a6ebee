"""The dashboard's figures (``motcua/reports/dashboard.py``) against daily tallies written by
hand with known numbers, and against dossiers shaped through the real services."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from motcua.agencies.models import Agency
from motcua.dossiers import tallies
from motcua.dossiers.models import DailyTally
from motcua.reports.bieu06 import bieu06
from motcua.reports.dashboard import add_months, dashboard, percent
from tests.reports.bieu06_helpers import shaped

pytestmark = pytest.mark.django_db

D = datetime.date
JUNE = D(2025, 6, 1)


def tally(world, agency, day, **counts) -> DailyTally:
    return DailyTally.objects.create(
        agency=agency, procedure=world.case.version.procedure, day=day, **counts
    )


def agency(code, level, name=None) -> Agency:
    return Agency.objects.create(
        code=code, name=name or f"Cơ quan {code}", level=level, kind="peoples_committee"
    )


def test_percent_rounds_half_up_to_hundredths_and_has_no_value_for_nothing():
    assert percent(2, 3) == Decimal("66.67")
    assert percent(1, 8) == Decimal("12.50")  # 12.5 exactly
    assert percent(1, 200) == Decimal("0.50")
    assert percent(0, 0) is None and percent(5, 0) is None


def test_add_months_crosses_years_both_ways():
    assert add_months(D(2025, 6, 1), -11) == D(2024, 7, 1)
    assert add_months(D(2025, 1, 1), -1) == D(2024, 12, 1)
    assert add_months(D(2025, 12, 1), 1) == D(2026, 1, 1)


def test_twelve_months_end_with_the_chosen_one_and_keep_their_boundaries(world):
    dept = world.department
    tally(world, dept, D(2024, 6, 30), resolved_late=100, received_online=100)  # before
    tally(world, dept, D(2024, 7, 1), resolved_early=1, received_direct_postal=2)  # first day
    tally(world, dept, D(2025, 5, 31), resolved_on_time=1, resolved_late=2, received_online=1)
    tally(world, dept, D(2025, 6, 1), resolved_early=3, received_online=3)
    tally(world, dept, D(2025, 6, 30), resolved_late=1, received_direct_postal=1)
    tally(world, dept, D(2025, 7, 1), resolved_late=100, received_online=100)  # after
    tally(world, dept, D(2025, 2, 10), overdue=5)  # overdue changes are not in these figures

    d = dashboard(month=D(2025, 6, 18), agencies=None)

    assert (d.month, d.date_from, d.date_to) == (JUNE, JUNE, D(2025, 6, 30))
    assert [m.label for m in d.months] == [
        "07/2024", "08/2024", "09/2024", "10/2024", "11/2024", "12/2024",
        "01/2025", "02/2025", "03/2025", "04/2025", "05/2025", "06/2025",
    ]  # fmt: skip
    by_label = {m.label: m.counts for m in d.months}
    assert by_label["07/2024"].on_time_rate == Decimal("100.00")
    assert by_label["07/2024"].online_share == Decimal("0.00")
    may, june = by_label["05/2025"], by_label["06/2025"]
    assert (may.resolved, may.in_time, may.resolved_late) == (3, 1, 2)
    assert may.on_time_rate == Decimal("33.33") and may.online_share == Decimal("100.00")
    assert (june.resolved, june.resolved_early, june.resolved_late) == (4, 3, 1)
    assert june.on_time_rate == Decimal("75.00") and june.online_share == Decimal("75.00")
    # Months without tallies (or with overdue changes only) have no rate: gaps in the charts.
    for label in ("08/2024", "01/2025", "02/2025", "04/2025"):
        assert by_label[label].on_time_rate is None and by_label[label].online_share is None
    assert sum(m.counts.resolved_late for m in d.months) == 3


def test_levels_in_the_forms_order_with_their_rates(world):
    ministry = agency("G01", "ministry")
    commune = agency("H99.51", "commune")
    tally(world, commune, D(2025, 6, 3), resolved_early=1, resolved_late=3, received_online=1)
    tally(world, world.department, D(2025, 6, 4), resolved_on_time=9, resolved_late=1)
    tally(world, world.centre, D(2025, 6, 5), resolved_on_time=10, received_online=4)
    tally(world, ministry, D(2025, 6, 6), received_direct_postal=2)
    tally(world, ministry, D(2025, 5, 31), resolved_late=7)  # May: not in June's levels

    with translation.override("en"):
        d = dashboard(month=JUNE)

    assert [row.name for row in d.levels] == ["Ministry level", "Province level", "Commune level"]
    assert [row.level for row in d.levels] == ["ministry", "province", "commune"]
    ministry_row, province_row, commune_row = d.levels
    assert ministry_row.counts.on_time_rate is None  # nothing resolved in June
    assert ministry_row.counts.online_share == Decimal("0.00")
    assert province_row.counts.resolved == 20
    assert province_row.counts.on_time_rate == Decimal("95.00")
    assert province_row.counts.online_share == Decimal("100.00")
    assert commune_row.counts.on_time_rate == Decimal("25.00")


def test_the_ten_agencies_with_the_most_late_in_the_month(world):
    communes = [agency(f"H99.{50 + i}", "commune") for i in range(12)]
    for i, commune in enumerate(communes):
        # H99.50 → 0 late … H99.61 → 11 late; H99.55 and H99.56 tie with 5 late.
        late = 5 if i == 6 else i
        tally(world, commune, D(2025, 6, 10), resolved_late=late, resolved_on_time=12 - i)
    tally(world, communes[0], D(2025, 7, 1), resolved_late=50)  # July: not in June
    tally(world, communes[1], D(2025, 5, 31), resolved_late=50)  # May: not in June

    late = dashboard(month=JUNE).late

    assert [row.code for row in late] == [
        "H99.61", "H99.60", "H99.59", "H99.58", "H99.57", "H99.55", "H99.56", "H99.54",
        "H99.53", "H99.52",
    ]  # fmt: skip
    top = late[0]
    assert (top.name, top.late, top.counts.resolved) == ("Cơ quan H99.61", 11, 12)
    assert top.counts.on_time_rate == Decimal("8.33")


def test_no_agency_without_a_late_dossier_is_listed(world):
    tally(world, world.department, D(2025, 6, 10), resolved_on_time=3)
    assert dashboard(month=JUNE).late == []


def test_the_scope_keeps_the_tallies_of_its_agencies(world):
    other = Agency.objects.get(code="H88")
    tally(world, world.department, D(2025, 6, 10), resolved_late=2, received_online=2)
    tally(world, other, D(2025, 6, 10), resolved_early=8, received_direct_postal=8)
    tally(world, other, D(2025, 1, 10), resolved_early=8)

    mine = dashboard(month=JUNE, agencies={world.department.pk, world.division.pk})
    everyone = dashboard(month=JUNE)

    assert [row.code for row in mine.late] == ["H99.01"]
    assert mine.months[-1].counts.on_time_rate == Decimal("0.00")
    assert mine.months[-1].counts.online_share == Decimal("100.00")
    assert mine.months[6].counts.resolved == 0  # January: the other province's only
    assert everyone.months[-1].counts.on_time_rate == Decimal("80.00")
    assert everyone.months[6].counts.resolved == 8
    assert [row.counts.resolved for row in everyone.levels] == [10]


def test_an_empty_scope_reads_nothing(world):
    tally(world, world.department, D(2025, 6, 10), resolved_late=2)
    with CaptureQueriesContext(connection) as queries:
        d = dashboard(month=JUNE, agencies=set())
    assert len(queries) == 0
    assert len(d.months) == 12 and all(m.counts.resolved == 0 for m in d.months)
    assert d.levels == [] and d.late == []


def test_each_figure_is_one_query_over_the_tallies(world):
    tally(world, world.department, D(2025, 6, 10), resolved_late=2)
    with CaptureQueriesContext(connection) as queries:
        dashboard(month=JUNE, agencies={world.department.pk})
    assert len(queries) == 2  # the months; the agencies (levels and the most late)
    assert all("dossiers_dailytally" in q["sql"] for q in queries.captured_queries)
    assert not any('"dossiers_dossier"' in q["sql"] for q in queries.captured_queries)


def test_dossiers_counted_as_the_handling_report_counts_them(world):
    # Resolved late, early and on time in June (the last at 23:00 on the 30th, Vietnam time:
    # still June); one received online in May and resolved in June; one resolved on 1 July.
    shaped(
        world, received=D(2025, 6, 2), due=D(2025, 6, 9), finished=D(2025, 6, 12), state="finished"
    )
    shaped(
        world,
        received=D(2025, 6, 2),
        due=D(2025, 6, 9),
        finished=D(2025, 6, 5),
        state="returned",
        channel="postal",
    )
    shaped(
        world,
        received=D(2025, 6, 20),
        due=D(2025, 6, 30),
        finished=D(2025, 6, 30),
        state="finished",
        finished_hour=23,
    )
    shaped(
        world,
        received=D(2025, 5, 28),
        due=D(2025, 6, 9),
        finished=D(2025, 6, 6),
        state="finished",
        channel="online",
    )
    shaped(
        world, received=D(2025, 6, 25), due=D(2025, 7, 9), finished=D(2025, 7, 1), state="finished"
    )
    tallies.rebuild()

    d = dashboard(month=JUNE, agencies={world.department.pk})
    report = bieu06(date_from=JUNE, date_to=D(2025, 6, 30), today=D(2030, 1, 1))

    june, may = d.months[-1].counts, d.months[-2].counts
    assert (june.resolved_early, june.resolved_on_time, june.resolved_late) == (2, 1, 1)
    assert june.on_time_rate == report.total.on_time_rate == Decimal("75.00")
    assert (june.received_online, june.received_direct_postal) == (0, 4)
    assert june.online_share == Decimal("0.00")
    assert (may.received_online, may.resolved) == (1, 0) and may.on_time_rate is None
    assert d.months[-1].counts.received == report.total.received_online + (
        report.total.received_direct_postal
    )
    [level] = d.levels
    assert level.level == "province" and level.counts == june
    assert [(row.code, row.late, row.counts.resolved) for row in d.late] == [("H99.01", 1, 4)]
