"""``GET /api/v1/reports/overdue``: the overdue lists, for supervisors and administrators within
their agencies, a page at a time (the scenario of ``test_overdue.py``)."""

from unittest import mock

import pytest
from django.contrib.auth import get_user_model

from motcua.agencies.models import Role
from motcua.agencies.services import assign_role
from motcua.dossiers.services import Actor
from tests.api.conftest import as_officer  # noqa: F401

from .test_overdue import lists, vn  # noqa: F401

JULY = {"from": "2025-07-01", "to": "2025-07-31"}


@pytest.fixture
def province_supervisor(lists) -> Actor:  # noqa: F811
    user = get_user_model().objects.create_user("giamsat.tinh", first_name="Tỉnh")
    assign_role(user=user, agency=lists.world.province, role=Role.SUPERVISOR)
    return Actor.officer(user)


@pytest.fixture
def api(province_supervisor, as_officer):  # noqa: F811
    return as_officer(province_supervisor)


def codes(body) -> list[str]:
    return [row["code"] for row in body["rows"]]


def test_resolved_late(lists, api):  # noqa: F811
    response = api.get("/reports/overdue", **JULY)  # list=late by default
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["period"] == {"from": "2025-07-01", "to": "2025-07-31"}
    assert body["as_of"] == "2025-07-31"  # the period is over
    assert body["list"] == "late"
    assert body["next"] is None
    assert body["rows"] == [
        {
            "code": lists.late2.code,
            "procedure": {"code": "2.000488.H99", "name": lists.world.case.version.name},
            "received_at": "2025-07-07T08:00:00+07:00",
            "due_at": "2025-07-14T08:00:00+07:00",
            "finished_at": "2025-07-16T10:00:00+07:00",
            "agency": {"code": "H99.01", "name": "Sở Tư pháp"},
            "days_late": 2,
        },
        {
            "code": lists.late1.code,
            "procedure": {"code": "2.000488.H99", "name": lists.world.case.version.name},
            "received_at": "2025-07-07T08:05:00+07:00",
            "due_at": "2025-07-14T08:05:00+07:00",
            "finished_at": "2025-07-15T06:30:00+07:00",
            "agency": {"code": "H99.01", "name": "Sở Tư pháp"},
            "days_late": 1,
        },
    ]
    body = api.get("/reports/overdue", **{**JULY, "to": "2025-07-15"}).json()
    assert codes(body) == [lists.late1.code]  # late2 finished on the 16th


def test_pending_overdue_with_the_holders(lists, api):  # noqa: F811
    body = api.get("/reports/overdue", list="pending", **{**JULY, "to": "2025-07-16"}).json()
    assert body["as_of"] == "2025-07-16"
    assert codes(body) == [lists.pending.code, lists.withdrawn.code, lists.division.code]
    assert body["rows"][0] == {
        "code": lists.pending.code,
        "procedure": {"code": "2.000488.H99", "name": lists.world.case.version.name},
        "received_at": "2025-07-07T08:15:00+07:00",
        "due_at": "2025-07-14T08:15:00+07:00",
        "agency": {"code": "H99.01", "name": "Sở Tư pháp"},
        "holders": [
            {
                "agency": {"code": "H99.01", "name": "Sở Tư pháp"},
                "officer": {"username": "lanhdao", "name": "Hoàng Đức Thắng"},
            }
        ],
        "days_overdue": 2,
    }


def test_a_period_ending_after_today_ends_today(lists, api):  # noqa: F811
    with mock.patch("django.utils.timezone.now", return_value=vn(2025, 7, 15, 10, 0)):
        body = api.get("/reports/overdue", list="pending", **JULY).json()
    assert body["period"] == {"from": "2025-07-01", "to": "2025-07-31"}
    assert body["as_of"] == "2025-07-15"
    assert [row["days_overdue"] for row in body["rows"]] == [1, 1, 1, 1]


def test_pages(lists, api):  # noqa: F811
    params = {**JULY, "to": "2025-07-15", "list": "pending", "limit": 3}
    first = api.get("/reports/overdue", **params).json()
    assert codes(first) == [lists.late2.code, lists.pending.code, lists.withdrawn.code]
    assert first["next"]
    second = api.get("/reports/overdue", after=first["next"], **params).json()
    assert codes(second) == [lists.division.code]
    assert second["next"] is None
    # A cursor of the other list, or a made-up one, is refused.
    for cursor in (first["next"], "nonsense"):
        response = api.get("/reports/overdue", after=cursor, **{**params, "list": "late"})
        assert response.status_code == 422
        assert response.json()["field"] == "after"


def test_the_agency_parameter_and_the_callers_scope(lists, api, as_officer):  # noqa: F811
    params = {**JULY, "to": "2025-07-15", "list": "pending"}
    body = api.get("/reports/overdue", agency="H99.01.01", **params).json()
    assert codes(body) == [lists.division.code]
    # The world's supervisor supervises the centre, which decides nothing: empty lists…
    centre = as_officer(lists.world.supervisor)
    assert centre.get("/reports/overdue", **params).json()["rows"] == []
    # …and an agency outside their scope is not found.
    for code in ("H99.01", "NO.SUCH"):
        response = centre.get("/reports/overdue", agency=code, **params)
        assert response.status_code == 404
        assert response.json() == {
            "code": "not_found",
            "message": response.json()["message"],
            "field": "agency",
        }
    # A department administrator sees the department and the division below it.
    user = get_user_model().objects.create_user("quantri")
    assign_role(user=user, agency=lists.world.department, role=Role.ADMINISTRATOR)
    body = as_officer(Actor.officer(user)).get("/reports/overdue", **params).json()
    assert len(body["rows"]) == 4


def test_other_roles_and_anonymous_callers_are_refused(lists, as_officer, client):  # noqa: F811
    for actor in (lists.world.head, lists.world.counter):
        response = as_officer(actor).get("/reports/overdue", **JULY)
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"
    response = client.get("/api/v1/reports/overdue", JULY)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2025-02-30", "to": "2025-07-16"}, "from"),
        ({"from": "2025-07-01", "to": "16/07/2025"}, "to"),
        ({"to": "2025-07-16"}, "from"),
        ({"from": "2025-07-17", "to": "2025-07-16"}, "to"),
        ({**JULY, "list": "both"}, "list"),
        ({**JULY, "limit": 0}, "limit"),
        ({**JULY, "limit": 1001}, "limit"),
    ],
)
def test_bad_input_names_the_field(lists, api, params, field):  # noqa: F811
    response = api.get("/reports/overdue", **params)
    assert response.status_code == 422, response.content
    assert response.json()["code"] == "invalid_input"
    assert response.json()["field"] == field


def test_the_endpoint_is_in_the_openapi_description(db, client):
    spec = client.get("/api/v1/openapi.json").json()
    parameters = spec["paths"]["/api/v1/reports/overdue"]["get"]["parameters"]
    assert {p["name"] for p in parameters} == {"from", "to", "list", "agency", "after", "limit"}
