"""A full lifecycle per channel, across holidays, with every due instant computed by hand.

Working time is 07:30–11:30 and 13:00–17:00 (8 h a day). Case 01 has 5 working days (40 h);
online it has 4 (32 h), so the steps' budgets are scaled by 4/5. Timeliness is at day
granularity: early before the due day, on time on the due day, late after it.
"""

import datetime
from decimal import Decimal

import pytest

from motcua.dossiers import forms
from motcua.dossiers import services as s
from motcua.dossiers.timeliness import classify_finished

from .conftest import vn


def rows(d):
    return [
        (st.stage, st.budget_seconds, st.due_at, st.action, st.timeliness)
        for st in d.steps.order_by("sequence")
    ]


def handle(world, d, forward_at, assign_at, draft_at, sign_at, finish_at):
    d = s.forward(dossier_id=d.pk, actor=world.counter, at=forward_at)
    d = s.assign(dossier_id=d.pk, actor=world.head, to_user=world.specialist.user, at=assign_at)
    d = s.forward(dossier_id=d.pk, actor=world.specialist, at=draft_at)
    d = s.forward(dossier_id=d.pk, actor=world.leader, at=sign_at)
    return s.finish(dossier_id=d.pk, actor=world.clerk, result_number="15/LLTP", at=finish_at)


def test_counter_dossier_across_national_day_2025(world):
    # Thu 28/08/2025 14:00, 40 h: Thu 3 h, Fri 29/08 11; Mon 01/09 and Tue 02/09 are the
    # National Day holidays; Wed 03/09 19, Thu 27, Fri 05/09 35, Mon 08/09 4 h to 11:30 (39)
    # and 1 h from 13:00 → 14:00.
    d = s.receive_at_counter(
        application=world.application(), actor=world.counter, at=vn(2025, 8, 28, 14, 0)
    )
    assert (d.code, d.regime, d.form_set) == ("H99.20-250828-0001", "2025", "2025")
    assert d.due_at == d.appointment_at == vn(2025, 9, 8, 14, 0)
    assert d.budget_scale == 1 and (d.time_limit, d.time_unit) == (5, "working_days")
    d = handle(
        world,
        d,
        forward_at=vn(2025, 8, 28, 16, 0),
        assign_at=vn(2025, 9, 3, 8, 0),
        draft_at=vn(2025, 9, 5, 16, 0),
        sign_at=vn(2025, 9, 8, 9, 0),
        finish_at=vn(2025, 9, 8, 13, 30),
    )
    d = s.return_result(
        dossier_id=d.pk,
        actor=world.counter,
        method="counter",
        received_by="Nguyễn Văn An",
        at=vn(2025, 9, 9, 8, 0),
    )
    assert rows(d) == [
        # 4 h from Thu 14:00: 3 h, then Fri 07:30 + 1 h; handed on Thu, the day before: early.
        (1, 14400, vn(2025, 8, 29, 8, 30), "forward", "early"),
        # 4 h from Thu 16:00: 1 h, Fri 07:30 + 3 h → 10:30; assigned Wed 03/09: late.
        (2, 14400, vn(2025, 8, 29, 10, 30), "assign", "late"),
        # 24 h from Wed 03/09 08:00: Wed 7.5, Thu 15.5, Fri 23.5, Mon 08/09 0.5 → 08:00.
        (3, 86400, vn(2025, 9, 8, 8, 0), "forward", "early"),
        # 4 h from Fri 05/09 16:00: 1 h, Mon 07:30 + 3 h → 10:30; signed Mon 09:00.
        (4, 14400, vn(2025, 9, 8, 10, 30), "forward", "on_time"),
        # 2 h from Mon 09:00 → 11:00; issued Mon 13:30, after the instant but the same day.
        (5, 7200, vn(2025, 9, 8, 11, 0), "finish", "on_time"),
        # 2 h from Mon 13:30 → 15:30; handed over Tue 09/09: late.
        (6, 7200, vn(2025, 9, 8, 15, 30), "return_result", "late"),
    ]
    assert classify_finished(finished_at=d.finished_at, due_at=d.due_at) == "on_time"
    slip = forms.control_slip(d)
    assert slip["form_number"] == "06"
    assert [r["timeliness"] for r in slip["rows"]] == [r[4] for r in rows(d)]
    assert slip["rows"][2]["due_at"] == "2025-09-08T08:00:00+07:00"


def test_postal_dossier_across_the_30_april_holidays_with_a_worked_saturday(world):
    # Fri 25/04/2025 16:00, 40 h: Fri 1 h; Sat 26/04 is a make-up working day (9); Mon 28/04
    # 17, Tue 29/04 25; Wed 30/04, Thu 01/05 holidays, Fri 02/05 the swapped day off; Mon 05/05
    # 33; Tue 06/05 4 h to 11:30 (37) and 3 h from 13:00 → 16:00.
    d = s.receive_at_counter(
        application=world.application("postal"), actor=world.counter, at=vn(2025, 4, 25, 16, 0)
    )
    assert (d.channel, d.code, d.regime, d.form_set) == (
        "postal",
        "H99.20-250425-0001",
        "2018",
        "2018",
    )
    assert d.due_at == vn(2025, 5, 6, 16, 0)
    d = handle(
        world,
        d,
        forward_at=vn(2025, 4, 26, 10, 0),
        assign_at=vn(2025, 4, 28, 7, 45),
        draft_at=vn(2025, 5, 5, 15, 0),
        sign_at=vn(2025, 5, 6, 9, 0),
        finish_at=vn(2025, 5, 7, 8, 0),
    )
    d = s.return_result(dossier_id=d.pk, actor=world.counter, method="post", at=vn(2025, 5, 7, 9))
    assert (d.state, d.return_method, d.returned_at) == ("returned", "post", vn(2025, 5, 7, 9))
    assert rows(d) == [
        # 4 h from Fri 16:00: 1 h, Sat 26/04 07:30 + 3 h → 10:30; forwarded Sat 10:00.
        (1, 14400, vn(2025, 4, 26, 10, 30), "forward", "on_time"),
        # 4 h from Sat 10:00: 1.5 h to 11:30, 13:00 + 2.5 h → 15:30 Sat; assigned Mon: late.
        (2, 14400, vn(2025, 4, 26, 15, 30), "assign", "late"),
        # 24 h from Mon 28/04 07:45: Mon 7.75, Tue 15.75, (30/04–02/05), Mon 05/05 23.75,
        # Tue 06/05 0.25 h → 07:45; forwarded Mon 05/05: early.
        (3, 86400, vn(2025, 5, 6, 7, 45), "forward", "early"),
        # 4 h from Mon 05/05 15:00: 2 h, Tue 07:30 + 2 h → 09:30; signed Tue 09:00.
        (4, 14400, vn(2025, 5, 6, 9, 30), "forward", "on_time"),
        # 2 h from Tue 09:00 → 11:00; issued Wed 07/05: late.
        (5, 7200, vn(2025, 5, 6, 11, 0), "finish", "late"),
        # 2 h from Wed 08:00 → 10:00; posted Wed 09:00.
        (6, 7200, vn(2025, 5, 7, 10, 0), "return_result", "on_time"),
    ]
    assert classify_finished(finished_at=d.finished_at, due_at=d.due_at) == "late"
    assert forms.control_slip(d)["form_number"] == "05"


def test_online_dossier_across_tet_2026_with_budgets_scaled_by_four_fifths(
    world, django_user_model
):
    citizen = s.Actor.citizen(django_user_model.objects.create_user("an", password="x"))
    d = s.submit(application=world.application("online"), actor=citizen, at=vn(2026, 2, 12, 10))
    assert (d.state, d.national_status, d.due_at) == ("submitted", 1, None)
    # Received Fri 13/02/2026 09:00, 4 working days = 32 h: Fri 6.5 h; Mon 16–Fri 20/02 are
    # the Tết holidays; Mon 23/02 14.5, Tue 22.5, Wed 25/02 30.5, Thu 26/02 1.5 h → 09:00.
    d = s.receive(dossier_id=d.pk, actor=world.counter, at=vn(2026, 2, 13, 9, 0))
    assert (d.code, d.time_limit, d.budget_scale) == ("H99.20-260213-0001", 4, Decimal("0.8"))
    assert d.due_at == d.appointment_at == vn(2026, 2, 26, 9, 0)
    assert d.notices.get().data["appointment_at"] == "2026-02-26T09:00:00+07:00"
    d = handle(
        world,
        d,
        forward_at=vn(2026, 2, 13, 11, 0),
        assign_at=vn(2026, 2, 23, 8, 0),
        draft_at=vn(2026, 2, 24, 16, 0),
        sign_at=vn(2026, 2, 25, 16, 0),
        finish_at=vn(2026, 2, 26, 8, 30),
    )
    d = s.return_result(
        dossier_id=d.pk, actor=world.counter, method="online", at=vn(2026, 2, 26, 9, 30)
    )
    assert rows(d) == [
        # 4 h × 0.8 = 3 h 12 min from Fri 13/02 09:00: 2.5 h to 11:30, 42 min from 13:00.
        (1, 11520, vn(2026, 2, 13, 13, 42), "forward", "on_time"),
        # 3 h 12 from Fri 11:00: 30 min, 13:00 + 2 h 42 → 15:42; assigned after Tết: late.
        (2, 11520, vn(2026, 2, 13, 15, 42), "assign", "late"),
        # 24 h × 0.8 = 19 h 12 from Mon 23/02 08:00: Mon 7.5, Tue 15.5, Wed 07:30 + 3 h 42.
        (3, 69120, vn(2026, 2, 25, 11, 12), "forward", "early"),
        # 3 h 12 from Tue 24/02 16:00: 1 h, Wed 07:30 + 2 h 12 → 09:42; signed Wed 16:00.
        (4, 11520, vn(2026, 2, 25, 9, 42), "forward", "on_time"),
        # 2 h × 0.8 = 1 h 36 from Wed 16:00: 1 h, Thu 07:30 + 36 min → 08:06.
        (5, 5760, vn(2026, 2, 26, 8, 6), "finish", "on_time"),
        # 1 h 36 from Thu 08:30 → 10:06; returned online Thu 09:30.
        (6, 5760, vn(2026, 2, 26, 10, 6), "return_result", "on_time"),
    ]
    assert sum(r[1] for r in rows(d)) == 32 * 3600
    assert classify_finished(finished_at=d.finished_at, due_at=d.due_at) == "on_time"
    s.rate(dossier_id=d.pk, actor=citizen, rating="satisfied", at=vn(2026, 2, 26, 10, 0))


@pytest.mark.parametrize(
    ("received_at", "cutoff", "due_at"),
    [
        # After the 15:00 cut-off on Fri 29/08/2025: counted from Wed 03/09 07:30 (Mon 01 and
        # Tue 02/09 are holidays); 5 whole days Wed, Thu, Fri, Mon, Tue → Tue 09/09 17:00.
        (vn(2025, 8, 29, 16, 10), datetime.time(15, 0), vn(2025, 9, 9, 17, 0)),
        # Without a cut-off the last 50 minutes of Friday count: Tue 09/09 16:10.
        (vn(2025, 8, 29, 16, 10), None, vn(2025, 9, 9, 16, 10)),
        # 15:00:00 itself is not after the cut-off: Fri 2 h … Tue 09/09 15:00.
        (vn(2025, 8, 29, 15, 0), datetime.time(15, 0), vn(2025, 9, 9, 15, 0)),
    ],
)
def test_the_15_oclock_cutoff(world, received_at, cutoff, due_at):
    world.case.cutoff = cutoff
    world.case.save()
    d = s.receive_at_counter(application=world.application(), actor=world.counter, at=received_at)
    assert (d.cutoff, d.received_at, d.due_at, d.appointment_at) == (
        cutoff,
        received_at,
        due_at,
        due_at,
    )
    assert d.events.get().payload["cutoff"] == (cutoff.isoformat() if cutoff else None)
    # The counter's own row starts when the dossier is actually received (no cut-off):
    # 4 h from Fri 16:10 = 50 min, then Wed 03/09 07:30 + 3 h 10 → 10:40.
    if received_at.hour == 16:
        assert d.current_step.due_at == vn(2025, 9, 3, 10, 40)
