"""The supplement clock policy (pause or restart), the pauses that always pause (financial
obligation, stop), apologies, and the lateness they leave in the reports — instants by hand.

Received Mon 07/07/2025 09:00 at the counter (2025 regime), 40 working hours: Mon 6.5 h,
Tue 14.5, Wed 22.5, Thu 30.5, Fri 38.5, Mon 14/07 1.5 h → due Mon 14/07/2025 09:00.
"""

import pytest

from motcua.dossiers import services as s
from motcua.dossiers.models import Extension, PauseInterval
from motcua.dossiers.timeliness import classify_finished

from .conftest import vn

T0 = vn(2025, 7, 7, 9, 0)
DUE = vn(2025, 7, 14, 9, 0)


def rows(d):
    return [(st.stage, st.due_at, st.action, st.timeliness) for st in d.steps.order_by("sequence")]


def configure(world, settings, setting, version_mode):
    settings.MOTCUA_SUPPLEMENT_MODE = setting
    version = world.case.version
    version.supplement_mode = version_mode
    version.save()


def until_supplement_received(world):
    d = s.receive_at_counter(application=world.application(), actor=world.counter, at=T0)
    assert d.due_at == DUE
    d = s.forward(dossier_id=d.pk, actor=world.counter, at=vn(2025, 7, 7, 10, 0))
    d = s.assign(
        dossier_id=d.pk, actor=world.head, to_user=world.specialist.user, at=vn(2025, 7, 8, 8, 0)
    )
    d = s.request_supplement(
        dossier_id=d.pk,
        actor=world.specialist,
        reason="Thiếu bản sao CCCD",
        items=["Bản sao CCCD"],
        at=vn(2025, 7, 9, 10, 0),
    )
    assert (d.state, d.due_at) == ("supplement", DUE)  # nothing moves while waiting
    return s.receive_supplement(dossier_id=d.pk, actor=world.counter, at=vn(2025, 7, 14, 10, 0))


def then_to_the_end(world, d, *, restart):
    if restart:  # processing starts again at the counter's stage 1
        d = s.forward(dossier_id=d.pk, actor=world.counter, at=vn(2025, 7, 14, 11, 0))
        d = s.assign(
            dossier_id=d.pk,
            actor=world.head,
            to_user=world.specialist.user,
            at=vn(2025, 7, 14, 14, 0),
        )
    d = s.forward(dossier_id=d.pk, actor=world.specialist, at=vn(2025, 7, 15, 9, 0))
    d = s.forward(dossier_id=d.pk, actor=world.leader, at=vn(2025, 7, 16, 9, 0))
    d = s.finish(dossier_id=d.pk, actor=world.clerk, result_number="3/LLTP", at=vn(2025, 7, 18, 9))
    return s.return_result(
        dossier_id=d.pk, actor=world.counter, method="post", at=vn(2025, 7, 18, 10)
    )


# The same history: stage 3 opens Tue 08/07 08:00 (24 h → Wed 7.5, Thu 15.5, Fri 11/07 08:00);
# the supplement is asked Wed 09/07 10:00 and arrives Mon 14/07 10:00. Working time waited:
# Wed 1.5 + 4, Thu 8, Fri 8, Mon 07:30–10:00 2.5 = 24 h.


@pytest.mark.parametrize(
    ("setting", "version_mode"), [("2025=pause", ""), ("2018=pause,2025=restart", "pause")]
)
def test_supplement_in_pause_mode(world, settings, setting, version_mode):
    configure(world, settings, setting, version_mode)
    d = until_supplement_received(world)
    # Old due + 24 h: Mon 14/07 09:00 → Mon 6.5, Tue 14.5, Wed 22.5, Thu 17/07 09:00.
    assert (d.supplement_mode, d.state, d.due_at) == ("pause", "processing", vn(2025, 7, 17, 9))
    assert d.appointment_at == d.due_at
    # Stage 3 is still open; its due Fri 11/07 08:00 + 24 h: Fri 7.5, Mon 15.5, Tue 23.5,
    # Wed 16/07 08:00.
    assert (d.current_step.stage, d.current_step.due_at) == (3, vn(2025, 7, 16, 8, 0))
    pause = PauseInterval.objects.get(dossier=d)
    assert (pause.kind, pause.mode, pause.step.stage) == ("supplement", "pause", 3)
    assert (pause.due_before, pause.due_after) == (DUE, vn(2025, 7, 17, 9, 0))
    d = then_to_the_end(world, d, restart=False)
    assert rows(d) == [
        (1, vn(2025, 7, 7, 14, 30), "forward", "on_time"),  # 4 h from Mon 09:00
        (2, vn(2025, 7, 7, 15, 30), "assign", "late"),  # 4 h from Mon 10:00; Tue 08:00
        (3, vn(2025, 7, 16, 8, 0), "forward", "early"),  # shifted; done Tue 15/07
        (4, vn(2025, 7, 15, 14, 30), "forward", "late"),  # 4 h from Tue 09:00; Wed
        (5, vn(2025, 7, 16, 11, 0), "finish", "late"),  # 2 h from Wed 09:00; Fri 18/07
        (6, vn(2025, 7, 18, 11, 0), "return_result", "on_time"),  # 2 h from Fri 09:00
    ]
    # Finished Fri 18/07, the day after the due day Thu 17/07.
    assert classify_finished(finished_at=d.finished_at, due_at=d.due_at) == "late"


@pytest.mark.parametrize(
    ("setting", "version_mode"),
    [("", ""), ("2025=restart", ""), ("2018=restart,2025=pause", "restart")],
)
def test_supplement_in_restart_mode(world, settings, setting, version_mode):
    configure(world, settings, setting, version_mode)
    d = until_supplement_received(world)
    # Recomputed from Mon 14/07 10:00: Mon 5.5, Tue 13.5, Wed 21.5, Thu 29.5, Fri 37.5,
    # Mon 21/07 07:30 + 2.5 h → 10:00.
    assert (d.supplement_mode, d.state, d.due_at) == ("restart", "processing", vn(2025, 7, 21, 10))
    assert d.appointment_at == d.due_at
    first = d.current_step
    assert (first.stage, first.agency, first.holder) == (1, world.centre, world.counter.user)
    pause = PauseInterval.objects.get(dossier=d)
    assert (pause.mode, pause.step.stage, pause.step.action) == ("restart", 3, "request_supplement")
    assert (pause.due_before, pause.due_after) == (DUE, vn(2025, 7, 21, 10, 0))
    d = then_to_the_end(world, d, restart=True)
    assert rows(d) == [
        (1, vn(2025, 7, 7, 14, 30), "forward", "on_time"),
        (2, vn(2025, 7, 7, 15, 30), "assign", "late"),
        # Closed when the supplement was asked (Wed 09/07), due Fri 11/07 08:00.
        (3, vn(2025, 7, 11, 8, 0), "request_supplement", "early"),
        (1, vn(2025, 7, 14, 15, 30), "forward", "on_time"),  # 4 h from Mon 14/07 10:00
        (2, vn(2025, 7, 14, 16, 30), "assign", "on_time"),  # 0.5 h + 13:00 + 3.5 h
        # 24 h from Mon 14/07 14:00: Mon 3, Tue 11, Wed 19, Thu 4 h to 11:30, 13:00 + 1 h.
        (3, vn(2025, 7, 17, 14, 0), "forward", "early"),
        (4, vn(2025, 7, 15, 14, 30), "forward", "late"),
        (5, vn(2025, 7, 16, 11, 0), "finish", "late"),
        (6, vn(2025, 7, 18, 11, 0), "return_result", "on_time"),
    ]
    # The same finishing instant is early against the recomputed due day Mon 21/07.
    assert classify_finished(finished_at=d.finished_at, due_at=d.due_at) == "early"


def test_the_regime_of_the_reception_day_decides_the_mode(world, settings, django_user_model):
    settings.MOTCUA_SUPPLEMENT_MODE = "2018=pause,2025=restart"
    receive = lambda at: s.receive_at_counter(  # noqa: E731
        application=world.application(), actor=world.counter, at=at
    )
    old, new = receive(vn(2025, 6, 30, 16, 0)), receive(vn(2025, 7, 1, 8, 0))
    assert (old.regime, old.form_set, old.supplement_mode) == ("2018", "2018", "pause")
    assert (new.regime, new.form_set, new.supplement_mode) == ("2025", "2025", "restart")
    # Submitted online under the 2018 rules, received under the 2025 ones: the reception counts.
    citizen = s.Actor.citizen(django_user_model.objects.create_user("an", password="x"))
    d = s.submit(application=world.application("online"), actor=citizen, at=vn(2025, 6, 30, 20))
    assert (d.regime, d.supplement_mode) == ("2018", "pause")
    d = s.receive(dossier_id=d.pk, actor=world.counter, at=vn(2025, 7, 1, 9, 0))
    assert (d.regime, d.form_set, d.supplement_mode) == ("2025", "2025", "restart")


def stage_3(world):
    """Received Mon 07/07 09:00; stage 3 opens Mon 09:20: 24 h → Mon 6 h 10, Tue 14 h 10,
    Wed 22 h 10, Thu 10/07 07:30 + 1 h 50 → 09:20."""
    d = s.receive_at_counter(application=world.application(), actor=world.counter, at=T0)
    d = s.forward(dossier_id=d.pk, actor=world.counter, at=vn(2025, 7, 7, 9, 10))
    d = s.assign(
        dossier_id=d.pk, actor=world.head, to_user=world.specialist.user, at=vn(2025, 7, 7, 9, 20)
    )
    assert d.current_step.due_at == vn(2025, 7, 10, 9, 20)
    return d


def test_a_pause_over_a_weekend_only_leaves_the_due_instant(world, settings):
    settings.MOTCUA_SUPPLEMENT_MODE = "2025=pause"
    d = stage_3(world)
    d = s.request_supplement(
        dossier_id=d.pk, actor=world.specialist, reason="x", items=["a"], at=vn(2025, 7, 11, 17)
    )
    d = s.receive_supplement(dossier_id=d.pk, actor=world.counter, at=vn(2025, 7, 14, 7, 30))
    assert (d.due_at, d.appointment_at, d.current_step.due_at) == (DUE, DUE, vn(2025, 7, 10, 9, 20))
    pause = PauseInterval.objects.get(dossier=d)
    assert pause.due_before == pause.due_after == DUE


def test_financial_obligation_and_stop_always_pause(world, settings):
    settings.MOTCUA_SUPPLEMENT_MODE = "2018=restart,2025=restart"
    d = stage_3(world)
    step = d.current_step
    d = s.request_payment(
        dossier_id=d.pk, actor=world.specialist, reason="Lệ phí", at=vn(2025, 7, 8, 15, 0)
    )
    assert d.current_step == step and d.steps.count() == 3  # the step stays open
    # Waited Tue 15:00–17:00 2 h, Wed 8 h, Thu 07:30–10:00 2.5 h = 12.5 h.
    d = s.confirm_payment(dossier_id=d.pk, actor=world.counter, at=vn(2025, 7, 10, 10, 0))
    # Mon 14/07 09:00 + 12.5 h: Mon 6.5, Tue 15/07 4 h to 11:30, 13:00 + 2 h → 15:00.
    assert d.due_at == d.appointment_at == vn(2025, 7, 15, 15, 0)
    # Stage 3: Thu 10/07 09:20 + 12.5 h: Thu 6 h 10, Fri 4 h to 11:30, 13:00 + 2 h 20 → 15:20.
    assert d.current_step == step and d.current_step.due_at == vn(2025, 7, 11, 15, 20)
    d = s.stop(dossier_id=d.pk, actor=world.head, reason="Chờ ý kiến", at=vn(2025, 7, 14, 16))
    assert (d.state, d.national_status) == ("stopped", 8)
    # Waited Mon 16:00–17:00 and Tue 07:30–08:30: 2 h.
    d = s.resume(dossier_id=d.pk, actor=world.head, at=vn(2025, 7, 15, 8, 30))
    # Tue 15:00 + 2 h → 17:00 exactly, the end of the day's working time.
    assert d.due_at == vn(2025, 7, 15, 17, 0)
    # The (already overdue) step: Fri 11/07 15:20 + 2 h: 1 h 40, Mon 14/07 07:30 + 20 min.
    assert d.current_step == step and d.current_step.due_at == vn(2025, 7, 14, 7, 50)
    pauses = [
        (p.kind, p.mode, p.due_before, p.due_after) for p in d.pauses.order_by("requested_at")
    ]
    assert pauses == [
        ("payment", "pause", DUE, vn(2025, 7, 15, 15, 0)),
        ("stop", "pause", vn(2025, 7, 15, 15, 0), vn(2025, 7, 15, 17, 0)),
    ]


def test_an_apology_moves_the_appointment_not_the_due_instant(world):
    d = stage_3(world)
    step = d.current_step
    d = s.apologise(
        dossier_id=d.pk,
        actor=world.specialist,
        reason="Cần xác minh tại địa phương",
        new_appointment=vn(2025, 7, 18, 17, 0),
        at=vn(2025, 7, 9, 10, 0),
    )
    assert (d.due_at, d.appointment_at) == (DUE, vn(2025, 7, 18, 17, 0))
    ext = Extension.objects.get(dossier=d)
    assert (ext.cause_agency, ext.cause_step, ext.issued_by) == (
        world.division,
        step,
        world.specialist.user,
    )
    assert ext.previous_appointment == DUE
    # Paid within 2 working hours: both instants move by 2 h (Fri 17:00 → Mon 21/07 09:30).
    d = s.request_payment(
        dossier_id=d.pk, actor=world.specialist, reason="x", at=vn(2025, 7, 10, 8)
    )
    d = s.confirm_payment(dossier_id=d.pk, actor=world.counter, at=vn(2025, 7, 10, 10, 0))
    assert (d.due_at, d.appointment_at) == (vn(2025, 7, 14, 11, 0), vn(2025, 7, 21, 9, 30))
    # A second apology names the department as the cause.
    d = s.apologise(
        dossier_id=d.pk,
        actor=world.specialist,
        reason="Chờ ký",
        new_appointment=vn(2025, 7, 22, 17, 0),
        cause_agency=world.department,
        at=vn(2025, 7, 11, 9, 0),
    )
    assert [(e.cause_agency.code, e.new_appointment) for e in d.extensions.all()] == [
        ("H99.01.01", vn(2025, 7, 18, 17, 0)),
        ("H99.01", vn(2025, 7, 22, 17, 0)),
    ]
    assert list(d.notices.filter(form="apology").values_list("number", flat=True)) == [
        "1/PXL",
        "2/PXL",
    ]
    # Finished Tue 15/07, before the new appointment but after the statutory due day: late.
    d = s.forward(dossier_id=d.pk, actor=world.specialist, at=vn(2025, 7, 15, 8, 0))
    d = s.finish(dossier_id=d.pk, actor=world.leader, result_number="4", at=vn(2025, 7, 15, 9))
    assert classify_finished(finished_at=d.finished_at, due_at=d.due_at) == "late"


def test_an_apology_may_move_the_due_instant_when_configured(world, settings):
    settings.MOTCUA_APOLOGY_MOVES_DUE = True
    d = stage_3(world)
    new = vn(2025, 7, 18, 17, 0)
    d = s.apologise(
        dossier_id=d.pk, actor=world.specialist, reason="x", new_appointment=new, at=vn(2025, 7, 9)
    )
    assert d.due_at == d.appointment_at == new
    assert d.current_step.due_at == vn(2025, 7, 10, 9, 20)  # the step's own due is kept
    assert Extension.objects.get(dossier=d).previous_appointment == DUE
