"""Every transition of ``states.TRANSITIONS`` performed through the services: the new state, the
national status, the event row and the notice issued, in both form sets (2018 before 01/07/2025,
2025 from then)."""

import datetime

import pytest

from motcua.dossiers import forms
from motcua.dossiers import services as s
from motcua.dossiers.models import DailyCounter, Dossier, Extension, PauseInterval
from motcua.dossiers.states import TRANSITIONS

from .conftest import vn

H = datetime.timedelta(hours=1)
# Monday 28/04/2025 is in the 2018 regime; Monday 07/07/2025 in the 2025 one.
START = {"2018": vn(2025, 4, 28, 9, 0), "2025": vn(2025, 7, 7, 9, 0)}
BOTH = pytest.mark.parametrize("form_set", ["2018", "2025"])
COVERED: set[str] = set()


def covers(*actions):
    COVERED.update(actions)
    return lambda f: f


@pytest.fixture
def citizen(django_user_model):
    return s.Actor.citizen(django_user_model.objects.create_user("congdan", password="x"))


def last_event(d):
    e = d.events.order_by("-sequence").first()
    return (e.action, e.from_state, e.to_state, e.actor_id)


def notices(d):
    return [(n.form, n.form_set, n.form_number, n.number) for n in d.notices.order_by("id")]


def counter_dossier(world, at, channel="counter"):
    return s.receive_at_counter(application=world.application(channel), actor=world.counter, at=at)


def to_stage(world, d, stage, at):
    """Move a received dossier from stage 1 to ``stage``, one hand-over every 10 minutes."""
    moves = [
        lambda t: s.forward(dossier_id=d.pk, actor=world.counter, at=t),
        lambda t: s.assign(dossier_id=d.pk, actor=world.head, to_user=world.specialist.user, at=t),
        lambda t: s.forward(dossier_id=d.pk, actor=world.specialist, at=t),
        lambda t: s.forward(dossier_id=d.pk, actor=world.leader, at=t),
    ]
    for i, move in enumerate(moves[: stage - 1], start=1):
        d = move(at + i * datetime.timedelta(minutes=10))
    assert d.current_step.stage == stage
    return d


def test_every_transition_of_the_table_is_exercised():
    assert set(TRANSITIONS) == COVERED


@covers("submit", "receive")
@BOTH
def test_submit_online_then_receive(world, citizen, form_set):
    start = START[form_set]
    d = s.submit(application=world.application("online"), actor=citizen, at=start - H)
    assert (d.state, d.national_status, d.code) == ("submitted", 1, None)
    assert d.applicant_user_id == citizen.user.pk and d.submitted_at == start - H
    assert last_event(d) == ("submit", "", "submitted", citizen.user.pk)
    assert notices(d) == [] and not DailyCounter.objects.exists()

    d = s.receive(dossier_id=d.pk, actor=world.counter, at=start)
    code = f"H99.20-{start:%y%m%d}-0001"
    assert (d.state, d.national_status, d.code, d.form_set) == ("received", 2, code, form_set)
    assert last_event(d) == ("receive", "submitted", "received", world.counter.user.pk)
    assert notices(d) == [("receipt", form_set, "01", code)]
    # Online: 4 working days = 32 h. 2018: Mon 28/04 09:00 → Mon 6.5 h, Tue 29/04 14.5 (30/04,
    # 01/05, the 02/05 day off and the weekend skipped), Mon 05/05 22.5, Tue 30.5, Wed 07/05
    # 1.5 h → 09:00. 2025: Mon 07/07 6.5, Tue 14.5, Wed 22.5, Thu 30.5, Fri 11/07 09:00.
    due = {"2018": vn(2025, 5, 7, 9, 0), "2025": vn(2025, 7, 11, 9, 0)}[form_set]
    assert d.due_at == d.appointment_at == due
    assert d.notices.get().data["appointment_at"] == due.isoformat()


@covers("receive")
@pytest.mark.parametrize("channel", ["counter", "postal"])
@BOTH
def test_receive_at_counter_or_by_post(world, form_set, channel):
    d = counter_dossier(world, START[form_set], channel)
    code = f"H99.20-{START[form_set]:%y%m%d}-0001"
    assert (d.state, d.national_status, d.channel, d.code) == ("received", 2, channel, code)
    assert last_event(d) == ("receive", "", "received", world.counter.user.pk)
    assert notices(d) == [("receipt", form_set, "01", code)]
    assert forms.control_slip(d)["form_number"] == {"2018": "05", "2025": "06"}[form_set]


@covers("request_completion", "receive")
@BOTH
def test_request_completion_then_receive(world, citizen, form_set):
    start = START[form_set]
    d = s.submit(application=world.application("online"), actor=citizen, at=start - H)
    d = s.request_completion(
        dossier_id=d.pk, actor=world.counter, reason="Thiếu tờ khai", items=["Tờ khai"], at=start
    )
    assert (d.state, d.national_status, d.code) == ("reception_supplement", 5, None)
    assert last_event(d) == (
        "request_completion",
        "submitted",
        "reception_supplement",
        world.counter.user.pk,
    )
    assert notices(d) == [("supplement_request", form_set, "02", "")]
    assert d.notices.get().data["items"] == ["Tờ khai"]
    d = s.receive(dossier_id=d.pk, actor=world.counter, at=start + H)
    assert (d.state, d.national_status) == ("received", 2)
    assert last_event(d) == ("receive", "reception_supplement", "received", world.counter.user.pk)
    assert notices(d)[-1] == ("receipt", form_set, "01", f"H99.20-{start:%y%m%d}-0001")


@covers("resubmit")
def test_the_applicant_completes_online_then_the_counter_decides_again(world, citizen):
    start = START["2025"]
    d = s.submit(application=world.application("online"), actor=citizen, at=start - H)
    d = s.request_completion(
        dossier_id=d.pk, actor=world.counter, reason="Thiếu", items=["Tờ khai"], at=start
    )
    d = s.resubmit(dossier_id=d.pk, actor=citizen, note="Đã bổ sung tờ khai", at=start + H)
    assert (d.state, d.national_status, d.code) == ("submitted", 1, None)
    assert last_event(d) == ("resubmit", "reception_supplement", "submitted", citizen.user.pk)
    assert d.events.order_by("sequence").last().payload == {"note": "Đã bổ sung tờ khai"}
    # Only the owner, and only after Form 02; the counter receives it as any submitted dossier.
    with pytest.raises(s.DossierError):
        s.resubmit(dossier_id=d.pk, actor=citizen)
    with pytest.raises(s.DossierError):
        s.resubmit(dossier_id=d.pk, actor=world.counter)
    d = s.receive(dossier_id=d.pk, actor=world.counter, at=start + 2 * H)
    assert d.state == "received"


@covers("refuse")
@pytest.mark.parametrize("incomplete_first", [False, True])
@BOTH
def test_refuse(world, citizen, form_set, incomplete_first):
    start = START[form_set]
    d = s.submit(application=world.application("online"), actor=citizen, at=start - H)
    if incomplete_first:
        d = s.request_completion(
            dossier_id=d.pk, actor=world.counter, reason="Thiếu", items=["Tờ khai"], at=start
        )
    source = d.state
    d = s.refuse(dossier_id=d.pk, actor=world.counter, reason="Không thuộc thẩm quyền", at=start)
    assert (d.state, d.national_status, d.code, d.received_at) == ("refused", 3, None, None)
    assert last_event(d) == ("refuse", source, "refused", world.counter.user.pk)
    assert notices(d)[-1] == ("refusal", form_set, "03", "")
    assert d.notices.order_by("id").last().data["reason"] == "Không thuộc thẩm quyền"
    assert not DailyCounter.objects.exists()


@covers("forward", "assign", "return_to_previous")
def test_forward_assign_and_return_to_previous(world):
    start = START["2018"]
    d = counter_dossier(world, start)
    d = s.forward(dossier_id=d.pk, actor=world.counter, at=start + H)
    assert (d.state, d.national_status, d.current_agency) == ("processing", 4, world.department)
    assert last_event(d) == ("forward", "received", "processing", world.counter.user.pk)
    d = s.assign(dossier_id=d.pk, actor=world.head, to_user=world.specialist.user, at=start + 2 * H)
    assert (d.state, d.current_agency, d.current_holder) == (
        "processing",
        world.division,
        world.specialist.user,
    )
    assert last_event(d) == ("assign", "processing", "processing", world.head.user.pk)
    d = s.forward(dossier_id=d.pk, actor=world.specialist, at=start + 3 * H)
    # Back to stage 3; without a named receiver, to whoever last held that stage.
    d = s.return_to_previous(
        dossier_id=d.pk, actor=world.leader, reason="Sửa dự thảo", at=start + 4 * H
    )
    assert (d.state, d.national_status) == ("processing", 4)
    assert last_event(d) == ("return_to_previous", "processing", "processing", world.leader.user.pk)
    d = s.return_to_previous(
        dossier_id=d.pk,
        actor=world.specialist,
        reason="Cần phân công lại",
        to_user=world.head.user,
        at=start + 5 * H,
    )
    rows = [(r.stage, r.action, r.holder, r.note) for r in d.steps.order_by("sequence")]
    # A row nobody was named for is recorded as held by the officer who closed it.
    assert rows == [
        (1, "forward", world.counter.user, ""),
        (2, "assign", world.head.user, ""),
        (3, "forward", world.specialist.user, ""),
        (4, "return", world.leader.user, "Sửa dự thảo"),
        (3, "return", world.specialist.user, "Cần phân công lại"),
        (2, "", world.head.user, ""),
    ]
    assert d.current_step.stage == 2 and d.current_holder == world.head.user
    assert d.steps.order_by("sequence")[5].giver_agency == world.division


@covers("request_supplement", "receive_supplement")
@BOTH
def test_supplement_requested_then_received(world, form_set):
    d = to_stage(world, counter_dossier(world, START[form_set]), 3, START[form_set])
    at = START[form_set] + 2 * H
    d = s.request_supplement(
        dossier_id=d.pk, actor=world.specialist, reason="Thiếu CCCD", items=["Bản sao CCCD"], at=at
    )
    assert (d.state, d.national_status) == ("supplement", 5)
    assert last_event(d) == (
        "request_supplement",
        "processing",
        "supplement",
        world.specialist.user.pk,
    )
    assert notices(d)[-1] == ("supplement_request", form_set, "02", "")
    pause = PauseInterval.objects.get(dossier=d)
    assert (pause.kind, pause.requested_at, pause.resumed_at) == ("supplement", at, None)
    d = s.receive_supplement(dossier_id=d.pk, actor=world.counter, at=at + H)
    assert (d.state, d.national_status) == ("processing", 4)
    assert last_event(d) == (
        "receive_supplement",
        "supplement",
        "processing",
        world.counter.user.pk,
    )
    pause.refresh_from_db()
    assert (pause.resumed_at, pause.resumed_by) == (at + H, world.counter.user)
    assert len(notices(d)) == 2


@covers("receive_supplement")
def test_the_applicant_sends_the_supplement_online(world, citizen):
    start = START["2025"]
    d = s.submit(application=world.application("online"), actor=citizen, at=start - H)
    d = s.receive(dossier_id=d.pk, actor=world.counter, at=start)
    d = to_stage(world, d, 3, start)
    d = s.request_supplement(
        dossier_id=d.pk, actor=world.specialist, reason="Thiếu", items=["Ảnh"], at=start + H
    )
    d = s.receive_supplement(dossier_id=d.pk, actor=citizen, at=start + 2 * H)
    assert (d.state, d.national_status) == ("processing", 4)
    assert last_event(d) == ("receive_supplement", "supplement", "processing", citizen.user.pk)


@covers("request_payment", "confirm_payment")
def test_financial_obligation(world):
    start = START["2025"]
    d = to_stage(world, counter_dossier(world, start), 3, start)
    d = s.request_payment(dossier_id=d.pk, actor=world.specialist, reason="Lệ phí", at=start + H)
    assert (d.state, d.national_status) == ("payment", 6)
    assert last_event(d) == ("request_payment", "processing", "payment", world.specialist.user.pk)
    d = s.confirm_payment(dossier_id=d.pk, actor=world.counter, at=start + 2 * H)
    assert (d.state, d.national_status) == ("processing", 4)
    assert last_event(d) == ("confirm_payment", "payment", "processing", world.counter.user.pk)
    assert PauseInterval.objects.get(dossier=d).kind == "payment"
    assert len(notices(d)) == 1  # the receipt only


@covers("stop", "resume")
def test_stop_and_resume(world):
    start = START["2025"]
    d = to_stage(world, counter_dossier(world, start), 3, start)
    d = s.stop(dossier_id=d.pk, actor=world.head, reason="Chờ xác minh", at=start + H)
    assert (d.state, d.national_status) == ("stopped", 8)
    assert last_event(d) == ("stop", "processing", "stopped", world.head.user.pk)
    d = s.resume(dossier_id=d.pk, actor=world.head, at=start + 2 * H)
    assert (d.state, d.national_status) == ("processing", 4)
    assert last_event(d) == ("resume", "stopped", "processing", world.head.user.pk)
    assert PauseInterval.objects.get(dossier=d).kind == "stop"
    assert len(notices(d)) == 1  # stopping by the agency issues no notice to the applicant


@covers("withdraw")
@BOTH
def test_withdraw_before_reception(world, citizen, form_set):
    start = START[form_set]
    d = s.submit(application=world.application("online"), actor=citizen, at=start)
    d = s.withdraw(dossier_id=d.pk, actor=citizen, reason="Không còn nhu cầu", at=start + H)
    assert (d.state, d.national_status, d.code, d.finished_at) == ("withdrawn", 7, None, None)
    assert last_event(d) == ("withdraw", "submitted", "withdrawn", citizen.user.pk)
    # The stop notice is Form 05 of the 2025 set; the 2018 set has no such numbered form.
    assert notices(d) == [("stop_notice", form_set, {"2018": "", "2025": "05"}[form_set], "")]


@covers("withdraw")
@BOTH
def test_withdraw_after_reception_while_waiting_for_a_supplement(world, form_set):
    start = START[form_set]
    d = to_stage(world, counter_dossier(world, start), 3, start)
    d = s.request_supplement(
        dossier_id=d.pk, actor=world.specialist, reason="Thiếu", items=["Ảnh"], at=start + H
    )
    d = s.withdraw(dossier_id=d.pk, actor=world.counter, reason="Rút hồ sơ", at=start + 2 * H)
    assert (d.state, d.national_status, d.finished_at) == ("withdrawn", 7, start + 2 * H)
    assert last_event(d) == ("withdraw", "supplement", "withdrawn", world.counter.user.pk)
    assert notices(d)[-1] == ("stop_notice", form_set, {"2018": "", "2025": "05"}[form_set], "")
    assert PauseInterval.objects.get(dossier=d).resumed_at == start + 2 * H
    assert d.current_step is None and not d.steps.filter(finished_at=None).exists()


@covers("apologise")
@BOTH
def test_apologise(world, form_set):
    start = START[form_set]
    d = to_stage(world, counter_dossier(world, start), 3, start)
    due, step = d.due_at, d.current_step
    new = due + datetime.timedelta(days=3)
    d = s.apologise(
        dossier_id=d.pk,
        actor=world.specialist,
        reason="Cần xác minh",
        new_appointment=new,
        at=start + H,
    )
    assert (d.state, d.national_status, d.due_at, d.appointment_at) == ("processing", 4, due, new)
    assert last_event(d) == ("apologise", "processing", "processing", world.specialist.user.pk)
    assert notices(d)[-1] == ("apology", form_set, "04", "1/PXL")
    ext = Extension.objects.get(dossier=d)
    assert (ext.previous_appointment, ext.new_appointment) == (due, new)
    assert (ext.cause_agency, ext.cause_step) == (world.division, step)


@covers("finish")
@pytest.mark.parametrize("kind", ["result", "ineligible"])
def test_finish(world, kind):
    start = START["2025"]
    d = to_stage(world, counter_dossier(world, start), 5, start)
    at = start + H
    d = s.finish(
        dossier_id=d.pk,
        actor=world.clerk,
        result_kind=kind,
        result_number="12/LLTP" if kind == "result" else "",
        summary="" if kind == "result" else "Không đủ điều kiện",
        at=at,
    )
    assert (d.state, d.national_status, d.finished_at, d.result_kind) == ("finished", 9, at, kind)
    assert last_event(d) == ("finish", "processing", "finished", world.clerk.user.pk)
    # The process ends at the counter: its "return the result" row opens at the centre.
    assert (d.current_step.stage, d.current_agency, d.current_holder) == (6, world.centre, None)
    assert d.steps.get(stage=5).action == "finish"


@covers("finish")
def test_the_signing_leader_finishes_directly(world):
    start = START["2018"]
    d = to_stage(world, counter_dossier(world, start), 4, start)
    d = s.finish(dossier_id=d.pk, actor=world.leader, result_number="7/QĐ", at=start + H)
    assert (d.state, d.result_number, d.current_step.stage) == ("finished", "7/QĐ", 6)
    assert last_event(d) == ("finish", "processing", "finished", world.leader.user.pk)


@covers("return_result", "rate")
@pytest.mark.parametrize(
    ("method", "received_by"), [("counter", "Nguyễn Văn An"), ("post", ""), ("online", "")]
)
def test_return_result_and_rate(world, method, received_by):
    start = START["2025"]
    d = to_stage(world, counter_dossier(world, start), 5, start)
    d = s.finish(dossier_id=d.pk, actor=world.clerk, result_number="1/LLTP", at=start + H)
    d = s.return_result(
        dossier_id=d.pk,
        actor=world.counter,
        method=method,
        received_by=received_by,
        at=start + 2 * H,
    )
    assert (d.state, d.national_status, d.return_method) == ("returned", 10, method)
    assert (d.returned_to, d.returned_at, d.current_step) == (received_by, start + 2 * H, None)
    assert last_event(d) == ("return_result", "finished", "returned", world.counter.user.pk)
    assert d.steps.get(stage=6).action == "return_result"
    d = s.rate(dossier_id=d.pk, actor=world.counter, rating="satisfied", at=start + 3 * H)
    assert (d.state, d.rating, d.rated_at) == ("returned", "satisfied", start + 3 * H)
    assert last_event(d) == ("rate", "returned", "returned", world.counter.user.pk)


@covers("rate")
def test_the_applicant_rates_a_finished_online_dossier(world, citizen):
    start = START["2025"]
    d = s.submit(application=world.application("online"), actor=citizen, at=start - H)
    d = to_stage(world, s.receive(dossier_id=d.pk, actor=world.counter, at=start), 5, start)
    d = s.finish(dossier_id=d.pk, actor=world.clerk, result_number="2/LLTP", at=start + H)
    d = s.rate(
        dossier_id=d.pk,
        actor=citizen,
        rating="very_satisfied",
        comment="Nhanh",
        at=start + 2 * H,
    )
    d = Dossier.objects.get(pk=d.pk)
    assert (d.state, d.national_status, d.rating, d.rating_comment) == (
        "finished",
        9,
        "very_satisfied",
        "Nhanh",
    )
    assert last_event(d) == ("rate", "finished", "finished", citizen.user.pk)


@covers("transfer")
def test_transfer_after_a_merger_keeps_the_state(world):
    from motcua.agencies.models import Agency, Role
    from motcua.agencies.services import merge_agencies

    from .world import _officer

    d = counter_dossier(world, vn(2025, 5, 12, 8, 0))
    successor = Agency.objects.create(
        code="H99.16", name="Sở mới", level="province", kind="department", parent=world.province
    )
    merge_agencies(
        sources=[world.department], successor=successor, last_day=datetime.date(2025, 5, 12)
    )
    admin = _officer("quantri", "Quản Trị", world.province, Role.ADMINISTRATOR, "x")
    s.transfer_open_dossiers(source=world.department, actor=admin, at=vn(2025, 5, 13, 8, 0))
    d.refresh_from_db()
    assert (d.state, d.competent_agency) == ("received", successor)
    assert d.events.order_by("-sequence").first().action == "transfer"
