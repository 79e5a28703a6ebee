"""A counter dossier from reception to rating, with due instants computed by hand."""

from motcua.dossiers import services as s
from motcua.dossiers.models import DossierEvent

from .conftest import vn


def test_counter_dossier_lifecycle(world):
    # Mon 28/04/2025 09:00; 40 working hours: Mon 6.5 h, Tue 29/4 8 h (14.5); 30/4, 1/5,
    # the 2/5 day off and the weekend do not count; Mon 5/5 22.5, Tue 30.5, Wed 38.5,
    # Thu 08/05 1.5 h → 09:00.
    d = s.receive_at_counter(
        application=world.application(), actor=world.counter, at=vn(2025, 4, 28, 9, 0)
    )
    assert d.code == "H99.20-250428-0001"
    assert d.state == "received" and d.national_status == 2
    assert d.due_at == vn(2025, 5, 8, 9, 0)
    assert d.regime == "2018" and d.form_set == "2018"
    first = d.current_step
    assert (first.stage, first.agency.code, first.due_at) == (1, "H99.20", vn(2025, 4, 28, 14, 30))

    d = s.forward(dossier_id=d.pk, actor=world.counter, at=vn(2025, 4, 28, 10, 0))
    assert d.state == "processing" and d.national_status == 4
    d = s.assign(
        dossier_id=d.pk, actor=world.head, to_user=world.specialist.user, at=vn(2025, 4, 29, 8, 0)
    )
    d = s.forward(dossier_id=d.pk, actor=world.specialist, at=vn(2025, 5, 6, 16, 0))
    d = s.forward(dossier_id=d.pk, actor=world.leader, at=vn(2025, 5, 7, 8, 0))
    d = s.finish(
        dossier_id=d.pk,
        actor=world.clerk,
        result_number="123/LLTP",
        result_signer="Hoàng Đức Thắng",
        at=vn(2025, 5, 7, 9, 0),
    )
    assert d.state == "finished" and d.national_status == 9
    d = s.return_result(
        dossier_id=d.pk,
        actor=world.counter,
        method="counter",
        received_by="Nguyễn Văn An",
        at=vn(2025, 5, 7, 10, 0),
    )
    assert d.state == "returned" and d.national_status == 10
    d = s.rate(
        dossier_id=d.pk, actor=world.counter, rating="very_satisfied", at=vn(2025, 5, 7, 10, 5)
    )
    rows = [(st.stage, st.action, st.due_at, st.timeliness) for st in d.steps.order_by("sequence")]
    assert rows == [
        # 4 h from Mon 09:00 → 14:30; done Mon 10:00, the same day: on time (day granularity).
        (1, "forward", vn(2025, 4, 28, 14, 30), "on_time"),
        # 4 h from Mon 10:00 → 15:30; done Tue 08:00: late.
        (2, "assign", vn(2025, 4, 28, 15, 30), "late"),
        # 24 h from Tue 29/4 08:00: Tue 7.5 h, (holidays), Mon 5/5 15.5, Tue 6/5 23.5,
        # Wed 7/5 08:00; done Tue 6/5: early.
        (3, "forward", vn(2025, 5, 7, 8, 0), "early"),
        # 4 h from Tue 6/5 16:00: 1 h, then Wed 3 h → 10:30; done Wed 08:00: on time.
        (4, "forward", vn(2025, 5, 7, 10, 30), "on_time"),
        (5, "finish", vn(2025, 5, 7, 10, 0), "on_time"),
        (6, "return_result", vn(2025, 5, 7, 11, 0), "on_time"),
    ]
    assert DossierEvent.objects.filter(dossier=d).count() == 8
