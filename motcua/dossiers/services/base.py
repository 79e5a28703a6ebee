"""The machinery every dossier transition shares.

``run()`` is the one way a dossier changes: it locks the dossier row, checks the transition
table and the actor's role at the right agency, lets the transition write its change, sets the
state and the national status, appends the event, and schedules side effects after commit — all
in one transaction. A refused action raises :class:`DossierError` before anything is written, so
nothing changes: no event, no state, no code or number consumed.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.agencies import territory
from motcua.agencies.models import Agency, Role, RoleAssignment
from motcua.catalog.models import ProcessStep
from motcua.core import refdata, rows
from motcua.core.people import full_name
from motcua.workcalendar.clock import WorkCalendar

from .. import deadlines, notify, tallies
from ..models import Dossier, DossierEvent, DossierStep
from ..plans import plan_for
from ..states import NATIONAL_STATUS, TRANSITIONS, State, Transition, Where
from ..timeliness import classify_finished, vn_date


class DossierError(Exception):
    """A refused or invalid action, with a stable ``code`` for the API and a Vietnamese
    ``message`` for people. ``status`` is the HTTP status the API answers with."""

    def __init__(self, code: str, message: str, *, field: str | None = None, status: int = 400):
        super().__init__(message)
        self.code, self.message, self.field, self.status = code, message, field, status

    def as_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "message": self.message, "field": self.field}


@dataclass(frozen=True)
class Actor:
    """Who acts: an officer (a user with roles) or the applicant (portal user or at a kiosk)."""

    user: AbstractBaseUser | None
    applicant: bool = False

    @classmethod
    def officer(cls, user: AbstractBaseUser) -> Actor:
        return cls(user=user)

    @classmethod
    def citizen(cls, user: AbstractBaseUser | None = None) -> Actor:
        return cls(user=user, applicant=True)

    @property
    def label(self) -> str:
        if self.user is None:
            return _("Applicant")
        name = full_name(self.user)
        return f"{name} ({_('applicant')})" if self.applicant else name


def agency_chain(agency: Agency) -> tuple[int, ...]:
    """The agency and its ancestors' primary keys, nearest first (cached reference data)."""
    return refdata.cached(("chain", agency.pk), lambda: (agency.pk, *agency.ancestor_ids()))


def roles_of(user_id: int) -> frozenset[tuple[str, int]]:
    """The (role, agency) pairs an officer holds and that are active (cached reference data)."""
    return refdata.cached(
        ("roles", user_id),
        lambda: frozenset(
            RoleAssignment.objects.filter(user_id=user_id, is_active=True).values_list(
                "role", "agency_id"
            )
        ),
    )


def has_role(user: AbstractBaseUser | None, roles: Iterable[str], *agencies: Agency | None) -> bool:
    """Whether ``user`` holds one of ``roles`` at one of ``agencies`` or at an agency above it (a
    department head's role covers the department's divisions)."""
    chain = {pk for agency in agencies if agency is not None for pk in agency_chain(agency)}
    if user is None or not chain or not user.is_active:
        return False
    held = roles_of(user.pk)
    return any((role, pk) in held for role in roles for pk in chain)


def check_allowed(dossier: Dossier, transition: Transition, actor: Actor) -> None:
    # An applicant learns nothing (not even the state) of a dossier that is not theirs. A
    # signed-in applicant owns only the dossiers linked to their account; the anonymous
    # applicant (a kiosk at the counter) may act only on dossiers without an account.
    if actor.applicant and (
        (actor.user.pk if actor.user is not None else None) != dossier.applicant_user_id
    ):
        raise DossierError("not_found", _("No such dossier."), status=404)
    _check_state(dossier, transition)
    if actor.applicant:
        if not transition.applicant_may:
            raise DossierError("forbidden", _("The applicant cannot do this."), status=403)
        return
    if transition.where == Where.RECEIVING_UNIT:
        places = [dossier.receiving_unit]
    else:
        places = [dossier.current_agency]
        open_now = open_rows(dossier) if dossier.current_step_id else []
        if len(open_now) > 1:
            # A parallel stage: the officer acts on the row of an agency where they hold the
            # role (their own row first); the other agencies' rows are not theirs to move.
            mine = [r for r in open_now if has_role(actor.user, transition.roles, r.agency)]
            if mine:
                own = [r for r in mine if actor.user is not None and r.holder_id == actor.user.pk]
                dossier.__dict__[_ACTING] = (own or mine)[0]
                return
            places = [r.agency for r in open_now]
        if transition.where == Where.EITHER:
            places = [dossier.receiving_unit, *places]
    agency = places[-1]
    if not has_role(actor.user, transition.roles, *places):
        raise DossierError(
            "forbidden",
            _("You do not hold a role allowed to do this at %(agency)s.")
            % {"agency": agency.name if agency else "—"},
            status=403,
        )


def _check_state(dossier: Dossier, transition: Transition) -> None:
    """The transition table's source states. (Officers reach the services only for dossiers
    they may see — ``selectors.visible_dossiers`` — so the state is no secret to them.)"""
    if dossier.state not in transition.sources:
        raise DossierError(
            "invalid_state",
            _("This action is not possible while the dossier is “%(state)s”.")
            % {"state": State(dossier.state).label},
            status=409,
        )


def _instant(at: datetime.datetime | None, dossier: Dossier | None) -> datetime.datetime:
    at = at or timezone.now()
    if timezone.is_naive(at):
        raise DossierError("invalid_input", _("The instant must carry a time zone."), field="at")
    if dossier is not None and dossier.pk:
        last = dossier.last_event_at
        if last is not None and at < last:
            raise DossierError(
                "invalid_input",
                _("An action cannot be dated before the dossier's last event."),
                field="at",
            )
    return at


def aware(value: datetime.datetime | None, field: str) -> datetime.datetime | None:
    """An instant given by the caller, refused clearly when it has no time zone."""
    if value is not None and (not isinstance(value, datetime.datetime) or timezone.is_naive(value)):
        raise DossierError("invalid_input", _("The instant must carry a time zone."), field=field)
    return value


def set_state(dossier: Dossier, state: str) -> None:
    dossier.state = state
    dossier.national_status = NATIONAL_STATUS[state]


def new_event(
    dossier: Dossier,
    *,
    actor: Actor,
    at: datetime.datetime,
    action: str,
    from_state: str,
    payload: dict,
) -> DossierEvent:
    """The event numbered ``dossier.event_count`` (counted by ``commit``, which writes it)."""
    return DossierEvent(
        dossier=dossier,
        sequence=dossier.event_count,
        at=at,
        actor=actor.user,
        actor_label=actor.label,
        action=action,
        from_state=from_state,
        to_state=dossier.state,
        payload=payload,
    )


def write_later(dossier: Dossier, row) -> None:
    """Have ``commit`` insert ``row`` (a new notice…) together with the event, in one batch:
    nothing in the transaction reads it back before."""
    dossier.__dict__.setdefault(_UNWRITTEN, []).append(row)


_UNWRITTEN = "_rows_to_write"
_ACTING = "_acting_step"


def run(
    *,
    dossier_id: int,
    action: str,
    actor: Actor,
    at: datetime.datetime | None,
    change: Callable[[Dossier, datetime.datetime], dict],
) -> Dossier:
    """Perform ``action`` on a dossier: lock, check, change, record — or change nothing."""
    transition = TRANSITIONS[action]
    with transaction.atomic():
        dossier = lock(dossier_id)
        at = _instant(at, dossier)
        check_allowed(dossier, transition, actor)
        return commit(dossier, transition=transition, actor=actor, at=at, change=change)


def lock(dossier_id: int) -> Dossier:
    """The dossier, locked for the rest of the caller's transaction (reference data refreshed
    first, so that the transition sees every committed change of roles and catalogue)."""
    refdata.refresh()
    try:
        dossier = (
            Dossier.objects.select_for_update(of=("self",))
            .select_related("receiving_unit", "competent_agency", "current_agency", "case")
            .get(pk=dossier_id)
        )
    except Dossier.DoesNotExist:
        raise DossierError("not_found", _("No such dossier."), status=404) from None
    rows.track(dossier)  # the UPDATE at the end writes only what the transition changed
    return dossier


def commit(
    dossier: Dossier,
    *,
    transition: Transition,
    actor: Actor,
    at: datetime.datetime,
    change: Callable[[Dossier, datetime.datetime], dict],
    from_state: str | None = None,
) -> Dossier:
    """Apply an already checked transition inside the caller's transaction."""
    from_state = dossier.state if from_state is None else from_state
    dossier.__dict__.pop(_UNWRITTEN, None)
    counted_before = tallies.before(dossier, target=transition.target)
    try:
        payload = change(dossier, at) or {}
    finally:
        dossier.__dict__.pop(_ACTING, None)
    if transition.target is not None:
        set_state(dossier, transition.target)
    dossier.event_count += 1
    dossier.last_event_at = at
    if dossier.pk is None:
        rows.insert(dossier)
    event = new_event(
        dossier,
        actor=actor,
        at=at,
        action=transition.action,
        from_state=from_state,
        payload=payload,
    )
    message = notify.compose(dossier, transition.action, payload)
    later = dossier.__dict__.pop(_UNWRITTEN, [])
    # One batch (one round trip on PostgreSQL): the rows the change left to write — a new
    # control-slip row first, which the dossier's UPDATE may point to — the event, the e-mail.
    rows.write_all([*later, event, *([message] if message is not None else [])], updates=[dossier])
    tallies.record(dossier, counted_before, from_state=from_state)  # the report's summary rows
    return dossier


# --- The control slip -------------------------------------------------------------------------


def process_steps(dossier: Dossier) -> tuple[ProcessStep, ...]:
    """The case's internal process, by stage (cached with the catalogue: ``plans``)."""
    return plan_for(dossier.case_id).steps


def step_agency(dossier: Dossier, process_step: ProcessStep, at: datetime.datetime) -> Agency:
    """Where a process step happens on ``at``.

    The counter's steps (reception, return of the result) happen at the one-stop unit that
    received the dossier, wherever the procedure is received. Other steps happen at their own
    agency — at its local unit serving the competent agency's area when the step says so (the
    commune police under the provincial police) — or, when they name none, at the competent
    agency. An agency merged or abolished since the process was published hands the step to its
    successor.
    """
    if process_step.role == Role.COUNTER_OFFICER:
        return dossier.receiving_unit
    agency = process_step.agency if process_step.agency_id else dossier.competent_agency
    if process_step.agency_id and process_step.local_unit:
        agency = territory.local_unit(agency, territory.area_of(dossier.competent_agency))
    return territory.successor_on(agency, vn_date(at))


def open_rows(dossier: Dossier) -> list[DossierStep]:
    """The control-slip rows open now, oldest first: one, or several in a parallel stage."""
    if plan_for(dossier.case_id).has_parallel_stage:
        prefetched = getattr(dossier, "_prefetched_objects_cache", {}).get("steps")
        if prefetched is not None:  # a page that read the whole slip asks many times
            return sorted((r for r in prefetched if r.finished_at is None), key=_sequence)
        return list(
            dossier.steps.filter(finished_at=None).select_related("agency").order_by("sequence")
        )
    step = dossier.current_step if dossier.current_step_id else None
    return [step] if step is not None and step.finished_at is None else []


def _sequence(row: DossierStep) -> int:
    return row.sequence


def acting_row(dossier: Dossier) -> DossierStep | None:
    """The open row the current actor works on: theirs in a parallel stage, else the current
    one."""
    row = dossier.__dict__.get(_ACTING)
    if row is None and dossier.current_step_id:
        row = dossier.current_step
    return row


def open_step(
    dossier: Dossier,
    process_step: ProcessStep,
    *,
    at: datetime.datetime,
    calendar: WorkCalendar,
    holder: AbstractBaseUser | None,
    giver: AbstractBaseUser | None,
    giver_agency: Agency | None,
) -> DossierStep:
    dossier.step_count += 1
    seconds = deadlines.budget_seconds(process_step.budget_hours, dossier.budget_scale)
    agency = step_agency(dossier, process_step, at)
    step = DossierStep(
        dossier=dossier,
        sequence=dossier.step_count,
        process_step=process_step,
        stage=process_step.stage,
        name=process_step.name,
        role=process_step.role,
        agency=agency,
        holder=holder,
        giver=giver,
        giver_agency=giver_agency,
        started_at=at,
        budget_seconds=seconds,
        due_at=deadlines.step_due(calendar, at, seconds),
    )
    write_later(dossier, step)  # inserted by ``commit`` with the event
    dossier.current_step = step
    dossier.current_agency = agency
    dossier.current_holder = holder
    return step


def open_stage(
    dossier: Dossier,
    process_steps: list[ProcessStep],
    *,
    at: datetime.datetime,
    calendar: WorkCalendar,
    holders: dict[int, AbstractBaseUser | None],
    giver: AbstractBaseUser | None,
    giver_agency: Agency | None,
) -> list[DossierStep]:
    """Open a row for every step of a stage (several agencies in parallel, each with its own
    budget from now); the dossier's current step is the first of them."""
    opened = [
        open_step(
            dossier,
            process_step,
            at=at,
            calendar=calendar,
            holder=holders.get(process_step.pk),
            giver=giver,
            giver_agency=giver_agency,
        )
        for process_step in process_steps
    ]
    first = opened[0]
    dossier.current_step, dossier.current_agency = first, first.agency
    dossier.current_holder = first.holder
    return opened


def close_step(
    dossier: Dossier,
    step: DossierStep,
    *,
    at: datetime.datetime,
    action: str,
    note: str = "",
    by: Actor | None = None,
) -> None:
    """Close a control-slip row: its timeliness, and the working time it ran over its due
    instant (what the report of agencies causing delays adds up). A row nobody was named for
    is recorded as held by the officer who closed it."""
    step.finished_at = at
    step.action = action
    step.note = note[:1000]
    step.timeliness = classify_finished(finished_at=at, due_at=step.due_at)
    step.overrun_seconds = deadlines.overrun_seconds(
        deadlines.calendar_of(dossier),
        started_at=step.started_at,
        due_at=step.due_at,
        finished_at=at,
    )
    fields = ["finished_at", "action", "note", "timeliness", "overrun_seconds"]
    if step.holder_id is None and by is not None and by.user is not None and not by.applicant:
        step.holder = by.user
        fields.append("holder")
    step.save(update_fields=fields)


def opened_payload(opened: list[DossierStep], *, kept_due: bool = False) -> dict:
    """An event's record of the rows a transition opened (``opened``: the first, as always;
    ``also_opened``: the rest of a parallel stage). ``kept_due``: rows carried over with the
    due instant they had, not one computed from their budget (replay reads it)."""
    rows = [{**step_payload(o), **({"kept_due": True} if kept_due else {})} for o in opened]
    payload: dict = {"opened": rows[0]} if rows else {}
    if len(rows) > 1:
        payload["also_opened"] = rows[1:]
    return payload


def closed_rows_payload(closed: list[DossierStep]) -> dict:
    payload: dict = {"closed": closed_payload(closed[0])} if closed else {}
    if len(closed) > 1:
        payload["also_closed"] = [closed_payload(c) for c in closed[1:]]
    return payload


def step_payload(step: DossierStep) -> dict:
    return {
        "sequence": step.sequence,
        "stage": step.stage,
        "agency": step.agency.code,
        "holder": step.holder_id,
        "started_at": step.started_at.isoformat(),
        "budget_seconds": step.budget_seconds,
        "due_at": step.due_at.isoformat(),
    }


def closed_payload(step: DossierStep) -> dict:
    return {
        "sequence": step.sequence,
        "finished_at": step.finished_at.isoformat(),
        "timeliness": step.timeliness,
    }


def remember(instance, name: str, objs: list) -> None:
    """Keep ``objs`` (just written) as ``instance.<name>.all()``, as ``prefetch_related`` would,
    so that what reads them again in the same transaction does not query them."""
    cache = instance.__dict__.setdefault("_prefetched_objects_cache", {})
    cache.pop(name, None)
    queryset = getattr(instance, name).get_queryset()
    queryset._result_cache = list(objs)
    queryset._prefetch_done = True
    cache[name] = queryset


def iso(value: datetime.datetime | None) -> str | None:
    return value.isoformat() if value else None
