"""Each agency's share of a dossier (phần việc của từng cơ quan), from its control slip.

An interconnected dossier (liên thông) passes through several agencies; the applicant and the
reports see one dossier, while each agency answers for its own rows of the control slip. An
agency's share adds up its rows:

* **budget** — the working time the internal process gave it (already scaled to the channel);
* **used** — the working time it actually held the dossier: the budget, plus the working time
  past each row's due instant when it closed late, minus the working time left when it closed
  early. Due instants move with pauses, so time the dossier spent waiting for the applicant is
  not counted against the agency;
* **over budget** — the working time past the due instants (``DossierStep.overrun_seconds``);
* **timeliness** — late if any of its rows was late, early if all were early, else on time;
  pending while one of its rows is still open.

One agency finishing early never hides another's delay: every share is judged on its own rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from motcua.agencies.models import Agency
from motcua.workcalendar.clock import WorkCalendar

from .deadlines import overrun_seconds
from .models import DossierStep, Timeliness

PENDING = "pending"


@dataclass
class Share:
    agency: Agency
    rows: list[int] = field(default_factory=list)  # control-slip sequences
    budget_seconds: int = 0
    used_seconds: int = 0
    overrun_seconds: int = 0
    timeliness: str = ""


def used_seconds(calendar: WorkCalendar, row: DossierStep, at: datetime.datetime) -> int:
    """Working time ``row`` has used, up to its closing (or ``at`` while it is open)."""
    end = row.finished_at or at
    over = overrun_seconds(calendar, started_at=row.started_at, due_at=row.due_at, finished_at=end)
    if over or end >= row.due_at:
        return row.budget_seconds + over
    return max(0, row.budget_seconds - calendar.working_seconds_between(end, row.due_at))


def agency_shares(
    calendar: WorkCalendar, rows: Iterable[DossierStep], *, at: datetime.datetime
) -> list[Share]:
    """The shares of the agencies in ``rows`` (a dossier's control slip), in order of first
    appearance."""
    shares: dict[int, Share] = {}
    verdicts: dict[int, set[str]] = {}
    for row in sorted(rows, key=lambda r: r.sequence):
        share = shares.setdefault(row.agency_id, Share(agency=row.agency))
        share.rows.append(row.sequence)
        share.budget_seconds += row.budget_seconds
        share.used_seconds += used_seconds(calendar, row, at)
        share.overrun_seconds += row.overrun_seconds
        verdicts.setdefault(row.agency_id, set()).add(row.timeliness or PENDING)
    for agency_id, share in shares.items():
        seen = verdicts[agency_id]
        if Timeliness.LATE in seen:
            share.timeliness = Timeliness.LATE
        elif PENDING in seen:
            share.timeliness = PENDING
        elif seen == {Timeliness.EARLY}:
            share.timeliness = Timeliness.EARLY
        else:
            share.timeliness = Timeliness.ON_TIME
    return list(shares.values())
