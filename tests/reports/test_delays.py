"""``delay_report``: the agencies and officers causing delays, on the scenario of ``conftest.py``
(the figures below are computed there by hand)."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from motcua.agencies.models import Agency, Role
from motcua.agencies.services import assign_role
from motcua.catalog.models import ProcessStep
from motcua.core.people import full_name
from motcua.dossiers import services
from motcua.dossiers.services import Actor
from motcua.reports.delays import DelayLine, Figures, delay_report, working_hours

from .conftest import HOUR, vn

D = datetime.date
LATER = vn(2025, 7, 31, 12, 0)  # looked at long after every period below


def report(date_from, date_to, *, at=LATER, **options):
    return delay_report(date_from=date_from, date_to=date_to, at=at, **options)


def by_code(result) -> dict[str, DelayLine]:
    return {line.agency_code: line for line in result.rows}


def counts(figures: Figures) -> tuple:
    return (
        figures.late_rows,
        figures.late_dossiers,
        figures.overrun_seconds,
        figures.overrun_hours,
        figures.open_overdue_rows,
    )


def test_by_agency(delays):
    w = delays.world
    result = report(D(2025, 7, 1), D(2025, 7, 16))
    # Largest overrun first: the department (A2 11.5 h + A4 9.5 h), the division (B3 13.5 h),
    # the centre (A1 5 h). A6 closed on the 18th; B4 is open and overdue at the department; C2
    # too, but its dossier is waiting for the financial obligation.
    assert [(line.agency_code, line.agency_name) for line in result.rows] == [
        ("H99.01", w.department.name),
        ("H99.01.01", w.division.name),
        ("H99.20", w.centre.name),
    ]
    lines = by_code(result)
    assert counts(lines["H99.01"]) == (2, 1, 21 * HOUR, Decimal("21.00"), 1)
    assert counts(lines["H99.01.01"]) == (1, 1, 48600, Decimal("13.50"), 0)
    assert counts(lines["H99.20"]) == (1, 1, 5 * HOUR, Decimal("5.00"), 0)
    # Dossier A is late at the centre and at the department: counted once in the total.
    assert sum(line.late_dossiers for line in result.rows) == 3
    assert counts(result.total) == (4, 2, 142200, Decimal("39.50"), 1)
    assert all(line.officer_username is None for line in result.rows)


def test_the_agency_that_ran_over_is_shown_even_when_the_others_were_early(delays):
    # Dossier A finished late overall; the division (A3) was early for it, and appears only for
    # dossier B, where it was the one that ran over while the others were on time.
    division = by_code(report(D(2025, 7, 1), D(2025, 7, 31)))["H99.01.01"]
    assert (division.late_rows, division.late_dossiers) == (1, 1)


def test_by_officer(delays):
    w = delays.world
    result = report(D(2025, 7, 1), D(2025, 7, 16), by="officer")
    assert [
        (line.officer_username, line.officer_name, line.agency_code) for line in result.rows
    ] == [
        ("chuyenvien", full_name(w.specialist.user), "H99.01.01"),  # B3 13.5 h
        ("truongphong", full_name(w.head.user), "H99.01"),  # A2 11.5 h
        ("lanhdao", full_name(w.leader.user), "H99.01"),  # A4 9.5 h, B4 open
        ("motcua", full_name(w.counter.user), "H99.20"),  # A1 5 h
    ]
    assert [counts(line) for line in result.rows] == [
        (1, 1, 48600, Decimal("13.50"), 0),
        (1, 1, 41400, Decimal("11.50"), 0),
        (1, 1, 34200, Decimal("9.50"), 1),
        (1, 1, 18000, Decimal("5.00"), 0),
    ]
    assert counts(result.total) == (4, 2, 142200, Decimal("39.50"), 1)


def test_the_closing_officer_of_a_row_nobody_received_carries_its_delay(delays):
    # A6, the counter's "return the result" row opened by ``finish``, had no receiver: the
    # counter officer who closed it (returned the result) is recorded as its holder.
    result = report(D(2025, 7, 18), D(2025, 7, 18), by="officer")
    assert [(line.officer_username, line.agency_code) for line in result.rows] == [
        ("motcua", "H99.20"),
        ("lanhdao", "H99.01"),  # B4: open and overdue, no overrun yet
    ]
    assert counts(result.rows[0]) == (1, 1, 30600, Decimal("8.50"), 0)
    assert counts(result.rows[1]) == (0, 0, 0, Decimal("0.00"), 1)


@pytest.fixture
def parallel(world):
    """The world's case turned into an interconnected process with a parallel stage:

    stage 1  counter_officer  H99.20 centre       4 h
    stage 2  specialist       H99.30 police      16 h  ┐ in parallel
    stage 2  specialist       H99.31 tax          8 h  ┘
    stage 3  signing_leader   H99.01 department  12 h
    stage 4  counter_officer  H99.20 centre       8 h
    """
    users = get_user_model().objects
    agencies = {}
    for code, name, username in [
        ("H99.30", "Công an tỉnh", "congan"),
        ("H99.31", "Thuế tỉnh", "thue"),
    ]:
        agencies[code] = Agency.objects.create(
            code=code, name=name, level="province", kind="vertical_agency", parent=world.province
        )
        user = users.create_user(username, first_name="Cán bộ", last_name=name)
        assign_role(user=user, agency=agencies[code], role=Role.SPECIALIST)
        agencies[username] = Actor.officer(user)
    world.case.steps.all().delete()
    for stage, role, agency, hours in [
        (1, Role.COUNTER_OFFICER, world.centre, 4),
        (2, Role.SPECIALIST, agencies["H99.30"], 16),
        (2, Role.SPECIALIST, agencies["H99.31"], 8),
        (3, Role.SIGNING_LEADER, world.department, 12),
        (4, Role.COUNTER_OFFICER, world.centre, 8),
    ]:
        ProcessStep.objects.create(
            case=world.case,
            stage=stage,
            name=f"Bước {stage}",
            role=role,
            agency=agency,
            budget_hours=Decimal(hours),
        )
    return world, agencies["congan"], agencies["thue"]


def test_an_interconnected_dossier_shows_the_agencies_that_ran_over(parallel):
    w, police, tax = parallel
    # Week of Monday 12/05/2025 (no holiday). Received Monday 08:00; at 09:00 both opinions
    # open: the police due Wednesday 09:00 (16 h), tax due Tuesday 09:00 (8 h).
    d = services.receive_at_counter(
        application=w.application(), actor=w.counter, at=vn(2025, 5, 12, 8, 0)
    )
    services.forward(dossier_id=d.pk, actor=w.counter, at=vn(2025, 5, 12, 9, 0))
    services.forward(dossier_id=d.pk, actor=tax, at=vn(2025, 5, 12, 10, 0))  # early
    # The police answer Thursday 10:00: 2.5 + 4 + 2.5 = 9 h over. The decision (12 h: due Friday
    # 15:30) comes Tuesday 20/05 09:00: 1.5 + 8 + 1.5 = 11 h over; the dossier, due Monday
    # 19/05 08:00, is late — the result waits at the counter (8 h: due Wednesday 21/05 09:00)
    # and is never collected.
    services.forward(
        dossier_id=d.pk, actor=police, to_user=w.leader.user, at=vn(2025, 5, 15, 10, 0)
    )
    services.finish(dossier_id=d.pk, actor=w.leader, result_number="13/QĐ", at=vn(2025, 5, 20, 9))

    result = report(D(2025, 5, 1), D(2025, 5, 31))
    assert [(line.agency_code, counts(line)) for line in result.rows] == [
        ("H99.01", (1, 1, 11 * HOUR, Decimal("11.00"), 0)),
        ("H99.30", (1, 1, 9 * HOUR, Decimal("9.00"), 0)),
        ("H99.20", (0, 0, 0, Decimal("0.00"), 1)),
    ]  # tax, early, is not there
    assert counts(result.total) == (2, 1, 20 * HOUR, Decimal("20.00"), 1)

    by_officer = report(D(2025, 5, 1), D(2025, 5, 31), by="officer")
    assert [(line.officer_username, line.agency_code) for line in by_officer.rows] == [
        ("lanhdao", "H99.01"),
        ("congan", "H99.30"),
        (None, "H99.20"),  # the result's row, received by nobody yet
    ]
    assert by_officer.rows[1].officer_name == full_name(police.user)
    assert by_officer.rows[2].as_dict("officer")["officer"] is None


def test_a_row_closed_on_the_last_day_counts_and_the_day_after_does_not(delays):
    # A4 closed on Wed 16/07 at 06:30 in Vietnam — still Tue 15/07 in UTC.
    last_day = by_code(report(D(2025, 7, 16), D(2025, 7, 16)))
    assert list(last_day) == ["H99.01"]
    assert counts(last_day["H99.01"]) == (1, 1, 34200, Decimal("9.50"), 1)

    day_before = by_code(report(D(2025, 7, 1), D(2025, 7, 15)))
    # Without A4 the department has A2 only; at the end of the 15th A4 was still open and due
    # on the 14th: overdue, with B4.
    assert counts(day_before["H99.01"]) == (1, 1, 41400, Decimal("11.50"), 2)
    assert [line.agency_code for line in report(D(2025, 7, 1), D(2025, 7, 15)).rows] == [
        "H99.01.01",
        "H99.01",
        "H99.20",
    ]


def test_the_first_day_of_the_period_counts(delays):
    # A2 closed on Thu 10/07 at 08:30.
    lines = by_code(report(D(2025, 7, 10), D(2025, 7, 10)))
    assert counts(lines["H99.01"]) == (1, 1, 41400, Decimal("11.50"), 0)
    assert list(lines) == ["H99.01"]


def test_an_open_row_due_on_the_last_day_is_not_overdue(delays):
    # A6 is open at the end of the 17th (closed on the 18th) and due on the 17th itself.
    result = report(D(2025, 7, 17), D(2025, 7, 17))
    assert [line.agency_code for line in result.rows] == ["H99.01"]  # B4 only
    assert counts(result.total) == (0, 0, 0, Decimal("0.00"), 1)


def test_a_paused_dossier_has_no_overdue_row(delays):
    # C2 (held by the department head) was overdue at the end of the 8th; from the 9th its
    # dossier waits for the financial obligation.
    before_pause = report(D(2025, 7, 1), D(2025, 7, 8), by="officer")
    head = [line for line in before_pause.rows if line.officer_username == "truongphong"]
    assert [counts(line) for line in head] == [(0, 0, 0, Decimal("0.00"), 1)]
    assert counts(before_pause.total) == (1, 1, 18000, Decimal("5.00"), 1)  # A1, and C2

    paused = report(D(2025, 7, 1), D(2025, 7, 16), by="officer")
    head = [line for line in paused.rows if line.officer_username == "truongphong"]
    assert head[0].open_overdue_rows == 0


def test_a_period_ending_after_the_instant_looked_at(delays):
    # On Tue 15/07 at 09:00 nothing closed yet in the period; A4 and B4 are open at the
    # department and were due on the 14th.
    result = report(D(2025, 7, 15), D(2025, 7, 20), at=vn(2025, 7, 15, 9, 0), by="officer")
    assert [(line.officer_username, counts(line)) for line in result.rows] == [
        ("lanhdao", (0, 0, 0, Decimal("0.00"), 2)),
    ]
    # Late on Monday night: B3 closed that morning; A4 and B4 are due that same day.
    result = report(D(2025, 7, 14), D(2025, 7, 20), at=vn(2025, 7, 14, 23, 0))
    assert [(line.agency_code, counts(line)) for line in result.rows] == [
        ("H99.01.01", (1, 1, 48600, Decimal("13.50"), 0)),
    ]


def test_the_scope_limits_the_agencies(delays):
    w = delays.world
    only_division = report(D(2025, 7, 1), D(2025, 7, 16), agencies={w.division.pk})
    assert [line.agency_code for line in only_division.rows] == ["H99.01.01"]
    assert counts(only_division.total) == (1, 1, 48600, Decimal("13.50"), 0)

    department = report(D(2025, 7, 1), D(2025, 7, 16), agencies={w.department.pk, w.division.pk})
    assert [line.agency_code for line in department.rows] == ["H99.01", "H99.01.01"]
    assert counts(department.total) == (3, 2, 124200, Decimal("34.50"), 1)

    nothing = report(D(2025, 7, 1), D(2025, 7, 16), agencies=set())
    assert nothing.rows == ()
    assert counts(nothing.total) == (0, 0, 0, Decimal("0.00"), 0)


def test_the_report_is_two_aggregate_queries(delays, django_assert_num_queries):
    with django_assert_num_queries(2):
        report(D(2025, 7, 1), D(2025, 7, 31), by="officer")


def test_as_dict(delays):
    result = report(D(2025, 7, 16), D(2025, 7, 16))
    assert result.as_dict() == {
        "period": {"from": "2025-07-16", "to": "2025-07-16"},
        "by": "agency",
        "rows": [
            {
                "agency": {"code": "H99.01", "name": "Sở Tư pháp"},
                "late_rows": 1,
                "late_dossiers": 1,
                "overrun_seconds": 34200,
                "overrun_hours": "9.50",
                "open_overdue_rows": 1,
            }
        ],
        "total": {
            "late_rows": 1,
            "late_dossiers": 1,
            "overrun_seconds": 34200,
            "overrun_hours": "9.50",
            "open_overdue_rows": 1,
        },
    }


@pytest.mark.django_db
def test_bad_arguments():
    with pytest.raises(ValueError, match="date_from"):
        delay_report(date_from=D(2025, 7, 2), date_to=D(2025, 7, 1))
    with pytest.raises(ValueError, match="by"):
        delay_report(date_from=D(2025, 7, 1), date_to=D(2025, 7, 1), by="procedure")
    with pytest.raises(ValueError, match="time zone"):
        delay_report(
            date_from=D(2025, 7, 1), date_to=D(2025, 7, 1), at=datetime.datetime(2025, 7, 2)
        )


def test_working_hours_round_to_two_decimals():
    assert working_hours(0) == Decimal("0.00")
    assert working_hours(30600) == Decimal("8.50")
    assert working_hours(18) == Decimal("0.01")  # 0.005 h: half up
    assert working_hours(17) == Decimal("0.00")
