"""Replaying a dossier's event log.

Every event records the *inputs* of what happened — instants, the limit and unit pinned at
reception, each step's budget, when a pause began and ended and in which clock mode, the new
appointment of an apology. ``replay()`` recomputes from those inputs alone, with the clock, the
dossier's due instant, appointment, pause intervals and the due instant, timeliness and working
time over budget of every control-slip row (several open at once in a parallel stage). Comparing
the result with the stored rows (``differences()``) proves that the stored clock can be
explained and rebuilt from the history — the property reports and audits rely on.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings

from . import deadlines
from .models import Dossier
from .policies import SupplementMode
from .timeliness import classify_finished


@dataclass
class ReplayedStep:
    sequence: int
    started_at: datetime.datetime
    due_at: datetime.datetime
    finished_at: datetime.datetime | None = None
    timeliness: str = ""
    overrun_seconds: int = 0


@dataclass
class ReplayedPause:
    kind: str
    mode: str
    requested_at: datetime.datetime
    due_before: datetime.datetime | None
    resumed_at: datetime.datetime | None = None
    due_after: datetime.datetime | None = None


@dataclass
class Replayed:
    due_at: datetime.datetime | None = None
    appointment_at: datetime.datetime | None = None
    steps: dict[int, ReplayedStep] = field(default_factory=dict)
    pauses: list[ReplayedPause] = field(default_factory=list)


def _at(text: str | None) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(text) if text else None


def replay(dossier: Dossier) -> Replayed:
    calendar = deadlines.calendar_of(dossier)
    result = Replayed()
    limit: dict = {}
    open_steps: set[int] = set()  # several in a parallel stage
    for event in dossier.events.order_by("sequence"):
        p = event.payload
        if event.action == "receive":
            limit = {
                "time_limit": Decimal(p["time_limit"]) if p.get("time_limit") else None,
                "time_unit": p["time_unit"],
                "cutoff": datetime.time.fromisoformat(p["cutoff"]) if p.get("cutoff") else None,
            }
            result.due_at = deadlines.statutory_due(calendar, _at(p["received_at"]), **limit)
            result.appointment_at = result.due_at
        if "pause" in p:
            result.pauses.append(
                ReplayedPause(
                    kind=p["pause"]["kind"],
                    mode=p["pause"]["mode"],
                    requested_at=_at(p["pause"]["requested_at"]),
                    due_before=result.due_at,
                )
            )
        for closed in [p["closed"], *p.get("also_closed", [])] if "closed" in p else []:
            step = result.steps[closed["sequence"]]
            step.finished_at = _at(closed["finished_at"])
            step.timeliness = classify_finished(finished_at=step.finished_at, due_at=step.due_at)
            step.overrun_seconds = deadlines.overrun_seconds(
                calendar,
                started_at=step.started_at,
                due_at=step.due_at,
                finished_at=step.finished_at,
            )
            open_steps.discard(step.sequence)
        if "resume" in p:
            pause = next(
                x
                for x in reversed(result.pauses)
                if x.kind == p["resume"]["kind"] and x.resumed_at is None
            )
            pause.resumed_at = _at(p["resume"]["resumed_at"])
            if pause.mode == SupplementMode.RESTART:
                result.due_at = deadlines.statutory_due(calendar, pause.resumed_at, **limit)
                result.appointment_at = result.due_at
            else:

                def shift(t, pause=pause):
                    return deadlines.shift_by_pause(
                        calendar, t, pause.requested_at, pause.resumed_at
                    )

                result.due_at = shift(result.due_at) if result.due_at else None
                result.appointment_at = (
                    shift(result.appointment_at) if result.appointment_at else None
                )
                for sequence in open_steps:
                    result.steps[sequence].due_at = shift(result.steps[sequence].due_at)
            pause.due_after = result.due_at
        for opened in [p["opened"], *p.get("also_opened", [])] if "opened" in p else []:
            # A row carried over to a successor agency keeps the due instant it had.
            due = (
                _at(opened["due_at"])
                if opened.get("kept_due")
                else deadlines.step_due(
                    calendar, _at(opened["started_at"]), opened["budget_seconds"]
                )
            )
            result.steps[opened["sequence"]] = ReplayedStep(
                sequence=opened["sequence"], started_at=_at(opened["started_at"]), due_at=due
            )
            open_steps.add(opened["sequence"])
        if event.action == "apologise":
            result.appointment_at = _at(p["new_appointment"])
            if getattr(settings, "MOTCUA_APOLOGY_MOVES_DUE", False):
                result.due_at = result.appointment_at
        if event.action in ("withdraw", "refuse"):
            for pause in result.pauses:
                if pause.resumed_at is None:
                    pause.resumed_at = event.at
                    pause.due_after = result.due_at
    return result


def differences(dossier: Dossier) -> list[str]:
    """Where the stored clock differs from the replayed one (empty when they agree)."""
    replayed = replay(dossier)
    out = []
    if replayed.due_at != dossier.due_at:
        out.append(f"due_at: stored {dossier.due_at}, replayed {replayed.due_at}")
    if replayed.appointment_at != dossier.appointment_at:
        out.append(
            f"appointment_at: stored {dossier.appointment_at}, replayed {replayed.appointment_at}"
        )
    stored_steps = {s.sequence: s for s in dossier.steps.all()}
    if set(stored_steps) != set(replayed.steps):
        out.append(f"steps: stored {sorted(stored_steps)}, replayed {sorted(replayed.steps)}")
    for sequence, step in replayed.steps.items():
        stored = stored_steps.get(sequence)
        if stored is None:
            continue
        for name in ("due_at", "finished_at", "timeliness", "overrun_seconds"):
            if getattr(stored, name) != getattr(step, name):
                out.append(
                    f"step {sequence} {name}: stored {getattr(stored, name)}, "
                    f"replayed {getattr(step, name)}"
                )
    stored_pauses = list(dossier.pauses.order_by("requested_at", "id"))
    if len(stored_pauses) != len(replayed.pauses):
        out.append(f"pauses: stored {len(stored_pauses)}, replayed {len(replayed.pauses)}")
    for stored, again in zip(stored_pauses, replayed.pauses, strict=False):
        for name in ("kind", "mode", "requested_at", "resumed_at", "due_before", "due_after"):
            if getattr(stored, name) != getattr(again, name):
                out.append(
                    f"pause {stored.kind} {name}: stored {getattr(stored, name)}, "
                    f"replayed {getattr(again, name)}"
                )
    return out
