"""Property: the daily tallies kept by the transitions give exactly the plain aggregate's counts.

Hypothesis draws random dossier histories — receptions at the counter and online, the process's
steps, supplements, financial obligations, stops and resumptions, apologies with a new
appointment, withdrawals, results returned, over several months so that dossiers are carried
over from period to period — played through the real services, legacy dossiers of every status
with pauses loaded by the import beside them, and random periods. For each
period the fast path (``from_tallies``) must equal the plain aggregate over the dossiers
(``from_dossiers``) number for number, the report's identities must hold, and rebuilding the
tallies from scratch must give the same tallies as the transitions kept.
"""

from __future__ import annotations

import contextlib
import datetime

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.dossiers import services, tallies
from motcua.dossiers.imports import import_dossiers
from motcua.dossiers.models import DailyTally, Dossier, MonthlyTally
from motcua.dossiers.services import DossierError
from motcua.reports import bieu06_counts
from motcua.reports.bieu06 import Figures
from tests.dossiers import legacy
from tests.dossiers.world import World, vn

pytestmark = pytest.mark.django_db(transaction=False)

START = vn(2025, 1, 6, 8, 0)
ACTIONS = (
    "advance",
    "advance",
    "advance",
    "supplement",
    "payment",
    "stop",
    "apologise",
    "withdraw",
)

histories = st.lists(
    st.tuples(
        st.integers(0, 24 * 150),  # hours after START of the reception
        st.sampled_from(["counter", "postal", "online"]),
        st.lists(
            st.tuples(st.sampled_from(ACTIONS), st.integers(1, 24 * 20)),  # action, hours later
            max_size=9,
        ),
    ),
    min_size=1,
    max_size=4,
)
# Legacy dossiers imported beside them: status, reception (hours after START), due and finish
# (hours after the reception), a closed pause (start and length in hours after the reception).
imports = st.lists(
    st.tuples(
        st.sampled_from([2, 4, 5, 6, 7, 8, 9, 10, 1, 3]),
        st.integers(0, 24 * 150),
        st.integers(1, 24 * 30),
        st.integers(1, 24 * 40),
        st.one_of(st.none(), st.tuples(st.integers(1, 24 * 10), st.integers(1, 24 * 15))),
    ),
    max_size=4,
)
periods = st.lists(
    st.tuples(st.integers(0, 200), st.integers(0, 120)),  # first day offset, length in days
    min_size=1,
    max_size=4,
)


def _receive(w: World, at: datetime.datetime, channel: str) -> Dossier:
    if channel != "online":
        return services.receive_at_counter(
            application=w.application(channel=channel), actor=w.counter, at=at
        )
    citizen = services.Actor.citizen()
    dossier = services.submit(application=w.application(channel="online"), actor=citizen, at=at)
    return services.receive(dossier_id=dossier.pk, actor=w.counter, at=at)


def _next_step(w: World, dossier: Dossier, at: datetime.datetime) -> None:
    """Move the dossier along the world's process, whoever holds it."""
    if dossier.state == "finished":
        services.return_result(dossier_id=dossier.pk, actor=w.counter, method="counter", at=at)
        return
    stage = dossier.current_step.stage if dossier.current_step_id else 0
    moves = {
        1: lambda: services.forward(
            dossier_id=dossier.pk, actor=w.counter, to_user=w.head.user, at=at
        ),
        2: lambda: services.assign(
            dossier_id=dossier.pk, actor=w.head, to_user=w.specialist.user, at=at
        ),
        3: lambda: services.forward(
            dossier_id=dossier.pk, actor=w.specialist, to_user=w.leader.user, at=at
        ),
        4: lambda: services.forward(
            dossier_id=dossier.pk, actor=w.leader, to_user=w.clerk.user, at=at
        ),
        5: lambda: services.finish(dossier_id=dossier.pk, actor=w.clerk, result_number="1", at=at),
        6: lambda: services.return_result(
            dossier_id=dossier.pk, actor=w.counter, method="counter", at=at
        ),
    }
    if stage in moves:
        moves[stage]()


def _play(w: World, dossier: Dossier, action: str, at: datetime.datetime) -> None:
    """Play ``action`` if the dossier's state allows it; the way back from a pause first."""
    holders = [w.counter, w.head, w.specialist, w.leader, w.clerk]
    if dossier.state == "supplement":
        services.receive_supplement(dossier_id=dossier.pk, actor=w.counter, at=at)
    elif dossier.state == "payment":
        services.confirm_payment(dossier_id=dossier.pk, actor=w.counter, at=at)
    elif dossier.state == "stopped":
        _first(holders, lambda a: services.resume(dossier_id=dossier.pk, actor=a, at=at))
    elif action == "advance":
        _next_step(w, dossier, at)
    elif action == "supplement":
        _first(
            holders,
            lambda a: services.request_supplement(
                dossier_id=dossier.pk, actor=a, reason="Thiếu", items=["Tờ khai"], at=at
            ),
        )
    elif action == "payment":
        _first(
            holders,
            lambda a: services.request_payment(
                dossier_id=dossier.pk, actor=a, reason="Lệ phí", at=at
            ),
        )
    elif action == "stop":
        _first(
            holders, lambda a: services.stop(dossier_id=dossier.pk, actor=a, reason="Dừng", at=at)
        )
    elif action == "apologise" and dossier.due_at is not None:
        _first(
            holders,
            lambda a: services.apologise(
                dossier_id=dossier.pk,
                actor=a,
                reason="Xin lỗi",
                new_appointment=max(dossier.due_at, at) + datetime.timedelta(days=3),
                at=at,
            ),
        )
    elif action == "withdraw":
        _first(
            [services.Actor.citizen(), *holders],
            lambda a: services.withdraw(dossier_id=dossier.pk, actor=a, reason="Rút", at=at),
        )


def _first(actors, attempt) -> None:
    for actor in actors:
        try:
            attempt(actor)
            return
        except DossierError:
            continue


def _tallies() -> dict:
    """The non-zero daily and monthly tallies, by table and key."""
    out: dict = {}
    for model, key in ((DailyTally, "day"), (MonthlyTally, "month")):
        for row in model.objects.values_list("agency_id", "procedure_id", key, *tallies.COLUMNS):
            if any(row[3:]):
                out[(model.__name__, *row[:3])] = row[3:]
    return out


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(histories=histories, imported=imports, periods=periods)
def test_tallies_equal_the_plain_aggregate(world, histories, imported, periods):
    with transaction.atomic():  # each example starts from the world alone
        _check(world, histories, imported, periods)
        transaction.set_rollback(True)


def _legacy(n: int, status: int, offset: int, due: int, finish: int, pause) -> dict:
    """A legacy record for ``import_dossiers`` (tests/dossiers/legacy.py)."""
    received = START + datetime.timedelta(hours=offset)
    iso = lambda t: t.isoformat(timespec="minutes")  # noqa: E731
    changes: dict = {"received_at": iso(received), "due_at": iso(received + _h(due))}
    changes["submitted_at"] = iso(received)
    end = received + _h(finish)
    if status in (7, 9, 10):
        changes["finished_at"] = iso(end)
    if status == 10:
        changes["returned_at"] = iso(end + _h(1))
    pauses = []
    if pause is not None and status not in (1, 3):
        start, length = received + _h(pause[0]), _h(pause[1])
        if status not in (7, 9, 10) or start + length <= end:
            pauses.append({"kind": "supplement", "from": iso(start), "to": iso(start + length)})
    if status in (5, 6, 8):
        last = pauses[-1]["to"] if pauses else iso(received)
        kind = {5: "supplement", 6: "payment", 8: "stop"}[status]
        opened = datetime.datetime.fromisoformat(last) + _h(1)
        pauses.append({"kind": kind, "from": iso(opened), "to": None})
    changes["pauses"] = pauses or None
    if status in (1, 3):
        changes.update(received_at=None, due_at=None)
    return legacy.record(status, f"LEGACY-{n}", **changes)


def _h(hours: int) -> datetime.timedelta:
    return datetime.timedelta(hours=hours)


def _check(w: World, histories, imported, periods) -> None:
    if imported:
        records = [_legacy(n, *values) for n, values in enumerate(imported)]
        import_dossiers(data=legacy.jsonl(records), name="legacy.jsonl", now=vn(2026, 1, 1))
    for offset, channel, actions in histories:
        at = START + datetime.timedelta(hours=offset)
        try:
            dossier = _receive(w, at, channel)
        except DossierError:
            continue
        for action, hours in actions:
            at += datetime.timedelta(hours=hours)
            dossier.refresh_from_db()
            with contextlib.suppress(DossierError):  # not allowed in that state: skipped
                _play(w, dossier, action, at)

    kept = _tallies()
    for first, length in periods:
        date_from = START.date() + datetime.timedelta(days=first)
        date_to = date_from + datetime.timedelta(days=length)
        fast = bieu06_counts.from_tallies(date_from, date_to)
        assert fast == bieu06_counts.from_dossiers(date_from, date_to)
        total = sum((Figures.of(v) for v in fast.values()), Figures())
        assert total.received_total == total.resolved_total + total.pending_total
        assert total.pending_total == total.pending_within + total.pending_overdue
        assert total.pending_overdue >= 0 and total.pending_within >= 0
    tallies.rebuild()
    assert _tallies() == kept
