"""``GET /api/v1/reports/bieu06`` and ``/reports/index766``: the command's JSON, the scope, the
errors."""

from __future__ import annotations

import pytest

from motcua.agencies.models import Role
from motcua.agencies.services import assign_role
from motcua.dossiers import tallies
from motcua.reports.bieu06 import FIGURES
from tests.api.conftest import as_officer  # noqa: F401
from tests.reports.bieu06_helpers import D, shaped

pytestmark = pytest.mark.django_db

MARCH = {"from": "2025-03-01", "to": "2025-03-31"}


@pytest.fixture
def march(world):
    shaped(
        world, received=D(2025, 3, 3), due=D(2025, 3, 10), finished=D(2025, 3, 7), state="finished"
    )
    shaped(world, received=D(2025, 3, 4), due=D(2025, 3, 20))
    tallies.rebuild()
    assign_role(user=world.supervisor.user, agency=world.province, role=Role.SUPERVISOR)
    return world


def test_the_handling_report_is_the_commands_json(march, as_officer):  # noqa: F811
    response = as_officer(march.supervisor).get("/reports/bieu06", **MARCH, by="level")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["period"] == {"from": "2025-03-01", "to": "2025-03-31"}
    assert [r["level"] for r in body["rows"]] == ["province"]
    assert set(body["total"]) == set(FIGURES)
    assert body["total"]["received_total"] == 2 and body["total"]["pending_overdue"] == 1
    assert body["total"]["on_time_rate"] == "100.00"


def test_an_agency_outside_the_scope_is_not_found(march, as_officer):  # noqa: F811
    response = as_officer(march.supervisor).get("/reports/bieu06", **MARCH, agency="H88")
    assert response.status_code == 404 and response.json()["field"] == "agency"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"from": "2025-03-31", "to": "2025-03-01"}, "to"),
        ({"from": "2099-01-01", "to": "2099-01-31"}, "from"),
        ({**MARCH, "by": "officer"}, "by"),
        ({"from": "2025-02-30", "to": "2025-03-31"}, "from"),
    ],
)
def test_bad_filters_answer_422_naming_the_field(march, as_officer, query, field):  # noqa: F811
    response = as_officer(march.supervisor).get("/reports/bieu06", **query)
    assert response.status_code == 422, response.content
    assert response.json()["field"] == field


def test_a_counter_officer_is_forbidden(march, as_officer):  # noqa: F811
    assert as_officer(march.counter).get("/reports/bieu06", **MARCH).status_code == 403
    assert as_officer(march.counter).get("/reports/index766", period="2025-03").status_code == 403


def test_the_index_answers_groups_and_no_data(march, as_officer):  # noqa: F811
    response = as_officer(march.supervisor).get("/reports/index766", period="2025-03")
    assert response.status_code == 200, response.content
    body = response.json()
    assert [g["key"] for g in body["groups"]] == ["CKMB", "TDGQ", "CLGQ", "TTTT", "MDSH", "MDHL"]
    assert body["groups"][0]["points"] is None
    assert body["groups"][1]["points"] == "10.00"  # 1 early of 1 resolved + 1 overdue pending


def test_a_bad_index_period_answers_422(march, as_officer):  # noqa: F811
    response = as_officer(march.supervisor).get("/reports/index766", period="2025-13")
    assert response.status_code == 422 and response.json()["field"] == "period"
