"""The ``delays`` fixture: three dossiers of the dossier tests' province (``tests/dossiers/
world.py``) handled through the real services in July 2025, so that control-slip rows are late
by amounts computed here by hand.

Working day 07:30–11:30 and 13:00–17:00 (8 hours, pinned below). Process of the case: 1 counter
(centre H99.20, 4 h) → 2 department head (H99.01, 4 h) → 3 specialist (division H99.01.01,
24 h) → 4 signing leader (H99.01, 4 h) → 5 clerk (H99.01, 2 h) → 6 return (H99.20, 2 h, opened
by ``finish`` with no receiver). July 2025: Mon 7, Tue 8, Wed 9, Thu 10, Fri 11, Mon 14 … no
holiday.

Dossier A (late at the centre and twice at the department, early at the division):
  A1 centre, counter  Mon 07 08:00 → due Mon 13:30, closed Tue 08 09:00: late,  5 h  (18000 s)
  A2 dept, head       Tue 08 09:00 → due Tue 14:30, closed Thu 10 08:30: late, 11.5 h (41400 s)
  A3 division, spec.  Thu 10 08:30 → due Tue 15 08:30, closed Mon 14 10:00: early
  A4 dept, leader     Mon 14 10:00 → due Mon 15:30, closed Wed 16 06:30 (Vietnam time; 23:30
                      UTC on Tue 15): late, 1.5 h + 8 h = 9.5 h (34200 s)
  A5 dept, clerk      Wed 16 06:30 → due Wed 09:30, closed Wed 16:00: on time (same day)
  A6 centre           Wed 16 16:00 → due Thu 17 08:30, closed Fri 18 09:00: late, 8.5 h (30600 s);
                      opened with no receiver, recorded as held by the counter officer who
                      returned the result

Dossier B (on time until the division, which is late; then open and overdue at the department):
  B1 centre  Mon 07 08:00 → closed Mon 10:00: on time
  B2 dept    Mon 07 10:00 → closed Mon 11:00: on time
  B3 division, specialist  Mon 07 11:00 → due Thu 10 11:00, closed Mon 14 08:30: late,
             4.5 h + 8 h + 1 h = 13.5 h (48600 s)
  B4 dept, leader  Mon 14 08:30 → due Mon 14 14:00, never closed

Dossier C (open and overdue at the department, then paused):
  C1 centre  Mon 07 08:00 → closed Mon 09:00: on time
  C2 dept, head  Mon 07 09:00 → due Mon 14:30, never closed; financial obligation requested
             Wed 09 09:00 (the dossier is in state "payment" since)
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from tests.dossiers.conftest import World, vn, world  # noqa: F401

HOUR = 3600


@dataclass
class Delays:
    world: World
    a: Dossier
    b: Dossier
    c: Dossier


@pytest.fixture(autouse=True)
def _eight_hour_day(settings):
    settings.MOTCUA_WORKING_PERIODS = "07:30-11:30,13:00-17:00"


def receive(w: World, at) -> Dossier:
    return services.receive_at_counter(application=w.application(), actor=w.counter, at=at)


@pytest.fixture
def delays(world: World) -> Delays:  # noqa: F811
    w = world
    a = receive(w, vn(2025, 7, 7, 8, 0))
    services.forward(dossier_id=a.pk, actor=w.counter, to_user=w.head.user, at=vn(2025, 7, 8, 9))
    services.assign(
        dossier_id=a.pk, actor=w.head, to_user=w.specialist.user, at=vn(2025, 7, 10, 8, 30)
    )
    services.forward(
        dossier_id=a.pk, actor=w.specialist, to_user=w.leader.user, at=vn(2025, 7, 14, 10, 0)
    )
    services.forward(
        dossier_id=a.pk, actor=w.leader, to_user=w.clerk.user, at=vn(2025, 7, 16, 6, 30)
    )
    services.finish(
        dossier_id=a.pk, actor=w.clerk, result_number="15/QĐ-STP", at=vn(2025, 7, 16, 16, 0)
    )
    services.return_result(
        dossier_id=a.pk,
        actor=w.counter,
        method="counter",
        received_by="Nguyễn Văn An",
        at=vn(2025, 7, 18, 9, 0),
    )

    b = receive(w, vn(2025, 7, 7, 8, 0))
    services.forward(dossier_id=b.pk, actor=w.counter, to_user=w.head.user, at=vn(2025, 7, 7, 10))
    services.assign(
        dossier_id=b.pk, actor=w.head, to_user=w.specialist.user, at=vn(2025, 7, 7, 11, 0)
    )
    services.forward(
        dossier_id=b.pk, actor=w.specialist, to_user=w.leader.user, at=vn(2025, 7, 14, 8, 30)
    )

    c = receive(w, vn(2025, 7, 7, 8, 0))
    services.forward(dossier_id=c.pk, actor=w.counter, to_user=w.head.user, at=vn(2025, 7, 7, 9))
    services.request_payment(
        dossier_id=c.pk, actor=w.head, reason="Nộp lệ phí", at=vn(2025, 7, 9, 9, 0)
    )
    return Delays(world=w, a=a, b=b, c=c)


__all__ = ["HOUR", "Delays", "vn"]
