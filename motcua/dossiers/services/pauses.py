"""Pauses of the clock: supplement requests (once), financial obligations, stops.

Financial obligations and stops always pause: on resumption the due instant (and the open
step's) moves later by the working time spent waiting. A supplement follows the dossier's
supplement mode (``policies.SupplementMode``): *pause* works the same way; *restart* closes the
current step when the supplement is requested and, when the complete supplement arrives,
computes a new due instant from scratch and restarts processing at the first step.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from .. import deadlines, forms
from ..models import Dossier, Notice, PauseInterval
from ..plans import plan_for
from ..policies import SupplementMode
from .base import (
    Actor,
    DossierError,
    acting_row,
    aware,
    close_step,
    closed_rows_payload,
    iso,
    open_rows,
    open_stage,
    opened_payload,
    run,
)
from .reception import _issue, _reason, refuse_second_supplement


def _start_pause(dossier, at, actor, *, kind, mode, reason, items=(), applicant_deadline=None):
    step = acting_row(dossier)
    pause = PauseInterval.objects.create(
        dossier=dossier,
        kind=kind,
        mode=mode,
        step=step,
        requested_at=at,
        requested_by=actor.user,
        reason=reason,
        requested_items=list(items),
        applicant_deadline=applicant_deadline,
        due_before=dossier.due_at,
    )
    payload = {
        "pause": {
            "kind": kind,
            "mode": mode,
            "requested_at": iso(at),
            "due_before": iso(dossier.due_at),
        },
        "reason": reason,
    }
    closed = open_rows(dossier) if mode == SupplementMode.RESTART else []
    if closed:
        # Handling starts again from the first step: every open row ends here.
        for row in closed:
            close_step(dossier, row, at=at, action="request_supplement", note=reason, by=actor)
        payload.update(closed_rows_payload(closed))
        dossier.current_step = None
        dossier.current_holder = None
        dossier.current_agency = dossier.receiving_unit
    return pause, payload


def _open_pause(dossier: Dossier, kind: str) -> PauseInterval:
    pause = dossier.pauses.filter(kind=kind, resumed_at=None).order_by("-requested_at").first()
    if pause is None:
        raise DossierError("invalid_state", _("The dossier is not paused."), status=409)
    return pause


def _end_pause(dossier: Dossier, at, actor: Actor, pause: PauseInterval) -> dict:
    calendar = deadlines.calendar_of(dossier)
    pause.resumed_at = at
    pause.resumed_by = actor.user
    payload: dict = {"resume": {"kind": pause.kind, "mode": pause.mode, "resumed_at": iso(at)}}
    if pause.mode == SupplementMode.RESTART:
        dossier.due_at = deadlines.statutory_due(
            calendar,
            at,
            time_limit=dossier.time_limit,
            time_unit=dossier.time_unit,
            cutoff=dossier.cutoff,
        )
        dossier.appointment_at = dossier.due_at
        plan = plan_for(dossier.case_id)
        first = plan.stage_steps(plan.steps[0].stage)
        opened = open_stage(
            dossier,
            first,
            at=at,
            calendar=calendar,
            holders={} if actor.applicant else {first[0].pk: actor.user},
            giver=None,
            giver_agency=None,
        )
        payload.update(opened_payload(opened))
    else:
        if dossier.due_at is not None:
            dossier.due_at = deadlines.shift_by_pause(
                calendar, dossier.due_at, pause.requested_at, at
            )
        if dossier.appointment_at is not None:
            dossier.appointment_at = deadlines.shift_by_pause(
                calendar, dossier.appointment_at, pause.requested_at, at
            )
        # Every open row's due instant moves with the dossier's (each agency of a parallel
        # stage keeps the working time it had left).
        moved = open_rows(dossier)
        for step in moved:
            step.due_at = deadlines.shift_by_pause(calendar, step.due_at, pause.requested_at, at)
            step.save(update_fields=["due_at"])
        if moved:
            payload["step_due_at"] = iso(moved[0].due_at)
        if len(moved) > 1:
            payload["steps_due_at"] = {str(s.sequence): iso(s.due_at) for s in moved}
    pause.due_after = dossier.due_at
    pause.save(update_fields=["resumed_at", "resumed_by", "due_after"])
    payload["resume"]["due_after"] = iso(dossier.due_at)
    return payload


def request_supplement(
    *,
    dossier_id: int,
    actor: Actor,
    reason: str,
    items: list[str],
    applicant_deadline: datetime.datetime | None = None,
    at: datetime.datetime | None = None,
) -> Dossier:
    """Form 02 during handling: the applicant must supplement the dossier (only once)."""

    def change(dossier: Dossier, at: datetime.datetime) -> dict:
        refuse_second_supplement(dossier)
        aware(applicant_deadline, "applicant_deadline")
        text = _reason(reason)
        wanted = [i.strip() for i in items if i and i.strip()]
        if not wanted:
            raise DossierError("invalid_input", _("List the missing items."), field="items")
        _pause, payload = _start_pause(
            dossier,
            at,
            actor,
            kind=PauseInterval.Kind.SUPPLEMENT,
            mode=dossier.supplement_mode,
            reason=text,
            items=wanted,
            applicant_deadline=applicant_deadline,
        )
        _issue(
            dossier,
            Notice.Form.SUPPLEMENT_REQUEST,
            actor=actor,
            at=at,
            data=forms.supplement_request(dossier, reason=text, items=wanted),
        )
        payload["items"] = wanted
        return payload

    return run(
        dossier_id=dossier_id, action="request_supplement", actor=actor, at=at, change=change
    )


def receive_supplement(
    *, dossier_id: int, actor: Actor, at: datetime.datetime | None = None
) -> Dossier:
    """The complete supplement has arrived: the clock resumes (or restarts)."""

    def change(dossier: Dossier, at: datetime.datetime) -> dict:
        pause = _open_pause(dossier, PauseInterval.Kind.SUPPLEMENT)
        return _end_pause(dossier, at, actor, pause)

    return run(
        dossier_id=dossier_id, action="receive_supplement", actor=actor, at=at, change=change
    )


def request_payment(
    *, dossier_id: int, actor: Actor, reason: str, at: datetime.datetime | None = None
) -> Dossier:
    """The applicant must pay financial obligations (e.g. land tax) before handling goes on."""

    def change(dossier: Dossier, at: datetime.datetime) -> dict:
        _pause, payload = _start_pause(
            dossier,
            at,
            actor,
            kind=PauseInterval.Kind.PAYMENT,
            mode=SupplementMode.PAUSE,
            reason=_reason(reason),
        )
        return payload

    return run(dossier_id=dossier_id, action="request_payment", actor=actor, at=at, change=change)


def confirm_payment(
    *, dossier_id: int, actor: Actor, at: datetime.datetime | None = None
) -> Dossier:
    def change(dossier: Dossier, at: datetime.datetime) -> dict:
        return _end_pause(dossier, at, actor, _open_pause(dossier, PauseInterval.Kind.PAYMENT))

    return run(dossier_id=dossier_id, action="confirm_payment", actor=actor, at=at, change=change)


def stop(
    *, dossier_id: int, actor: Actor, reason: str, at: datetime.datetime | None = None
) -> Dossier:
    """The handling agency stops processing (dừng xử lý); the clock pauses."""

    def change(dossier: Dossier, at: datetime.datetime) -> dict:
        _pause, payload = _start_pause(
            dossier,
            at,
            actor,
            kind=PauseInterval.Kind.STOP,
            mode=SupplementMode.PAUSE,
            reason=_reason(reason),
        )
        return payload

    return run(dossier_id=dossier_id, action="stop", actor=actor, at=at, change=change)


def resume(*, dossier_id: int, actor: Actor, at: datetime.datetime | None = None) -> Dossier:
    def change(dossier: Dossier, at: datetime.datetime) -> dict:
        return _end_pause(dossier, at, actor, _open_pause(dossier, PauseInterval.Kind.STOP))

    return run(dossier_id=dossier_id, action="resume", actor=actor, at=at, change=change)
