"""Every error is JSON ``{code, message, field}`` with a 4xx status, and a refused request
changes nothing."""

import pytest

from motcua.api.models import ApiToken
from motcua.dossiers import services
from motcua.dossiers.models import Dossier

from .conftest import ApiClient, counter_body


def error(response, status: int, code: str, field=None) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "message", "field"}
    assert body["code"] == code and body["field"] == field and body["message"]
    return body


@pytest.fixture
def dossier(world):
    return services.receive_at_counter(application=world.application(), actor=world.counter)


def snapshot(pk: int):
    d = Dossier.objects.get(pk=pk)
    return d.state, d.current_step_id, d.events.count(), d.steps.count(), d.notices.count()


def test_wrong_role_is_403_and_changes_nothing(world, as_officer, dossier):
    before = snapshot(dossier.pk)
    # The department head sees the dossier (competent agency) but it is at the counter's step.
    head = as_officer(world.head)
    assert head.get(f"/dossiers/{dossier.pk}").status_code == 200
    body = error(head.post(f"/dossiers/{dossier.pk}/forward"), 403, "forbidden")
    assert "Trung tâm PVHCC tỉnh" in body["message"]
    error(head.post(f"/dossiers/{dossier.pk}/finish", {"result_number": "1"}), 403, "forbidden")
    supervisor = as_officer(world.supervisor)
    error(supervisor.post(f"/dossiers/{dossier.pk}/forward"), 403, "forbidden")
    assert snapshot(dossier.pk) == before


def test_second_supplement_request_is_409(world, as_officer, dossier):
    counter = as_officer(world.counter)
    ask = {"reason": "Thiếu giấy tờ", "items": ["Bản sao CCCD"]}
    assert counter.post(f"/dossiers/{dossier.pk}/request-supplement", ask).status_code == 200
    assert counter.post(f"/dossiers/{dossier.pk}/receive-supplement").status_code == 200
    before = snapshot(dossier.pk)
    error(counter.post(f"/dossiers/{dossier.pk}/request-supplement", ask), 409, "supplement_once")
    assert snapshot(dossier.pk) == before


def test_wrong_state_is_409(world, as_officer, dossier):
    counter = as_officer(world.counter)
    body = {"method": "counter", "received_by": "An"}
    error(counter.post(f"/dossiers/{dossier.pk}/return-result", body), 409, "invalid_state")


@pytest.mark.parametrize(
    ("action", "body", "field"),
    [
        ("assign", {"to_user": "ông Minh"}, "to_user"),
        ("assign", {}, "to_user"),
        ("assign", {"to_user": 1, "notes": "typo"}, "notes"),
        ("refuse", {"reason": ""}, "reason"),
        ("request-supplement", {"reason": "x", "items": []}, "items"),
        ("apologise", {"reason": "x", "new_appointment": "2099-01-01T09:00:00"}, "new_appointment"),
        ("apologise", {"reason": "x", "new_appointment": "mai"}, "new_appointment"),
        ("finish", {"result_kind": "maybe"}, "result_kind"),
        ("finish", {"result_date": "31/12/2025"}, "result_date"),
        ("return-result", {"method": "pigeon"}, "method"),
        ("rate", {"rating": 5}, "rating"),
    ],
)
def test_invalid_body_is_422_naming_the_field(world, as_officer, dossier, action, body, field):
    before = snapshot(dossier.pk)
    error(
        as_officer(world.counter).post(f"/dossiers/{dossier.pk}/{action}", body),
        422,
        "invalid_input",
        field,
    )
    assert snapshot(dossier.pk) == before


def test_validation_messages_are_vietnamese(world, as_officer, dossier):
    response = as_officer(world.counter).post(f"/dossiers/{dossier.pk}/assign", {})
    assert "bắt buộc" in error(response, 422, "invalid_input", "to_user")["message"]


def test_invalid_reception_requests(world, as_officer):
    counter = as_officer(world.counter)
    del_parties = counter_body(world)
    del del_parties["parties"]
    error(counter.post("/dossiers", del_parties), 422, "invalid_input", "parties")
    nameless = counter_body(world, parties=[{"kind": "owner", "name": ""}])
    error(counter.post("/dossiers", nameless), 422, "invalid_input", "parties.0.name")
    error(
        counter.post("/dossiers", counter_body(world, channel="online")),
        422,
        "invalid_input",
        "channel",
    )
    unknown = counter_body(world, receiving_unit="H00.99")
    error(counter.post("/dossiers", unknown), 422, "invalid_input", "receiving_unit")
    nocase = counter_body(world, case_id=None)
    error(counter.post("/dossiers", nocase), 422, "invalid_input", "case")
    by_code = counter_body(world, case_id=None, procedure="2.000488.H99", case="99")
    error(counter.post("/dossiers", by_code), 422, "invalid_input", "case")
    stray = counter_body(world, components=[{"name": "x", "required_id": 999999}])
    error(counter.post("/dossiers", stray), 422, "invalid_input", "components.0.required_id")
    # A service-level refusal keeps the service's status and field.
    proxy_only = counter_body(world, parties=[{"kind": "proxy", "name": "Bà Bình"}])
    error(counter.post("/dossiers", proxy_only), 400, "invalid_input", "parties")
    assert not Dossier.objects.exists()


def test_case_can_be_named_by_procedure_and_case_code(world, as_officer):
    body = counter_body(world, case_id=None, procedure="2.000488.H99", case="01")
    response = as_officer(world.counter).post("/dossiers", body)
    assert response.status_code == 201 and response.json()["case"]["id"] == world.case.pk


def test_receiving_elsewhere_is_403_and_creates_nothing(world, as_officer):
    body = counter_body(world, receiving_unit=world.other_centre.code)
    error(as_officer(world.counter).post("/dossiers", body), 403, "forbidden")
    assert not Dossier.objects.exists()


def test_service_input_error_keeps_its_field(world, as_officer, dossier):
    counter = as_officer(world.counter)
    # The specialist does not hold the department head's role that stage 2 needs.
    response = counter.post(
        f"/dossiers/{dossier.pk}/forward", {"to_user": world.specialist.user.pk}
    )
    error(response, 400, "invalid_input", "to_user")
    error(
        counter.post(f"/dossiers/{dossier.pk}/forward", {"to_user": 999999}),
        400,
        "invalid_input",
        "to_user",
    )


@pytest.mark.parametrize("raw", ["{bad json", "{'reason': 'x'}", "\xff"])
def test_malformed_json_is_a_json_4xx(world, as_officer, dossier, raw):
    before = snapshot(dossier.pk)
    response = as_officer(world.counter).post(f"/dossiers/{dossier.pk}/refuse", raw=raw)
    error(response, 400, "malformed_body")
    assert snapshot(dossier.pk) == before


def test_undecodable_and_oversized_bodies_are_json_4xx(world, as_officer, dossier, settings):
    api = as_officer(world.counter)
    url = f"/api/v1/dossiers/{dossier.pk}/refuse"
    bad_bytes = api.client.post(url, b"\xff\xfe{", "application/json", headers=api.headers)
    error(bad_bytes, 400, "malformed_body")
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    big = {"reason": "x" * 200}
    error(api.post(f"/dossiers/{dossier.pk}/refuse", big), 413, "too_large")
    assert Dossier.objects.get(pk=dossier.pk).state == "received"


@pytest.mark.parametrize("raw", ["[1, 2]", '"reason"', "null", ""])
def test_json_that_is_not_an_object_is_422(world, as_officer, dossier, raw):
    response = as_officer(world.counter).post(f"/dossiers/{dossier.pk}/refuse", raw=raw)
    assert response.status_code == 422 and response.json()["code"] == "invalid_input"


def test_someone_elses_dossier_is_404_like_a_missing_one(world, as_officer, dossier):
    outsider = as_officer(world.outsider)
    hidden = error(outsider.get(f"/dossiers/{dossier.pk}"), 404, "not_found")
    missing = error(outsider.get("/dossiers/999999"), 404, "not_found")
    assert hidden == missing
    before = snapshot(dossier.pk)
    for action, body in [
        ("forward", {}),
        ("withdraw", {"reason": "x"}),
        ("refuse", {"reason": "x"}),
    ]:
        assert outsider.post(f"/dossiers/{dossier.pk}/{action}", body).json() == missing
    # An invalid body is refused the same way whether the dossier exists or not.
    bad = {"to_user": "x"}
    invalid = outsider.post(f"/dossiers/{dossier.pk}/assign", bad)
    assert invalid.json() == outsider.post("/dossiers/999999/assign", bad).json()
    assert snapshot(dossier.pk) == before


def test_unknown_paths_and_bad_cursor(world, as_officer):
    counter = as_officer(world.counter)
    error(counter.get("/nothing/here"), 404, "not_found")
    error(counter.post("/dossiers/1/fly"), 404, "not_found")
    wrong_method = counter.client.delete("/api/v1/dossiers", headers=counter.headers)
    error(wrong_method, 405, "method_not_allowed")
    assert "GET" in wrong_method["Allow"]
    error(counter.get("/dossiers/abc"), 422, "invalid_input", "dossier_id")
    error(counter.get("/dossiers", after="not-a-cursor"), 422, "invalid_input", "after")
    error(counter.get("/dossiers", state="lost"), 422, "invalid_input", "state")
    error(counter.get("/dossiers", limit=101), 422, "invalid_input", "limit")


def test_revoked_token_cannot_act(world, dossier):
    token, raw = ApiToken.issue(user=world.counter.user, name="x")
    token.revoke()
    error(ApiClient(raw).post(f"/dossiers/{dossier.pk}/forward"), 401, "unauthenticated")
