"""Refused actions: the error's code and HTTP status, and nothing changed — no state, event,
notice, control-slip row, pause, extension, dossier or dossier number written or consumed."""

import datetime

import pytest

from motcua.agencies.models import Agency, RoleAssignment
from motcua.agencies.services import assign_role
from motcua.catalog.models import CaseChannel
from motcua.dossiers import services as s
from motcua.dossiers.models import (
    DailyCounter,
    Dossier,
    DossierEvent,
    DossierStep,
    Extension,
    Notice,
    PauseInterval,
)
from motcua.dossiers.services import Actor, DossierError

from .conftest import vn

H = datetime.timedelta(hours=1)
T0 = vn(2025, 7, 7, 9, 0)  # Monday, 2025 regime


@pytest.fixture
def citizens(django_user_model):
    make = django_user_model.objects.create_user
    return Actor.citizen(make("an", password="x")), Actor.citizen(make("binh", password="x"))


FIELDS = (
    *("pk", "state", "national_status", "code", "due_at", "appointment_at", "current_step"),
    *("current_agency", "current_holder", "finished_at", "returned_at", "returned_to"),
    *("result_number", "rating", "updated_at"),
)


def snapshot():
    return {
        "dossiers": list(Dossier.objects.order_by("pk").values_list(*FIELDS)),
        "events": DossierEvent.objects.count(),
        "notices": Notice.objects.count(),
        "steps": list(DossierStep.objects.values_list("pk", "due_at", "finished_at", "action")),
        "pauses": list(PauseInterval.objects.values_list("pk", "resumed_at", "due_after")),
        "extensions": Extension.objects.count(),
        "counters": list(DailyCounter.objects.values_list("scope", "agency", "day", "last")),
    }


def refused(call, code, status, field=None):
    before = snapshot()
    with pytest.raises(DossierError) as info:
        call()
    assert (info.value.code, info.value.status, info.value.field) == (code, status, field)
    assert snapshot() == before


def received(world, at=T0):
    return s.receive_at_counter(application=world.application(), actor=world.counter, at=at)


def online(world, citizen, at=T0 - H):
    return s.submit(application=world.application("online"), actor=citizen, at=at)


def at_stage(world, stage, at=T0):
    d = received(world, at)
    moves = [
        lambda t: s.forward(dossier_id=d.pk, actor=world.counter, at=t),
        lambda t: s.assign(dossier_id=d.pk, actor=world.head, to_user=world.specialist.user, at=t),
        lambda t: s.forward(dossier_id=d.pk, actor=world.specialist, at=t),
        lambda t: s.forward(dossier_id=d.pk, actor=world.leader, at=t),
    ]
    for i, move in enumerate(moves[: stage - 1], start=1):
        d = move(at + i * datetime.timedelta(minutes=10))
    return d


def calls(w, at):
    """Every action on a dossier, with arguments that would otherwise be acceptable."""
    return {
        "receive": lambda pk: s.receive(dossier_id=pk, actor=w.counter, at=at),
        "request_completion": lambda pk: s.request_completion(
            dossier_id=pk, actor=w.counter, reason="Thiếu", items=["Tờ khai"], at=at
        ),
        "refuse": lambda pk: s.refuse(dossier_id=pk, actor=w.counter, reason="Không", at=at),
        "assign": lambda pk: s.assign(
            dossier_id=pk, actor=w.head, to_user=w.specialist.user, at=at
        ),
        "forward": lambda pk: s.forward(dossier_id=pk, actor=w.counter, at=at),
        "return_to_previous": lambda pk: s.return_to_previous(
            dossier_id=pk, actor=w.specialist, reason="Sửa", at=at
        ),
        "request_supplement": lambda pk: s.request_supplement(
            dossier_id=pk, actor=w.specialist, reason="Thiếu", items=["Ảnh"], at=at
        ),
        "receive_supplement": lambda pk: s.receive_supplement(
            dossier_id=pk, actor=w.counter, at=at
        ),
        "request_payment": lambda pk: s.request_payment(
            dossier_id=pk, actor=w.specialist, reason="Phí", at=at
        ),
        "confirm_payment": lambda pk: s.confirm_payment(dossier_id=pk, actor=w.counter, at=at),
        "stop": lambda pk: s.stop(dossier_id=pk, actor=w.head, reason="Dừng", at=at),
        "resume": lambda pk: s.resume(dossier_id=pk, actor=w.head, at=at),
        "withdraw": lambda pk: s.withdraw(dossier_id=pk, actor=w.counter, reason="Rút", at=at),
        "apologise": lambda pk: s.apologise(
            dossier_id=pk,
            actor=w.specialist,
            reason="Chậm",
            new_appointment=vn(2026, 1, 30, 17, 0),
            at=at,
        ),
        "finish": lambda pk: s.finish(dossier_id=pk, actor=w.clerk, result_number="1", at=at),
        "return_result": lambda pk: s.return_result(
            dossier_id=pk, actor=w.counter, method="post", at=at
        ),
        "rate": lambda pk: s.rate(dossier_id=pk, actor=w.counter, rating="satisfied", at=at),
    }


ACTIONS = sorted(calls(None, None))


def _withdrawn(world, citizens):
    d = online(world, citizens[0])
    return s.withdraw(dossier_id=d.pk, actor=citizens[0], reason="Rút", at=T0)


def _refused(world, citizens):
    d = online(world, citizens[0])
    return s.refuse(dossier_id=d.pk, actor=world.counter, reason="Sai thẩm quyền", at=T0)


def _returned(world, citizens):
    d = at_stage(world, 5)
    d = s.finish(dossier_id=d.pk, actor=world.clerk, result_number="5/LLTP", at=T0 + H)
    return s.return_result(dossier_id=d.pk, actor=world.counter, method="post", at=T0 + 2 * H)


CLOSED = [
    pytest.param(make, action, id=f"{make.__name__[1:]}-{action}")
    for make in (_withdrawn, _refused, _returned)
    for action in ACTIONS
    if (make, action) != (_returned, "rate")  # a returned dossier may still be rated once
]


@pytest.mark.parametrize(("make", "action"), CLOSED)
def test_nothing_can_happen_to_a_closed_dossier(world, citizens, make, action):
    d = make(world, citizens)
    refused(lambda: calls(world, T0 + 3 * H)[action](d.pk), "invalid_state", 409)


def test_wrong_role(world, citizens):
    d = online(world, citizens[0])
    DailyCounter.objects.create(scope="dossier", agency=world.centre, day=T0.date(), last=7)
    refused(lambda: s.receive(dossier_id=d.pk, actor=world.specialist, at=T0), "forbidden", 403)
    refused(lambda: s.receive(dossier_id=d.pk, actor=world.supervisor, at=T0), "forbidden", 403)
    d = at_stage(world, 5)
    finish = dict(dossier_id=d.pk, result_number="1/LLTP", at=T0 + H)
    refused(lambda: s.finish(actor=world.counter, **finish), "forbidden", 403)
    refused(lambda: s.finish(actor=world.specialist, **finish), "forbidden", 403)


def test_another_provinces_counter_officer(world, citizens):
    d = online(world, citizens[0])
    o = world.outsider
    refused(lambda: s.receive(dossier_id=d.pk, actor=o, at=T0), "forbidden", 403)
    refused(lambda: s.refuse(dossier_id=d.pk, actor=o, reason="x", at=T0), "forbidden", 403)
    refused(lambda: s.withdraw(dossier_id=d.pk, actor=o, reason="x", at=T0), "forbidden", 403)
    application = world.application()
    refused(lambda: s.receive_at_counter(application=application, actor=o, at=T0), "forbidden", 403)
    d = received(world)
    refused(lambda: s.forward(dossier_id=d.pk, actor=o, at=T0 + H), "forbidden", 403)
    d = at_stage(world, 3)
    refused(
        lambda: s.return_to_previous(dossier_id=d.pk, actor=o, reason="x", at=T0 + H),
        "forbidden",
        403,
    )
    d = s.request_payment(dossier_id=d.pk, actor=world.specialist, reason="Phí", at=T0 + H)
    refused(lambda: s.confirm_payment(dossier_id=d.pk, actor=o, at=T0 + 2 * H), "forbidden", 403)
    d = at_stage(world, 5)
    d = s.finish(dossier_id=d.pk, actor=world.clerk, result_number="1", at=T0 + H)
    ret = dict(dossier_id=d.pk, method="post", at=T0 + 2 * H)
    refused(lambda: s.return_result(actor=o, **ret), "forbidden", 403)


def test_a_role_held_only_at_a_sibling_agency(world, citizens, django_user_model):
    finance = Agency.objects.create(
        code="H99.02", name="Sở Tài chính", level="province", kind="department",
        parent=world.province,
    )  # fmt: skip
    head = django_user_model.objects.create_user("tp.taichinh", password="x")
    assign_role(user=head, agency=finance, role="department_head")
    desk = django_user_model.objects.create_user("motcua.so", password="x")
    assign_role(user=desk, agency=world.department, role="counter_officer")
    d = online(world, citizens[0])
    refused(lambda: s.receive(dossier_id=d.pk, actor=Actor.officer(desk), at=T0), "forbidden", 403)
    d = at_stage(world, 2)
    assign = dict(dossier_id=d.pk, to_user=world.specialist.user, at=T0 + H)
    refused(lambda: s.assign(actor=Actor.officer(head), **assign), "forbidden", 403)
    # The department head's role covers the division below it, not a sibling department.
    d = s.assign(actor=world.head, **assign)
    stop = dict(dossier_id=d.pk, reason="x", at=T0 + 2 * H)
    refused(lambda: s.stop(actor=Actor.officer(head), **stop), "forbidden", 403)
    assert s.stop(actor=world.head, **stop).state == "stopped"


def test_an_inactive_officer_or_role(world, citizens):
    d = online(world, citizens[0])
    user = world.counter.user
    user.is_active = False
    user.save()
    refused(lambda: s.receive(dossier_id=d.pk, actor=world.counter, at=T0), "forbidden", 403)
    user.is_active = True
    user.save()
    RoleAssignment.objects.filter(user=user).update(is_active=False)
    refused(lambda: s.receive(dossier_id=d.pk, actor=world.counter, at=T0), "forbidden", 403)


def test_only_one_supplement_request_after_reception_time_form_02(world, citizens):
    d = online(world, citizens[0])
    d = s.request_completion(dossier_id=d.pk, actor=world.counter, reason="x", items=["a"], at=T0)
    d = s.receive(dossier_id=d.pk, actor=world.counter, at=T0 + H)
    supplement = dict(dossier_id=d.pk, reason="Thiếu", items=["Ảnh"], at=T0 + 2 * H)
    refused(lambda: s.request_supplement(actor=world.counter, **supplement), "supplement_once", 409)


@pytest.mark.parametrize("mode", ["pause", "restart"])
def test_only_one_supplement_request_during_handling(world, settings, mode):
    settings.MOTCUA_SUPPLEMENT_MODE = f"2025={mode}"
    d = at_stage(world, 3)
    supplement = dict(reason="Thiếu", items=["Ảnh"])
    d = s.request_supplement(dossier_id=d.pk, actor=world.specialist, at=T0 + H, **supplement)
    d = s.receive_supplement(dossier_id=d.pk, actor=world.counter, at=T0 + 2 * H)
    # Restart mode starts over at the counter's stage 1: the counter officer may ask there.
    actor = world.specialist if mode == "pause" else world.counter
    assert d.current_agency == (world.division if mode == "pause" else world.centre)
    again = lambda: s.request_supplement(dossier_id=d.pk, actor=actor, at=T0 + 3 * H, **supplement)  # noqa: E731
    refused(again, "supplement_once", 409)


def test_apology_must_come_before_the_appointment_and_move_it_later(world):
    d = at_stage(world, 3)
    due = d.appointment_at
    assert due == vn(2025, 7, 14, 9, 0)  # 40 h from Mon 07/07 09:00

    def apologise(at, new):
        return lambda: s.apologise(
            dossier_id=d.pk, actor=world.specialist, reason="Chậm", new_appointment=new, at=at
        )

    refused(apologise(due, due + 24 * H), "apology_too_late", 409)
    refused(apologise(due + H, due + 24 * H), "apology_too_late", 409)
    for new in (due, due - H):
        refused(apologise(due - H, new), "invalid_input", 400, "new_appointment")
    refused(
        lambda: s.apologise(
            dossier_id=d.pk, actor=world.specialist, reason=" ", new_appointment=due + H, at=T0 + H
        ),
        "invalid_input",
        400,
        "reason",
    )


def test_result_cannot_be_returned_before_finishing(world):
    d = at_stage(world, 5)
    ret = dict(dossier_id=d.pk, actor=world.counter, method="counter", received_by="An")
    refused(lambda: s.return_result(at=T0 + H, **ret), "invalid_state", 409)


def test_forwarding_from_the_last_handling_stage_must_be_a_finish(world):
    d = at_stage(world, 5)
    refused(lambda: s.forward(dossier_id=d.pk, actor=world.clerk, at=T0 + H), "invalid_state", 409)
    assert s.finish(dossier_id=d.pk, actor=world.clerk, result_number="1", at=T0 + H).state == (
        "finished"
    )


def test_finish_and_return_need_their_particulars(world):
    d = at_stage(world, 5)
    finish = dict(dossier_id=d.pk, actor=world.clerk, at=T0 + H)
    refused(lambda: s.finish(result_number="  ", **finish), "invalid_input", 400, "result_number")
    refused(lambda: s.finish(result_kind="ineligible", **finish), "invalid_input", 400, "summary")
    refused(lambda: s.finish(result_kind="maybe", **finish), "invalid_input", 400, "result_kind")
    d = s.finish(result_number="1/LLTP", **finish)
    ret = dict(dossier_id=d.pk, actor=world.counter, at=T0 + 2 * H)
    refused(
        lambda: s.return_result(method="counter", received_by=" ", **ret),
        "invalid_input",
        400,
        "received_by",
    )
    refused(lambda: s.return_result(method="pigeon", **ret), "invalid_input", 400, "method")


def test_rating_once_and_only_known_ratings(world):
    d = at_stage(world, 5)
    d = s.finish(dossier_id=d.pk, actor=world.clerk, result_number="1", at=T0 + H)
    rate = dict(dossier_id=d.pk, actor=world.counter, at=T0 + 2 * H)
    refused(lambda: s.rate(rating="excellent", **rate), "invalid_input", 400, "rating")
    s.rate(rating="satisfied", **rate)
    refused(lambda: s.rate(rating="not_satisfied", **rate), "already_rated", 409)


def test_an_applicant_cannot_touch_another_applicants_dossier(world, citizens):
    owner, stranger = citizens
    d = online(world, owner)
    withdraw = dict(dossier_id=d.pk, reason="Rút", at=T0)
    refused(lambda: s.withdraw(actor=stranger, **withdraw), "not_found", 404)
    refused(lambda: s.withdraw(actor=Actor.citizen(None), **withdraw), "not_found", 404)
    # Not even whether the dossier can be rated yet may leak.
    rate = dict(dossier_id=d.pk, rating="satisfied", at=T0)
    refused(lambda: s.rate(actor=stranger, **rate), "not_found", 404)
    refused(lambda: s.rate(dossier_id=10**9, actor=owner, rating="satisfied"), "not_found", 404)
    # A counter dossier has no applicant account: a signed-in stranger cannot act on it either.
    c = received(world)
    withdraw = dict(dossier_id=c.pk, reason="Rút", at=T0 + H)
    refused(lambda: s.withdraw(actor=stranger, **withdraw), "not_found", 404)


def test_an_applicant_cannot_do_an_officers_work(world, citizens):
    owner = citizens[0]
    d = online(world, owner)
    refused(lambda: s.receive(dossier_id=d.pk, actor=owner, at=T0), "forbidden", 403)
    refused(lambda: s.refuse(dossier_id=d.pk, actor=owner, reason="x", at=T0), "forbidden", 403)
    d = s.receive(dossier_id=d.pk, actor=world.counter, at=T0)
    refused(lambda: s.forward(dossier_id=d.pk, actor=owner, at=T0 + H), "forbidden", 403)
    refused(lambda: s.forward(dossier_id=d.pk, actor=Actor.citizen(), at=T0 + H), "not_found", 404)


def test_instants_must_be_aware_and_not_before_the_last_event(world):
    d = received(world)
    early = T0 - datetime.timedelta(seconds=1)
    refused(
        lambda: s.forward(dossier_id=d.pk, actor=world.counter, at=early),
        "invalid_input",
        400,
        "at",
    )
    naive = datetime.datetime(2025, 7, 7, 10, 0)
    refused(
        lambda: s.forward(dossier_id=d.pk, actor=world.counter, at=naive),
        "invalid_input",
        400,
        "at",
    )
    application = world.application()
    refused(
        lambda: s.receive_at_counter(application=application, actor=world.counter, at=naive),
        "invalid_input",
        400,
        "at",
    )


def test_reception_needs_a_version_in_force_an_offered_channel_and_a_living_unit(world):
    received(world)  # the day's counter now exists: a refused reception must not move it

    def again(application):
        return lambda: s.receive_at_counter(application=application, actor=world.counter, at=T0 + H)

    version = world.case.version
    version.valid_to = datetime.date(2025, 6, 30)
    version.save()
    refused(again(world.application()), "invalid_input", 400, "case")
    version.valid_to, version.valid_from = None, datetime.date(2025, 7, 8)
    version.save()
    refused(again(world.application()), "invalid_input", 400, "case")
    version.valid_from = datetime.date(2018, 1, 1)
    version.save()
    CaseChannel.objects.filter(case=world.case, channel="postal").delete()
    refused(again(world.application("postal")), "invalid_input", 400, "channel")
    refused(again(world.application("fax")), "invalid_input", 400, "channel")
    world.centre.valid_to = datetime.date(2025, 7, 6)
    world.centre.save()
    refused(again(world.application()), "invalid_input", 400, "receiving_unit")
    assert DailyCounter.objects.get().last == 1
