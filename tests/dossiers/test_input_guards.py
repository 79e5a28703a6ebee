"""Caller mistakes get a DossierError, never a crash; payments can be confirmed where handled."""

import datetime

import pytest

from motcua.dossiers import services as s
from motcua.dossiers.models import Dossier, DossierEvent, Extension, PauseInterval
from motcua.dossiers.services import ComponentIn, DossierError

from .conftest import vn


def _in_handling(world):
    d = s.receive_at_counter(
        application=world.application(), actor=world.counter, at=vn(2025, 6, 2, 8, 0)
    )
    d = s.forward(dossier_id=d.pk, actor=world.counter, at=vn(2025, 6, 2, 9, 0))
    return s.assign(
        dossier_id=d.pk, actor=world.head, to_user=world.specialist.user, at=vn(2025, 6, 2, 10, 0)
    )


def test_naive_new_appointment_is_refused(world):
    d = _in_handling(world)
    events = DossierEvent.objects.filter(dossier=d).count()
    with pytest.raises(DossierError) as exc:
        s.apologise(
            dossier_id=d.pk,
            actor=world.specialist,
            reason="Chậm",
            new_appointment=datetime.datetime(2025, 6, 20, 9, 0),
            at=vn(2025, 6, 3, 9, 0),
        )
    assert (exc.value.code, exc.value.field) == ("invalid_input", "new_appointment")
    assert DossierEvent.objects.filter(dossier=d).count() == events
    assert not Extension.objects.exists()


def test_naive_applicant_deadline_is_refused(world):
    d = _in_handling(world)
    with pytest.raises(DossierError) as exc:
        s.request_supplement(
            dossier_id=d.pk,
            actor=world.specialist,
            reason="Thiếu",
            items=["Tờ khai"],
            applicant_deadline=datetime.datetime(2025, 6, 20, 9, 0),
            at=vn(2025, 6, 3, 9, 0),
        )
    assert (exc.value.code, exc.value.field) == ("invalid_input", "applicant_deadline")
    assert not PauseInterval.objects.exists()


def test_component_of_another_case_is_refused(world):
    application = world.application(
        components=[ComponentIn(name="Lạ", originals=1, required_id=999999)]
    )
    with pytest.raises(DossierError) as exc:
        s.receive_at_counter(application=application, actor=world.counter, at=vn(2025, 6, 2, 8, 0))
    assert (exc.value.code, exc.value.field) == ("invalid_input", "components")
    assert not Dossier.objects.exists()


def test_the_handler_who_asked_for_payment_can_confirm_it(world):
    d = _in_handling(world)
    d = s.request_payment(
        dossier_id=d.pk, actor=world.specialist, reason="Nộp lệ phí", at=vn(2025, 6, 3, 9, 0)
    )
    d = s.confirm_payment(dossier_id=d.pk, actor=world.specialist, at=vn(2025, 6, 4, 9, 0))
    assert d.state == "processing"
    # Received Mon 02/06/2025 08:00; 40 working hours end Mon 09/06 08:00. The pause from
    # 03/06 09:00 to 04/06 09:00 holds 8 working hours: due Tue 10/06 08:00.
    pause = d.pauses.get()
    assert (pause.due_before, pause.due_after) == (vn(2025, 6, 9, 8, 0), vn(2025, 6, 10, 8, 0))
    assert d.due_at == vn(2025, 6, 10, 8, 0)


def test_withdrawal_closes_an_open_pause_completely(world):
    d = _in_handling(world)
    d = s.stop(dossier_id=d.pk, actor=world.head, reason="Chờ ý kiến", at=vn(2025, 6, 3, 9, 0))
    d = s.withdraw(
        dossier_id=d.pk, actor=world.counter, reason="Rút hồ sơ", at=vn(2025, 6, 4, 9, 0)
    )
    pause = d.pauses.get()
    assert (pause.resumed_at, pause.resumed_by, pause.due_after) == (
        vn(2025, 6, 4, 9, 0),
        world.counter.user,
        d.due_at,
    )
