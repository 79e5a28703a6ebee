"""After a merger, the open dossiers of the merged agency move to its successor: codes, history
and deadlines kept, one event each, nothing lost."""

import datetime

import pytest

from motcua.agencies.models import Agency, Role
from motcua.agencies.services import merge_agencies
from motcua.dossiers import services as s
from motcua.dossiers.models import Dossier, DossierEvent, DossierStep
from motcua.dossiers.replay import differences

from .conftest import vn
from .world import _officer

MON = vn(2025, 5, 12, 8, 0)
TRANSFER_AT = vn(2025, 5, 14, 9, 0)


def _dossier(world, minutes, moves):
    d = s.receive_at_counter(
        application=world.application(), actor=world.counter, at=MON + minutes * MINUTE
    )
    for i, move in enumerate(moves, start=1):
        d = move(d, MON + (minutes + i) * MINUTE)
    return d


MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture
def merged(world):
    """Four dossiers of the Department of Justice and its division, then the department (and
    its division) merged into a new department on Tuesday 13/05."""
    w = world
    to_head = lambda d, t: s.forward(dossier_id=d.pk, actor=w.counter, at=t)  # noqa: E731
    to_specialist = lambda d, t: s.assign(  # noqa: E731
        dossier_id=d.pk, actor=w.head, to_user=w.specialist.user, at=t
    )
    to_leader = lambda d, t: s.forward(dossier_id=d.pk, actor=w.specialist, at=t)  # noqa: E731
    to_clerk = lambda d, t: s.forward(dossier_id=d.pk, actor=w.leader, at=t)  # noqa: E731
    finish = lambda d, t: s.finish(  # noqa: E731
        dossier_id=d.pk, actor=w.clerk, result_number="5/QĐ", at=t
    )
    give = lambda d, t: s.return_result(  # noqa: E731
        dossier_id=d.pk, actor=w.counter, method="counter", received_by="Ông An", at=t
    )
    w.at_head = _dossier(w, 0, [to_head])
    w.at_division = _dossier(w, 10, [to_head, to_specialist])
    w.finished = _dossier(w, 20, [to_head, to_specialist, to_leader, to_clerk, finish])
    w.returned = _dossier(w, 30, [to_head, to_specialist, to_leader, to_clerk, finish, give])
    w.successor = Agency.objects.create(
        code="H99.16",
        name="Sở Tư pháp và Nội vụ",
        level="province",
        kind="department",
        parent=w.province,
        valid_from=datetime.date(2025, 5, 14),
    )
    merge_agencies(
        sources=[w.department, w.division],
        successor=w.successor,
        last_day=datetime.date(2025, 5, 13),
    )
    w.admin = _officer("quantri", "Quản Trị Viên", w.province, Role.ADMINISTRATOR, "x")
    return w


def snapshot(d: Dossier):
    return (d.code, d.due_at, d.appointment_at, d.received_at, d.state)


def test_open_dossiers_move_with_their_codes_history_and_deadlines(merged):
    w = merged
    before = {
        d.pk: snapshot(Dossier.objects.get(pk=d.pk))
        for d in (w.at_head, w.at_division, w.finished, w.returned)
    }
    events_before = {
        d.pk: d.events.count() for d in (w.at_head, w.at_division, w.finished, w.returned)
    }
    old_row = DossierStep.objects.get(dossier=w.at_division, finished_at=None)

    result = s.transfer_open_dossiers(source=w.department, actor=w.admin, at=TRANSFER_AT)

    assert (result.dossiers, result.rows) == (3, 2)
    for pk, snap in before.items():
        assert snapshot(Dossier.objects.get(pk=pk)) == snap  # nothing else changed
    for d in (w.at_head, w.at_division, w.finished):
        d = Dossier.objects.get(pk=d.pk)
        assert d.events.count() == events_before[d.pk] + 1
        last = d.events.order_by("-sequence").first()
        assert (last.action, last.actor, last.to_state) == ("transfer", w.admin.user, d.state)
        assert d.competent_agency == w.successor
        assert differences(d) == []
    # The returned dossier is history: untouched.
    assert Dossier.objects.get(pk=w.returned.pk).competent_agency == w.department
    assert w.returned.events.count() == events_before[w.returned.pk]

    # The open row at the division is closed as transferred and continued at the successor
    # with the same due instant and the working time that was left.
    old_row.refresh_from_db()
    assert (old_row.action, old_row.finished_at) == ("transfer", TRANSFER_AT)
    d = Dossier.objects.get(pk=w.at_division.pk)
    new_row = d.current_step
    assert (new_row.agency, new_row.due_at, new_row.giver_agency) == (
        w.successor,
        old_row.due_at,
        w.division,
    )
    # Due Thursday 08:12; from Wednesday 09:00 that leaves 2.5 + 4 h, and 42 minutes.
    assert old_row.due_at == vn(2025, 5, 15, 8, 12)
    assert new_row.budget_seconds == (6 * 60 + 30 + 42) * 60
    assert d.current_agency == w.successor
    # The finished dossier waits at the one-stop centre: only its competent agency changed.
    assert Dossier.objects.get(pk=w.finished.pk).current_agency == w.centre

    # A second run finds nothing more to move.
    again = s.transfer_open_dossiers(source=w.department, actor=w.admin, at=TRANSFER_AT)
    assert (again.dossiers, again.rows) == (0, 0)


def test_the_successor_carries_on_with_the_process(merged):
    w = merged
    s.transfer_open_dossiers(source=w.department, actor=w.admin, at=TRANSFER_AT)
    head = _officer("truongphong.moi", "Trần Văn Mới", w.successor, Role.DEPARTMENT_HEAD, "x")
    specialist = _officer("chuyenvien.moi", "Phạm Văn Mới", w.successor, Role.SPECIALIST, "x")
    # The old head lost nothing but can no longer act: his row is gone.
    with pytest.raises(s.DossierError):
        s.assign(
            dossier_id=w.at_head.pk,
            actor=w.head,
            to_user=w.specialist.user,
            at=TRANSFER_AT + MINUTE,
        )
    d = s.assign(
        dossier_id=w.at_head.pk, actor=head, to_user=specialist.user, at=TRANSFER_AT + MINUTE
    )
    # The process names the old division for stage 3: its successor does it now.
    assert d.current_step.agency == w.successor and d.current_step.holder == specialist.user
    # The head's row was due Monday 13:31 and held by the old department until the transfer on
    # Wednesday 09:00: that delay is the old department's (3 h 29 + 8 h + 1 h 30); the
    # successor answers only for the minute it held the carried-over row.
    old, carried = d.steps.filter(stage=2).order_by("sequence")
    assert (old.agency, old.timeliness) == (w.department, "late")
    assert old.overrun_seconds == (12 * 60 + 59) * 60
    assert (carried.agency, carried.budget_seconds, carried.due_at) == (w.successor, 0, old.due_at)
    assert carried.overrun_seconds == 60
    assert differences(d) == []


def test_only_an_administrator_of_both_agencies_transfers_and_nothing_changes_otherwise(merged):
    w = merged
    count = DossierEvent.objects.count()
    outsider = _officer("quantri.xa", "Quản Trị Xã", w.centre, Role.ADMINISTRATOR, "x")
    for actor in (w.head, outsider):
        with pytest.raises(s.DossierError) as refused:
            s.transfer_open_dossiers(source=w.department, actor=actor, at=TRANSFER_AT)
        assert refused.value.code == "forbidden"
    with pytest.raises(s.DossierError) as refused:
        s.transfer_open_dossiers(
            source=w.department, successor=w.division, actor=w.admin, at=TRANSFER_AT
        )
    assert refused.value.field == "successor"
    assert DossierEvent.objects.count() == count
    assert Dossier.objects.filter(competent_agency=w.department).count() == 4


def test_a_failure_midway_moves_nothing(merged, monkeypatch):
    w = merged
    from motcua.dossiers.services import transfer

    real = transfer._move
    calls = []

    def failing(dossier, *args):
        calls.append(dossier.pk)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(dossier, *args)

    monkeypatch.setattr(transfer, "_move", failing)
    with pytest.raises(RuntimeError):
        s.transfer_open_dossiers(source=w.department, actor=w.admin, at=TRANSFER_AT)
    assert Dossier.objects.filter(competent_agency=w.department).count() == 4
    assert not DossierEvent.objects.filter(action="transfer").exists()


def test_the_command_moves_to_the_recorded_successor(merged):
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    w = merged
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("transfer-dossiers", "--from", "H99.01", "--by", "khongco", stdout=out)
    with pytest.raises(CommandError):
        call_command("transfer-dossiers", "--from", "H99.01", "--by", w.head.user.username)
    assert not DossierEvent.objects.filter(action="transfer").exists()
    call_command("transfer-dossiers", "--from", "H99.01", "--by", "quantri", stdout=out)
    assert "H99.01" in out.getvalue() and "H99.16" in out.getvalue()
    assert DossierEvent.objects.filter(action="transfer").count() == 3
