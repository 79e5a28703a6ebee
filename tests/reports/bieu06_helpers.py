"""Dossiers with a history shaped freely, for the handling report's bucket tests.

``shaped`` receives a dossier through the real service at 09:00 on ``received`` (so that it has
every row a received dossier has), then sets its due day, finish and pauses directly, and
rebuilds the daily tallies. Both ways of counting (the tallies and the plain aggregate) are
then asked for the same period.
"""

from __future__ import annotations

import datetime

from motcua.dossiers import services, tallies
from motcua.dossiers.models import Dossier, PauseInterval
from motcua.dossiers.states import NATIONAL_STATUS
from motcua.reports import bieu06_counts
from motcua.reports.bieu06 import bieu06
from tests.dossiers.world import World, vn

D = datetime.date


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return vn(day.year, day.month, day.day, hour, 0)


def shaped(
    w: World,
    *,
    received: datetime.date,
    due: datetime.date | None,
    finished: datetime.date | None = None,
    state: str = "processing",
    channel: str = "counter",
    pauses: tuple[tuple[datetime.date, datetime.date | None], ...] = (),
    finished_hour: int = 10,
) -> Dossier:
    # Online dossiers are received from the portal; the channel is set afterwards here.
    paper = "counter" if channel == "online" else channel
    dossier = services.receive_at_counter(
        application=w.application(channel=paper), actor=w.counter, at=at(received)
    )
    Dossier.objects.filter(pk=dossier.pk).update(
        channel=channel,
        state=state,
        national_status=NATIONAL_STATUS[state],
        due_at=at(due, 17) if due else None,
        finished_at=at(finished, finished_hour) if finished else None,
    )
    for start, stop in pauses:
        PauseInterval.objects.create(
            dossier_id=dossier.pk,
            kind="supplement",
            mode="pause",
            requested_at=at(start, 10),
            requested_by=w.head.user,
            reason="Thiếu giấy tờ",
            resumed_at=at(stop, 11) if stop else None,
        )
    return dossier


def counts(date_from, date_to, *, today=None) -> dict:
    """The report's total, after checking the tallies against the plain aggregate."""
    tallies.rebuild()
    report = bieu06(date_from=date_from, date_to=date_to, today=today or D(2030, 1, 1))
    end = report.as_of
    assert bieu06_counts.from_tallies(date_from, end) == bieu06_counts.from_dossiers(date_from, end)
    return report.total.as_dict()
