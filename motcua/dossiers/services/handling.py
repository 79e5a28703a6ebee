"""Handling (giải quyết): moving a dossier along its internal process, finishing it, returning
the result, withdrawal, apologies with a new appointment and the applicant's rating.

Every hand-over closes the actor's control-slip row with its timeliness and opens the rows of
the next stage — one, or one per agency of a parallel stage. A parallel stage ends when the last
of its rows is closed; only then does the next stage open.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.core.people import full_name

from .. import deadlines, forms
from ..models import Dossier, DossierStep, Extension, Notice, ReturnMethod, Timeliness
from ..plans import plan_for
from ..timeliness import classify_finished
from .base import (
    Actor,
    DossierError,
    acting_row,
    aware,
    close_step,
    closed_payload,
    closed_rows_payload,
    has_role,
    iso,
    open_rows,
    open_stage,
    open_step,
    opened_payload,
    process_steps,
    run,
    step_agency,
)
from .reception import _issue, _reason

RATINGS = ("very_satisfied", "satisfied", "not_satisfied")


def _current(dossier: Dossier) -> DossierStep:
    step = acting_row(dossier)
    if step is None or step.finished_at is not None:
        raise DossierError("invalid_state", _("The dossier has no open step."), status=409)
    return step


def _receivers(dossier, targets, to_user, at) -> dict[int, AbstractBaseUser]:
    """``{process step id: officer}`` for the officer named to receive the next step: they must
    hold the step's role at its agency (in a parallel stage, at one of the steps' agencies)."""
    if to_user is None:
        return {}
    if isinstance(to_user, int):
        to_user = get_user_model().objects.filter(pk=to_user).first()
        if to_user is None:
            raise DossierError("invalid_input", _("No such officer."), field="to_user")
    for process_step in targets:
        if has_role(to_user, [process_step.role], step_agency(dossier, process_step, at)):
            return {process_step.pk: to_user}
    raise DossierError(
        "invalid_input",
        _("%(name)s does not hold the role this step needs at %(agency)s.")
        % {
            "name": full_name(to_user),
            "agency": step_agency(dossier, targets[0], at).name,
        },
        field="to_user",
    )


def _hand_over(dossier, at, actor, *, target_stage, action, receivers, note) -> dict:
    """Close the actor's row and open the rows of ``target_stage`` — unless other agencies of a
    parallel stage still hold theirs: the dossier then waits for the last of them."""
    current = _current(dossier)
    others = [r for r in open_rows(dossier) if r.pk != current.pk]
    targets = plan_for(dossier.case_id).stage_steps(target_stage)
    if not targets:
        raise DossierError("invalid_state", _("There is no such step in the process."), status=409)
    if others and action == "return":
        raise DossierError(
            "invalid_state",
            _("Other agencies are still handling this stage: the dossier cannot go back yet."),
            status=409,
        )
    if others and receivers:
        raise DossierError(
            "invalid_input",
            _(
                "The next step opens when the other agencies of this stage finish their part; "
                "the receiver is named then."
            ),
            field="to_user",
        )
    close_step(dossier, current, at=at, action=action, note=note, by=actor)
    payload = {"closed": closed_payload(current), "note": note}
    if others:
        first = others[0]
        dossier.current_step, dossier.current_agency = first, first.agency
        dossier.current_holder = first.holder
        payload["waiting_for"] = [r.sequence for r in others]
        return payload
    opened = open_stage(
        dossier,
        targets,
        at=at,
        calendar=deadlines.calendar_of(dossier),
        holders=receivers,
        giver=actor.user,
        giver_agency=current.agency,
    )
    return {**payload, **opened_payload(opened)}


def _return_stage(steps) -> int | None:
    """The stage of the counter's closing "return the result" row, which only ``finish`` opens
    (a dossier handed to it while still *processing* could never be finished)."""
    if steps and steps[-1].role == "counter_officer":
        return steps[-1].stage
    return None


def _next_stage(dossier: Dossier) -> int:
    current = _current(dossier)
    steps = process_steps(dossier)
    later = sorted({s.stage for s in steps if s.stage > current.stage} - {_return_stage(steps)})
    if not later:
        raise DossierError(
            "invalid_state", _("This is the last step: finish the dossier instead."), status=409
        )
    return later[0]


def _forward(dossier, at, actor, *, action, to_user, note) -> dict:
    stage = _next_stage(dossier)
    targets = plan_for(dossier.case_id).stage_steps(stage)
    receivers = _receivers(dossier, targets, to_user, at)
    return _hand_over(
        dossier, at, actor, target_stage=stage, action=action, receivers=receivers, note=note
    )


def forward(
    *,
    dossier_id: int,
    actor: Actor,
    to_user: AbstractBaseUser | int | None = None,
    note: str = "",
    at: datetime.datetime | None = None,
) -> Dossier:
    """Hand the dossier to the next step of the internal process (chuyển bước tiếp theo)."""
    return run(
        dossier_id=dossier_id,
        action="forward",
        actor=actor,
        at=at,
        change=lambda d, at: _forward(d, at, actor, action="forward", to_user=to_user, note=note),
    )


def assign(
    *,
    dossier_id: int,
    actor: Actor,
    to_user: AbstractBaseUser | int,
    note: str = "",
    at: datetime.datetime | None = None,
) -> Dossier:
    """A leader assigns the next step to a named officer (phân công thụ lý)."""
    if to_user is None:
        raise DossierError("invalid_input", _("Choose the officer to assign."), field="to_user")
    return run(
        dossier_id=dossier_id,
        action="assign",
        actor=actor,
        at=at,
        change=lambda d, at: _forward(d, at, actor, action="assign", to_user=to_user, note=note),
    )


def return_to_previous(
    *,
    dossier_id: int,
    actor: Actor,
    reason: str,
    to_user: AbstractBaseUser | int | None = None,
    at: datetime.datetime | None = None,
) -> Dossier:
    """Send the dossier back to the previous step (trả lại bước trước), with the reason."""

    def change(dossier: Dossier, at: datetime.datetime) -> dict:
        text = _reason(reason)
        current = _current(dossier)
        earlier = sorted({s.stage for s in process_steps(dossier) if s.stage < current.stage})
        if not earlier:
            raise DossierError("invalid_state", _("There is no previous step."), status=409)
        stage = earlier[-1]
        targets = plan_for(dossier.case_id).stage_steps(stage)
        receivers = _receivers(dossier, targets, to_user, at)
        if not receivers:
            # Back to whoever last held each step of that stage.
            for row in dossier.steps.filter(stage=stage).exclude(holder=None).order_by("sequence"):
                receivers[row.process_step_id] = row.holder
        return _hand_over(
            dossier, at, actor, target_stage=stage, action="return", receivers=receivers, note=text
        )

    return run(
        dossier_id=dossier_id, action="return_to_previous", actor=actor, at=at, change=change
    )


def finish(
    *,
    dossier_id: int,
    actor: Actor,
    result_kind: str = "result",
    result_number: str = "",
    result_signer: str = "",
    result_date: datetime.date | None = None,
    summary: str = "",
    at: datetime.datetime | None = None,
) -> Dossier:
    """The result exists (a signed document, or a notice that the dossier is not eligible):
    close the handling step and, if the process ends with returning the result, open that step
    at the one-stop unit."""

    def change(dossier: Dossier, at: datetime.datetime) -> dict:
        if result_kind not in ("result", "ineligible"):
            raise DossierError("invalid_input", _("Unknown result kind."), field="result_kind")
        if result_kind == "result" and not result_number.strip():
            raise DossierError(
                "invalid_input",
                _("The result's document number is required."),
                field="result_number",
            )
        if result_kind == "ineligible" and not summary.strip():
            raise DossierError(
                "invalid_input", _("State why the dossier is not eligible."), field="summary"
            )
        current = _current(dossier)
        if len(open_rows(dossier)) > 1:
            raise DossierError(
                "invalid_state",
                _("Other agencies have not finished their part of this stage yet."),
                status=409,
            )
        close_step(dossier, current, at=at, action="finish", by=actor)
        dossier.result_kind = result_kind
        dossier.result_number = result_number.strip()[:64]
        dossier.result_signer = result_signer.strip()[:255]
        dossier.result_date = result_date
        dossier.result_summary = summary.strip()[:500]
        dossier.finished_at = at
        payload = {
            "closed": closed_payload(current),
            "finished_at": iso(at),
            "result_kind": result_kind,
            "result_number": dossier.result_number,
        }
        if classify_finished(finished_at=at, due_at=dossier.due_at) == Timeliness.LATE:
            payload["late_steps"] = late_steps(dossier)
        steps = process_steps(dossier)
        last = steps[-1] if steps else None
        if last is not None and last.stage > current.stage and last.role == "counter_officer":
            opened = open_step(
                dossier,
                last,
                at=at,
                calendar=deadlines.calendar_of(dossier),
                holder=None,
                giver=actor.user,
                giver_agency=current.agency,
            )
            payload.update(opened_payload([opened]))
        else:
            dossier.current_step = None
            dossier.current_holder = None
            dossier.current_agency = dossier.receiving_unit
        return payload

    return run(dossier_id=dossier_id, action="finish", actor=actor, at=at, change=change)


def late_steps(dossier: Dossier) -> list[dict]:
    """The rows that ran over their budget, recorded when a dossier finishes late: which agency
    and step caused the delay, and by how much working time."""
    return [
        {"sequence": r.sequence, "agency": r.agency.code, "overrun_seconds": r.overrun_seconds}
        for r in dossier.steps.filter(overrun_seconds__gt=0)
        .select_related("agency")
        .order_by("sequence")
    ]


def return_result(
    *,
    dossier_id: int,
    actor: Actor,
    method: str,
    received_by: str = "",
    at: datetime.datetime | None = None,
) -> Dossier:
    """The result is handed over (trả kết quả) at the counter, by post or online."""

    def change(dossier: Dossier, at: datetime.datetime) -> dict:
        if method not in ReturnMethod.values:
            raise DossierError("invalid_input", _("Unknown return method."), field="method")
        if method == ReturnMethod.COUNTER and not received_by.strip():
            raise DossierError(
                "invalid_input", _("Who received the result is required."), field="received_by"
            )
        payload = {"method": method, "received_by": received_by.strip(), "returned_at": iso(at)}
        closed = open_rows(dossier)
        for step in closed:
            close_step(dossier, step, at=at, action="return_result", by=actor)
        payload.update(closed_rows_payload(closed))
        dossier.current_step = None
        dossier.current_holder = None
        dossier.return_method = method
        dossier.returned_to = received_by.strip()[:255]
        dossier.returned_at = at
        return payload

    return run(dossier_id=dossier_id, action="return_result", actor=actor, at=at, change=change)


def withdraw(
    *, dossier_id: int, actor: Actor, reason: str, at: datetime.datetime | None = None
) -> Dossier:
    """The applicant withdraws the dossier before a decision: processing stops (stop notice)."""

    def change(dossier: Dossier, at: datetime.datetime) -> dict:
        text = _reason(reason)
        payload: dict = {"reason": text}
        closed = open_rows(dossier)
        for step in closed:
            close_step(dossier, step, at=at, action="withdraw", note=text, by=actor)
        payload.update(closed_rows_payload(closed))
        open_pause = dossier.pauses.filter(resumed_at=None).first()
        if open_pause is not None:
            open_pause.resumed_at = at
            open_pause.resumed_by = actor.user
            open_pause.due_after = dossier.due_at
            open_pause.save(update_fields=["resumed_at", "resumed_by", "due_after"])
        if dossier.received_at is not None:
            dossier.finished_at = at
        dossier.current_step = None
        dossier.current_holder = None
        _issue(
            dossier,
            Notice.Form.STOP_NOTICE,
            actor=actor,
            at=at,
            data=forms.stop_notice(dossier, reason=text, requested_at=at),
        )
        return payload

    return run(dossier_id=dossier_id, action="withdraw", actor=actor, at=at, change=change)


def apologise(
    *,
    dossier_id: int,
    actor: Actor,
    reason: str,
    new_appointment: datetime.datetime,
    cause_agency: Agency | None = None,
    at: datetime.datetime | None = None,
) -> Dossier:
    """Form 04: before the appointment passes, apologise and give a new appointment, naming the
    agency (and step) that caused the delay. The statutory due instant is unchanged, so a late
    dossier stays late in the reports, unless ``MOTCUA_APOLOGY_MOVES_DUE`` is set."""

    def change(dossier: Dossier, at: datetime.datetime) -> dict:
        text = _reason(reason)
        if dossier.appointment_at is None:
            raise DossierError("invalid_state", _("The dossier has no appointment."), status=409)
        if at >= dossier.appointment_at:
            raise DossierError(
                "apology_too_late",
                _("An apology must be issued before the appointment (%(when)s).")
                % {"when": dossier.appointment_at.strftime("%d/%m/%Y %H:%M")},
                status=409,
            )
        aware(new_appointment, "new_appointment")
        if new_appointment is None or new_appointment <= dossier.appointment_at:
            raise DossierError(
                "invalid_input",
                _("The new appointment must be later than the current one."),
                field="new_appointment",
            )
        step = acting_row(dossier)
        extension = Extension.objects.create(
            dossier=dossier,
            reason=text,
            previous_appointment=dossier.appointment_at,
            new_appointment=new_appointment,
            issued_at=at,
            issued_by=actor.user,
            cause_agency=cause_agency or (step.agency if step else dossier.competent_agency),
            cause_step=step,
        )
        dossier.appointment_at = new_appointment
        if getattr(settings, "MOTCUA_APOLOGY_MOVES_DUE", False):
            dossier.due_at = new_appointment
        number = f"{dossier.extensions.count()}/PXL"
        _issue(
            dossier,
            Notice.Form.APOLOGY,
            actor=actor,
            at=at,
            number=number,
            data=forms.apology(dossier, extension),
        )
        return {
            "reason": text,
            "previous_appointment": iso(extension.previous_appointment),
            "new_appointment": iso(new_appointment),
            "cause_agency": extension.cause_agency.code,
            "cause_step": step.sequence if step else None,
        }

    return run(dossier_id=dossier_id, action="apologise", actor=actor, at=at, change=change)


def rate(
    *,
    dossier_id: int,
    actor: Actor,
    rating: str,
    comment: str = "",
    at: datetime.datetime | None = None,
) -> Dossier:
    """The applicant's rating of the service, once per dossier."""

    def change(dossier: Dossier, at: datetime.datetime) -> dict:
        if dossier.rated_at is not None:
            raise DossierError(
                "already_rated", _("This dossier has already been rated."), status=409
            )
        if rating not in RATINGS:
            raise DossierError("invalid_input", _("Unknown rating."), field="rating")
        dossier.rating, dossier.rating_comment, dossier.rated_at = rating, comment[:1000], at
        return {"rating": rating}

    return run(dossier_id=dossier_id, action="rate", actor=actor, at=at, change=change)
