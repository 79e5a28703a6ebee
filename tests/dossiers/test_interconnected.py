"""An interconnected (liên thông) case across three agencies, against hand-computed values.

Working periods 07:30–11:30 and 13:00–17:00 (8 h a day); the week of Monday 12/05/2025 has no
holiday. Internal process, 5 working days = 40 h:

    stage 1  Tiếp nhận               counter_officer  H99.20 one-stop centre     4 h
    stage 2  Ý kiến về an ninh        specialist       H99.30 police            16 h  ┐ parallel
    stage 2  Xác nhận nghĩa vụ thuế    specialist       H99.31 tax                8 h  ┘
    stage 3  Quyết định               signing_leader   H99.01 department        12 h
    stage 4  Trả kết quả              counter_officer  H99.20                    8 h

The stages add up to 4 + 16 + 12 + 8 = 40 h: the parallel stage lasts as long as its longest
step.
"""

import pytest

from motcua.agencies.models import Role
from motcua.agencies.services import assign_role
from motcua.dossiers import services as s
from motcua.dossiers.deadlines import calendar_of
from motcua.dossiers.models import Dossier, DossierStep
from motcua.dossiers.replay import differences
from motcua.dossiers.selectors import inbox, visible_dossiers
from motcua.dossiers.shares import agency_shares

from .conftest import vn
from .world import make_interconnected

HOUR = 3600


@pytest.fixture
def chain(world):
    return make_interconnected(world)


MONDAY = vn(2025, 5, 12, 8, 0)


def received(world, at=MONDAY) -> Dossier:
    return s.receive_at_counter(application=world.application(), actor=world.counter, at=at)


def rows(dossier) -> dict[str, DossierStep]:
    return {r.agency.code + "/" + str(r.stage): r for r in dossier.steps.select_related("agency")}


def test_parallel_pair_then_decider_budgets_hand_overs_and_timeliness(chain):
    w = chain
    d = received(w)
    # The overall due instant: 5 working days from Monday 08:00.
    assert d.due_at == vn(2025, 5, 19, 8, 0)
    assert rows(d)["H99.20/1"].due_at == vn(2025, 5, 12, 13, 30)  # 3.5 h + 0.5 h

    # The counter hands over at 09:00: both opinions open at once, each with its own budget.
    d = s.forward(dossier_id=d.pk, actor=w.counter, at=vn(2025, 5, 12, 9, 0))
    slip = rows(d)
    police, tax = slip["H99.30/2"], slip["H99.31/2"]
    assert (police.started_at, tax.started_at) == (vn(2025, 5, 12, 9, 0),) * 2
    assert police.budget_seconds == 16 * HOUR and tax.budget_seconds == 8 * HOUR
    # 6.5 h on Monday, 8 h on Tuesday, 1.5 h on Wednesday.
    assert police.due_at == vn(2025, 5, 14, 9, 0)
    # 6.5 h on Monday, 1.5 h on Tuesday.
    assert tax.due_at == vn(2025, 5, 13, 9, 0)
    assert d.state == "processing" and d.current_step_id == police.pk

    # Each agency sees its own share in its inbox; the decider sees nothing yet.
    assert list(inbox(w.police)) == [d] and list(inbox(w.tax)) == [d]
    assert not inbox(w.department).exists()

    # Tax answers early on Monday: the dossier waits for the police.
    d = s.forward(dossier_id=d.pk, actor=w.taxman, at=vn(2025, 5, 12, 16, 0))
    tax = DossierStep.objects.get(pk=tax.pk)
    assert tax.timeliness == "early" and tax.overrun_seconds == 0
    assert d.current_step_id == police.pk and d.current_agency == w.police
    assert d.events.order_by("-sequence").first().payload["waiting_for"] == [police.sequence]
    assert not inbox(w.tax).exists() and not inbox(w.department).exists()
    # The tax officer cannot move the police's row.
    with pytest.raises(s.DossierError) as refused:
        s.forward(dossier_id=d.pk, actor=w.taxman, at=vn(2025, 5, 12, 16, 30))
    assert refused.value.code == "forbidden"

    # The police answer on Thursday 10:00, a day late: 2.5 + 4 + 2.5 = 9 working hours over.
    d = s.forward(dossier_id=d.pk, actor=w.cop, at=vn(2025, 5, 15, 10, 0))
    police = DossierStep.objects.get(pk=police.pk)
    assert police.timeliness == "late" and police.overrun_seconds == 9 * HOUR
    decider = rows(d)["H99.01/3"]
    # 1.5 + 4 h on Thursday, 6.5 h on Friday.
    assert decider.started_at == vn(2025, 5, 15, 10, 0)
    assert decider.due_at == vn(2025, 5, 16, 15, 30)
    assert decider.giver_agency == w.police

    # The department decides on Friday at 14:00, on time; the result goes back to the counter.
    d = s.finish(dossier_id=d.pk, actor=w.leader, result_number="12/QĐ", at=vn(2025, 5, 16, 14, 0))
    assert rows(d)["H99.01/3"].timeliness == "on_time"
    assert rows(d)["H99.20/4"].due_at == vn(2025, 5, 19, 14, 0)  # 3 h Friday, 5 h Monday
    # Overall, the dossier is early — and the police's delay is still on record.
    assert d.finished_at.date() < d.due_at.date()
    shares = {
        sh.agency.code: sh for sh in agency_shares(calendar_of(d), d.steps.all(), at=d.finished_at)
    }
    assert shares["H99.31"].timeliness == "early"
    assert shares["H99.31"].used_seconds == 5.5 * HOUR  # Monday 09:00–11:30, 13:00–16:00
    assert shares["H99.30"].timeliness == "late"
    assert (
        shares["H99.30"].used_seconds == 25 * HOUR and shares["H99.30"].overrun_seconds == 9 * HOUR
    )
    assert shares["H99.01"].timeliness == "on_time"
    assert shares["H99.01"].used_seconds == 10.5 * HOUR  # Thursday 10:00 → Friday 14:00
    assert shares["H99.20"].timeliness == "pending"
    assert differences(d) == []


def test_late_dossier_attributes_the_delay_to_the_agencies_that_overran(chain):
    w = chain
    d = received(w)
    d = s.forward(dossier_id=d.pk, actor=w.counter, at=vn(2025, 5, 12, 9, 0))
    d = s.forward(dossier_id=d.pk, actor=w.taxman, at=vn(2025, 5, 12, 10, 0))
    d = s.forward(dossier_id=d.pk, actor=w.cop, at=vn(2025, 5, 15, 10, 0))
    # The decision, due Friday 15:30, comes on Tuesday 20/05 at 09:00: 1.5 h Friday, 8 h
    # Monday, 1.5 h Tuesday = 11 h over; the dossier (due Monday 19/05 08:00) is late.
    d = s.finish(dossier_id=d.pk, actor=w.leader, result_number="13/QĐ", at=vn(2025, 5, 20, 9, 0))
    assert d.finished_at.date() > d.due_at.date()
    late = d.events.order_by("-sequence").first().payload["late_steps"]
    assert late == [
        {"sequence": 2, "agency": "H99.30", "overrun_seconds": 9 * HOUR},
        {"sequence": 4, "agency": "H99.01", "overrun_seconds": 11 * HOUR},
    ]
    slip = rows(d)
    assert slip["H99.31/2"].timeliness == "early" and slip["H99.31/2"].overrun_seconds == 0
    assert differences(d) == []


def test_the_decider_cannot_finish_while_an_opinion_is_missing(chain):
    w = chain
    assign_role(user=w.leader.user, agency=w.tax, role=Role.SIGNING_LEADER)
    d = received(w)
    d = s.forward(dossier_id=d.pk, actor=w.counter, at=vn(2025, 5, 12, 9, 0))
    with pytest.raises(s.DossierError) as refused:
        s.finish(dossier_id=d.pk, actor=w.leader, result_number="1", at=vn(2025, 5, 12, 10, 0))
    assert refused.value.code == "invalid_state"
    assert (
        not DossierStep.objects.filter(dossier=d, finished_at__isnull=False)
        .exclude(stage=1)
        .exists()
    )


def test_a_pause_moves_every_open_row_and_a_return_reopens_the_whole_stage(chain):
    w = chain
    d = received(w)
    d = s.forward(dossier_id=d.pk, actor=w.counter, at=vn(2025, 5, 12, 9, 0))
    # The police ask for a financial obligation on Monday 10:00; it is paid Tuesday 10:00: the
    # clock stood still for 8 working hours, for both agencies.
    d = s.request_payment(
        dossier_id=d.pk, actor=w.cop, reason="Nộp lệ phí", at=vn(2025, 5, 12, 10, 0)
    )
    d = s.confirm_payment(dossier_id=d.pk, actor=w.counter, at=vn(2025, 5, 13, 10, 0))
    slip = rows(d)
    assert slip["H99.30/2"].due_at == vn(2025, 5, 15, 9, 0)  # one working day later
    assert slip["H99.31/2"].due_at == vn(2025, 5, 14, 9, 0)
    # Nobody sends the dossier back while another agency still works on the stage.
    with pytest.raises(s.DossierError) as refused:
        s.return_to_previous(dossier_id=d.pk, actor=w.cop, reason="x", at=vn(2025, 5, 13, 10, 30))
    assert refused.value.code == "invalid_state"
    d = s.forward(dossier_id=d.pk, actor=w.taxman, at=vn(2025, 5, 13, 11, 0))
    with pytest.raises(s.DossierError) as refused:
        s.assign(dossier_id=d.pk, actor=w.taxman, to_user=w.leader.user, at=vn(2025, 5, 13, 11, 5))
    assert refused.value.code == "forbidden"  # the tax row is closed: nothing left for them
    d = s.forward(dossier_id=d.pk, actor=w.cop, to_user=w.leader.user, at=vn(2025, 5, 14, 8, 0))
    assert rows(d)["H99.01/3"].holder == w.leader.user
    # Back to stage 2: both agencies' rows open again, each to its last holder.
    d = s.return_to_previous(
        dossier_id=d.pk, actor=w.leader, reason="Cần làm rõ ý kiến", at=vn(2025, 5, 14, 9, 0)
    )
    reopened = d.steps.filter(stage=2, finished_at=None)
    assert {(r.agency.code, r.holder_id) for r in reopened} == {
        ("H99.30", w.cop.user.pk),
        ("H99.31", w.taxman.user.pk),
    }
    assert differences(d) == []


def test_an_interconnected_dossier_is_counted_once(chain, django_user_model):
    w = chain
    d = received(w)
    s.forward(dossier_id=d.pk, actor=w.counter, at=vn(2025, 5, 12, 9, 0))
    # Someone covering the whole province sees both open rows — and one dossier.
    boss = django_user_model.objects.create_user("tinh", password="x")
    assign_role(user=boss, agency=w.province, role=Role.SUPERVISOR)
    assert visible_dossiers(boss).count() == 1
    assert inbox(w.province).count() == 1
    assert Dossier.objects.filter(steps__finished_at=None).count() == 2  # the naive join
    assert d.code and Dossier.objects.filter(code=d.code).count() == 1


def test_each_row_is_judged_on_its_own_budget(chain):
    """Step timeliness is judged per row: an agency that keeps its own budget is on time even
    when the dossier was already late when it arrived."""
    w = chain
    d = received(w)
    d = s.forward(dossier_id=d.pk, actor=w.counter, at=vn(2025, 5, 16, 9, 0))
    slip = rows(d)
    assert slip["H99.30/2"].due_at == vn(2025, 5, 20, 9, 0)
    assert d.due_at == vn(2025, 5, 19, 8, 0)
    d = s.forward(dossier_id=d.pk, actor=w.taxman, at=vn(2025, 5, 16, 10, 0))
    d = s.forward(dossier_id=d.pk, actor=w.cop, at=vn(2025, 5, 19, 10, 0))
    slip = rows(d)
    assert slip["H99.30/2"].timeliness == "early"
    assert slip["H99.20/1"].timeliness == "late"  # the counter sat on it for four days
    # Monday 13:30–17:00, three full days, Friday 07:30–09:00.
    assert slip["H99.20/1"].overrun_seconds == (3.5 + 24 + 1.5) * HOUR


def test_a_supplement_in_restart_mode_closes_every_open_row(chain):
    w = chain
    d = received(w)
    d = s.forward(dossier_id=d.pk, actor=w.counter, at=vn(2025, 5, 12, 9, 0))
    d = s.request_supplement(
        dossier_id=d.pk,
        actor=w.taxman,
        reason="Thiếu tờ khai thuế",
        items=["Tờ khai"],
        at=vn(2025, 5, 12, 10, 0),
    )
    assert d.supplement_mode == "restart"
    assert not d.steps.filter(finished_at=None).exists()
    assert set(d.steps.filter(stage=2).values_list("action", flat=True)) == {"request_supplement"}
    d = s.receive_supplement(dossier_id=d.pk, actor=w.counter, at=vn(2025, 5, 13, 10, 0))
    assert [r.stage for r in d.steps.filter(finished_at=None)] == [1]
    assert d.due_at == vn(2025, 5, 20, 10, 0)
    assert differences(d) == []
