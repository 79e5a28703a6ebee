"""Replaying the event log reproduces the stored clock exactly."""

import datetime

import pytest

from motcua.dossiers import services as s
from motcua.dossiers.models import Dossier
from motcua.dossiers.replay import differences, replay

from .conftest import vn


def _handled(world, at):
    d = s.receive_at_counter(application=world.application(), actor=world.counter, at=at)
    d = s.forward(dossier_id=d.pk, actor=world.counter, at=at + datetime.timedelta(hours=1))
    return s.assign(
        dossier_id=d.pk,
        actor=world.head,
        to_user=world.specialist.user,
        at=at + datetime.timedelta(hours=2),
    )


def test_replay_of_a_full_lifecycle_with_pauses_and_an_apology(world, settings):
    settings.MOTCUA_SUPPLEMENT_MODE = "2018=pause,2025=pause"
    d = _handled(world, vn(2025, 4, 25, 9, 0))
    d = s.request_supplement(
        dossier_id=d.pk,
        actor=world.specialist,
        reason="Thiếu giấy tờ",
        items=["Bản sao CCCD"],
        at=vn(2025, 4, 25, 15, 0),
    )
    d = s.receive_supplement(dossier_id=d.pk, actor=world.counter, at=vn(2025, 5, 5, 10, 0))
    d = s.request_payment(
        dossier_id=d.pk, actor=world.specialist, reason="Nộp phí", at=vn(2025, 5, 5, 11, 0)
    )
    d = s.confirm_payment(dossier_id=d.pk, actor=world.counter, at=vn(2025, 5, 6, 9, 0))
    d = s.apologise(
        dossier_id=d.pk,
        actor=world.specialist,
        reason="Cần xác minh thêm",
        new_appointment=vn(2025, 5, 20, 17, 0),
        at=vn(2025, 5, 7, 9, 0),
    )
    d = s.forward(dossier_id=d.pk, actor=world.specialist, at=vn(2025, 5, 12, 9, 0))
    d = s.stop(dossier_id=d.pk, actor=world.leader, reason="Chờ ý kiến", at=vn(2025, 5, 12, 10, 0))
    d = s.resume(dossier_id=d.pk, actor=world.leader, at=vn(2025, 5, 13, 10, 0))
    d = s.forward(dossier_id=d.pk, actor=world.leader, at=vn(2025, 5, 13, 11, 0))
    d = s.finish(
        dossier_id=d.pk, actor=world.clerk, result_number="9/LLTP", at=vn(2025, 5, 14, 9, 0)
    )
    d = s.return_result(
        dossier_id=d.pk, actor=world.counter, method="post", at=vn(2025, 5, 15, 9, 0)
    )
    d = Dossier.objects.get(pk=d.pk)
    assert d.pauses.count() == 3
    assert differences(d) == []
    replayed = replay(d)
    # The apology promised 20/05 17:00; the later one-day stop (12/05 10:00 → 13/05 10:00,
    # 8 working hours) moved the promise with the clock, to 21/05 17:00.
    assert replayed.due_at == d.due_at
    assert replayed.appointment_at == d.appointment_at == vn(2025, 5, 21, 17, 0)
    assert [p.due_after for p in replayed.pauses] == [p.due_after for p in d.pauses.all()]


def test_replay_in_restart_mode_and_after_withdrawal(world, settings):
    settings.MOTCUA_SUPPLEMENT_MODE = "2018=restart,2025=restart"
    d = _handled(world, vn(2025, 8, 28, 14, 0))
    d = s.request_supplement(
        dossier_id=d.pk,
        actor=world.specialist,
        reason="Thiếu",
        items=["Tờ khai"],
        at=vn(2025, 8, 29, 9, 0),
    )
    d = s.receive_supplement(dossier_id=d.pk, actor=world.counter, at=vn(2025, 9, 3, 8, 0))
    assert differences(Dossier.objects.get(pk=d.pk)) == []
    d = s.withdraw(
        dossier_id=d.pk, actor=world.counter, reason="Công dân rút hồ sơ", at=vn(2025, 9, 4, 8, 0)
    )
    assert differences(Dossier.objects.get(pk=d.pk)) == []


def test_a_tampered_clock_is_detected(world):
    d = _handled(world, vn(2025, 4, 25, 9, 0))
    Dossier.objects.filter(pk=d.pk).update(due_at=vn(2025, 5, 30, 17, 0))
    d.steps.filter(sequence=1).update(timeliness="late")
    found = differences(Dossier.objects.get(pk=d.pk))
    assert any(line.startswith("due_at") for line in found)
    assert any(line.startswith("step 1 timeliness") for line in found)


def test_catalogue_import_cannot_rewrite_a_version_in_use(world):
    from motcua.catalog.interchange import export_catalog, import_catalog
    from motcua.core.errors import InputRejected

    s.receive_at_counter(
        application=world.application(), actor=world.counter, at=vn(2025, 4, 25, 9, 0)
    )
    document = export_catalog()
    with pytest.raises(InputRejected) as exc:
        import_catalog(data=document)
    assert [p.where for p in exc.value.problems] == ["procedures[0].versions[0].number"]
    assert export_catalog() == document


def test_replay_of_a_withdrawal_while_the_clock_is_paused(world):
    """The withdrawal ends the open pause: replay records its due instant after, as the service
    does."""
    start = vn(2025, 5, 12, 8, 0)
    d = _handled(world, start)
    d = s.request_payment(
        dossier_id=d.pk,
        actor=world.specialist,
        reason="Lệ phí",
        at=start + datetime.timedelta(hours=3),
    )
    d = s.withdraw(
        dossier_id=d.pk,
        actor=world.counter,
        reason="Rút hồ sơ",
        at=start + datetime.timedelta(days=1),
    )
    pause = d.pauses.get()
    assert pause.resumed_at == start + datetime.timedelta(days=1) and pause.due_after == d.due_at
    assert differences(d) == []
