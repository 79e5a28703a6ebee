"""Dossiers handled entirely through the API, checked against the database."""

import datetime

import pytest

from motcua.dossiers import services
from motcua.dossiers.models import Dossier, DossierEvent, Notice, PauseInterval

from .conftest import counter_body


@pytest.fixture
def apis(world, as_officer):
    """One API client per officer of the world."""
    names = ("counter", "head", "specialist", "leader", "clerk", "outsider", "supervisor")
    return type("Apis", (), {name: as_officer(getattr(world, name)) for name in names})


def received(apis, world) -> dict:
    response = apis.counter.post("/dossiers", counter_body(world))
    assert response.status_code == 201, response.json()
    return response.json()


def ok(response) -> dict:
    assert response.status_code == 200, response.json()
    return response.json()


def test_full_lifecycle_through_the_api(world, apis):
    created = received(apis, world)
    pk = created["id"]
    assert created["state"] == "received" and created["national_status"] == 2
    assert created["code"].startswith("H99.20-")
    assert created["receiving_unit"]["code"] == "H99.20"
    assert created["competent_agency"]["code"] == "H99.01"
    assert created["due_at"].endswith("+07:00") and created["received_at"].endswith("+07:00")
    assert created["current_step"]["stage"] == 1
    assert [n["form"] for n in created["notices"]] == ["receipt"]

    ok(apis.counter.post(f"/dossiers/{pk}/forward", {"note": "Chuyển Sở Tư pháp"}))
    detail = ok(apis.head.post(f"/dossiers/{pk}/assign", {"to_user": world.specialist.user.pk}))
    assert detail["current_step"]["holder"]["id"] == world.specialist.user.pk
    assert detail["current_step"]["agency"]["code"] == "H99.01.01"
    ok(apis.specialist.post(f"/dossiers/{pk}/forward", {"to_user": world.leader.user.pk}))
    ok(apis.leader.post(f"/dossiers/{pk}/forward"))
    finished = ok(
        apis.clerk.post(
            f"/dossiers/{pk}/finish",
            {
                "result_kind": "result",
                "result_number": "123/LLTP",
                "result_signer": "Hoàng Đức Thắng",
                "result_date": datetime.date.today().isoformat(),
                "summary": "Phiếu LLTP số 1",
            },
        )
    )
    assert finished["state"] == "finished" and finished["national_status"] == 9
    assert finished["result"]["number"] == "123/LLTP"
    returned = ok(
        apis.counter.post(
            f"/dossiers/{pk}/return-result", {"method": "counter", "received_by": "Nguyễn Văn An"}
        )
    )
    assert returned["state"] == "returned" and returned["national_status"] == 10

    dossier = Dossier.objects.get(pk=pk)
    assert (dossier.state, dossier.national_status) == ("returned", 10)
    assert dossier.result_number == "123/LLTP" and dossier.returned_to == "Nguyễn Văn An"
    assert dossier.current_step is None and dossier.returned_at is not None
    steps = list(dossier.steps.order_by("sequence"))
    assert [(s.stage, s.agency.code, s.action) for s in steps] == [
        (1, "H99.20", "forward"),
        (2, "H99.01", "assign"),
        (3, "H99.01.01", "forward"),
        (4, "H99.01", "forward"),
        (5, "H99.01", "finish"),
        (6, "H99.20", "return_result"),
    ]
    assert all(s.finished_at and s.timeliness for s in steps)
    events = list(DossierEvent.objects.filter(dossier=dossier).order_by("sequence"))
    assert [(e.action, e.actor) for e in events] == [
        ("receive", world.counter.user),
        ("forward", world.counter.user),
        ("assign", world.head.user),
        ("forward", world.specialist.user),
        ("forward", world.leader.user),
        ("finish", world.clerk.user),
        ("return_result", world.counter.user),
    ]
    assert [s["budget_hours"] for s in returned["steps"]] == [4, 4, 24, 4, 2, 2]
    assert [e["to_state"] for e in returned["events"]][-1] == "returned"
    assert returned["events"][0]["actor_label"] == events[0].actor_label

    rated = ok(apis.counter.post(f"/dossiers/{pk}/rate", {"rating": "very_satisfied"}))
    assert rated["rating"] == "very_satisfied"


def test_online_dossier_reception_decisions(world, apis):
    submitted = [
        services.submit(application=world.application("online"), actor=services.Actor.citizen())
        for _ in range(3)
    ]
    first, second, third = (d.pk for d in submitted)
    detail = ok(apis.counter.post(f"/dossiers/{first}/receive"))
    assert detail["state"] == "received" and detail["code"]
    asked = ok(
        apis.counter.post(
            f"/dossiers/{second}/request-completion",
            {"reason": "Thiếu tờ khai", "items": ["Tờ khai có chữ ký"]},
        )
    )
    assert asked["state"] == "reception_supplement"
    assert [n["form"] for n in asked["notices"]] == ["supplement_request"]
    refused = ok(
        apis.counter.post(f"/dossiers/{second}/refuse", {"reason": "Không thuộc thẩm quyền"})
    )
    assert refused["state"] == "refused"
    stray = {"components": [{"name": "Tờ khai", "required_id": 999999}]}
    assert apis.counter.post(f"/dossiers/{third}/receive", stray).status_code == 422
    required = world.case.components.get()
    body = {"components": [{"name": "Tờ khai", "originals": 1, "required_id": required.pk}]}
    received_with = ok(apis.counter.post(f"/dossiers/{third}/receive", body))
    assert [(c["name"], c["required_id"]) for c in received_with["components"]] == [
        ("Tờ khai", required.pk)
    ]


def test_pauses_supplement_payment_stop(world, apis):
    pk = received(apis, world)["id"]
    ok(apis.counter.post(f"/dossiers/{pk}/forward"))  # now at the department (stage 2)
    paused = ok(apis.head.post(f"/dossiers/{pk}/request-payment", {"reason": "Nộp lệ phí"}))
    assert paused["state"] == "payment" and paused["national_status"] == 6
    assert ok(apis.counter.post(f"/dossiers/{pk}/confirm-payment"))["state"] == "processing"
    assert ok(apis.head.post(f"/dossiers/{pk}/stop", {"reason": "Chờ xác minh"}))["state"] == (
        "stopped"
    )
    assert ok(apis.head.post(f"/dossiers/{pk}/resume"))["state"] == "processing"
    asked = ok(
        apis.head.post(
            f"/dossiers/{pk}/request-supplement",
            {
                "reason": "Thiếu bản sao",
                "items": ["Bản sao CCCD"],
                "applicant_deadline": "2099-01-05T17:00:00+07:00",
            },
        )
    )
    assert asked["state"] == "supplement" and asked["national_status"] == 5
    resumed = ok(apis.counter.post(f"/dossiers/{pk}/receive-supplement"))
    assert resumed["state"] == "processing"
    kinds = list(
        PauseInterval.objects.filter(dossier_id=pk).order_by("id").values_list("kind", flat=True)
    )
    assert kinds == ["payment", "stop", "supplement"]
    assert not PauseInterval.objects.filter(dossier_id=pk, resumed_at=None).exists()
    assert [p["kind"] for p in resumed["pauses"]] == kinds
    assert resumed["pauses"][2]["applicant_deadline"] == "2099-01-05T17:00:00+07:00"


def test_return_to_previous_apology_and_withdrawal(world, apis):
    pk = received(apis, world)["id"]
    ok(apis.counter.post(f"/dossiers/{pk}/forward", {"to_user": world.head.user.pk}))
    ok(apis.head.post(f"/dossiers/{pk}/assign", {"to_user": world.specialist.user.pk}))
    back = ok(apis.specialist.post(f"/dossiers/{pk}/return-to-previous", {"reason": "Xin ý kiến"}))
    assert back["current_step"]["stage"] == 2
    assert back["current_step"]["holder"]["id"] == world.head.user.pk

    dossier = Dossier.objects.get(pk=pk)
    later = (dossier.appointment_at + datetime.timedelta(days=3)).isoformat()
    apology = ok(
        apis.head.post(
            f"/dossiers/{pk}/apologise",
            {"reason": "Cần xác minh thêm", "new_appointment": later, "cause_agency": "H99.01.01"},
        )
    )
    assert apology["extensions"][0]["cause_agency"]["code"] == "H99.01.01"
    new_appointment = datetime.datetime.fromisoformat(apology["appointment_at"])
    assert new_appointment == datetime.datetime.fromisoformat(later)
    assert Notice.objects.filter(dossier_id=pk, form="apology").count() == 1

    gone = ok(apis.counter.post(f"/dossiers/{pk}/withdraw", {"reason": "Người nộp rút hồ sơ"}))
    assert gone["state"] == "withdrawn" and gone["current_step"] is None
