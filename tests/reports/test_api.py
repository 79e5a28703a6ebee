"""``GET /api/v1/reports/delays``: supervisors and administrators only, within their agencies."""

import pytest
from django.contrib.auth import get_user_model

from motcua.agencies.models import Role, RoleAssignment
from motcua.agencies.services import assign_role
from motcua.core.people import full_name
from motcua.dossiers.services import Actor
from motcua.reports.access import report_scope
from tests.api.conftest import as_officer  # noqa: F401

PERIOD = {"from": "2025-07-01", "to": "2025-07-16"}


@pytest.fixture
def province_supervisor(delays) -> Actor:
    user = get_user_model().objects.create_user("giamsat.tinh", first_name="Tỉnh")
    assign_role(user=user, agency=delays.world.province, role=Role.SUPERVISOR)
    return Actor.officer(user)


def codes(body) -> list[str]:
    return [line["agency"]["code"] for line in body["rows"]]


def test_a_province_supervisor_sees_every_agency(delays, province_supervisor, as_officer):  # noqa: F811
    response = as_officer(province_supervisor).get("/reports/delays", **PERIOD)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["period"] == {"from": "2025-07-01", "to": "2025-07-16"}
    assert body["by"] == "agency"
    assert codes(body) == ["H99.01", "H99.01.01", "H99.20"]
    assert body["rows"][0] == {
        "agency": {"code": "H99.01", "name": "Sở Tư pháp"},
        "late_rows": 2,
        "late_dossiers": 1,
        "overrun_seconds": 75600,
        "overrun_hours": "21.00",
        "open_overdue_rows": 1,
    }
    assert body["total"] == {
        "late_rows": 4,
        "late_dossiers": 2,
        "overrun_seconds": 142200,
        "overrun_hours": "39.50",
        "open_overdue_rows": 1,
    }


def test_by_officer(delays, province_supervisor, as_officer):  # noqa: F811
    response = as_officer(province_supervisor).get("/reports/delays", by="officer", **PERIOD)
    assert response.status_code == 200, response.content
    rows = response.json()["rows"]
    assert [(r["officer"]["username"], r["agency"]["code"]) for r in rows] == [
        ("chuyenvien", "H99.01.01"),
        ("truongphong", "H99.01"),
        ("lanhdao", "H99.01"),
        ("motcua", "H99.20"),
    ]
    assert rows[0]["officer"] == {
        "username": "chuyenvien",
        "name": full_name(delays.world.specialist.user),
    }
    assert rows[0]["overrun_hours"] == "13.50"


def test_the_agency_parameter_narrows_to_an_agency_and_those_below(
    delays,
    province_supervisor,
    as_officer,  # noqa: F811
):
    response = as_officer(province_supervisor).get("/reports/delays", agency="H99.01", **PERIOD)
    assert response.status_code == 200, response.content
    body = response.json()
    assert codes(body) == ["H99.01", "H99.01.01"]
    assert body["total"]["late_dossiers"] == 2
    assert body["total"]["overrun_hours"] == "34.50"


def test_a_supervisor_sees_only_the_agencies_under_their_role(delays, as_officer):  # noqa: F811
    # The world's supervisor supervises the service centre (H99.20) only.
    client = as_officer(delays.world.supervisor)
    body = client.get("/reports/delays", **PERIOD).json()
    assert codes(body) == ["H99.20"]
    assert body["total"]["late_dossiers"] == 1
    for code in ("H99.01", "H88", "NO.SUCH"):
        response = client.get("/reports/delays", agency=code, **PERIOD)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
        assert response.json()["field"] == "agency"


def test_an_administrator_may_see_reports(delays, as_officer):  # noqa: F811
    user = get_user_model().objects.create_user("quantri")
    assign_role(user=user, agency=delays.world.department, role=Role.ADMINISTRATOR)
    response = as_officer(Actor.officer(user)).get("/reports/delays", **PERIOD)
    assert response.status_code == 200
    assert codes(response.json()) == ["H99.01", "H99.01.01"]


def test_other_roles_may_not(delays, as_officer, province_supervisor):  # noqa: F811
    w = delays.world
    for actor in (w.specialist, w.head, w.counter, w.outsider):
        response = as_officer(actor).get("/reports/delays", **PERIOD)
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"
    # A handling role does not widen a supervisor's scope…
    assign_role(user=w.supervisor.user, agency=w.department, role=Role.SPECIALIST)
    assert report_scope(w.supervisor.user) == {w.centre.pk}
    # …and an inactive supervisor role gives no access.
    RoleAssignment.objects.filter(user=province_supervisor.user).update(is_active=False)
    response = as_officer(province_supervisor).get("/reports/delays", **PERIOD)
    assert response.status_code == 403


def test_anonymous_callers_are_refused(client, db):
    response = client.get("/api/v1/reports/delays", PERIOD)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2025-13-01", "to": "2025-07-16"}, "from"),
        ({"from": "2025-07-01", "to": "16/07/2025"}, "to"),
        ({"to": "2025-07-16"}, "from"),
        ({"from": "2025-07-01"}, "to"),
        ({"from": "2025-07-17", "to": "2025-07-16"}, "to"),
        ({**PERIOD, "by": "procedure"}, "by"),
    ],
)
def test_bad_input_names_the_field(delays, province_supervisor, as_officer, params, field):  # noqa: F811
    response = as_officer(province_supervisor).get("/reports/delays", **params)
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "invalid_input"
    assert body["field"] == field
    assert body["message"]


def test_the_endpoint_is_in_the_openapi_description(db, client):
    spec = client.get("/api/v1/openapi.json").json()
    parameters = spec["paths"]["/api/v1/reports/delays"]["get"]["parameters"]
    assert {p["name"] for p in parameters} == {"from", "to", "by", "agency"}
