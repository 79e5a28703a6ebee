"""Reception (tiếp nhận): registering a dossier, receiving it with Form 01, asking to complete it
(Form 02) or refusing it (Form 03). Online dossiers wait in state *submitted* (national status 1)
for the counter's decision; counter and postal dossiers are usually received at once
(``receive_at_counter``), through the same steps.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.catalog.models import Channel, ProcedureCase
from motcua.core import refdata, rows

from .. import deadlines, forms
from ..codes import allocate_dossier_code
from ..models import Dossier, DossierComponent, Notice, Party
from ..plans import CasePlan, plan_for
from ..policies import regime_on
from ..states import TRANSITIONS, State, Transition
from ..timeliness import vn_date
from .base import (
    Actor,
    DossierError,
    _instant,
    check_allowed,
    commit,
    iso,
    open_step,
    remember,
    run,
    set_state,
    step_payload,
    write_later,
)
from .competence import competent_for


@dataclass(frozen=True)
class PartyIn:
    kind: str
    name: str
    id_type: str = ""
    id_number: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class ComponentIn:
    name: str
    originals: int = 0
    copies: int = 0
    required_id: int | None = None
    digitisation: int = 0


@dataclass(frozen=True)
class Application:
    """What the applicant brings: which case, through which channel, who, what."""

    case: ProcedureCase
    channel: str
    receiving_unit: Agency
    parties: list[PartyIn]
    subject: str = ""
    competent_agency: Agency | None = None
    components: list[ComponentIn] = field(default_factory=list)
    sets: int = 1
    return_method: str = ""
    # Answers to the case's e-form (online submission), already checked against its definition.
    form_data: dict = field(default_factory=dict)


def _validate(application: Application, plan: CasePlan, at: datetime.datetime) -> None:
    if application.channel not in Channel.values:
        raise DossierError("invalid_input", _("Unknown channel."), field="channel")
    if application.channel not in plan.channels:
        raise DossierError(
            "invalid_input",
            _("This case cannot be submitted through this channel."),
            field="channel",
        )
    version = plan.version
    day = vn_date(at)
    if day < version.valid_from or (version.valid_to and day > version.valid_to):
        raise DossierError(
            "invalid_input",
            _("This version of the procedure is not in force on %(day)s.")
            % {"day": day.strftime("%d/%m/%Y")},
            field="case",
        )
    kinds = [p.kind for p in application.parties]
    if "owner" not in kinds:
        raise DossierError("invalid_input", _("The dossier owner is required."), field="parties")
    if len(kinds) != len(set(kinds)) or not set(kinds) <= set(Party.Kind.values):
        raise DossierError("invalid_input", _("Each party kind may appear once."), field="parties")
    for party in application.parties:
        if not party.name.strip():
            raise DossierError("invalid_input", _("Every party needs a name."), field="parties")
    if not application.receiving_unit.is_active_on(day):
        raise DossierError(
            "invalid_input",
            _("The receiving unit no longer exists on that date."),
            field="receiving_unit",
        )
    check_components(plan, application.components)


def check_components(plan: CasePlan, components: list[ComponentIn] | None) -> None:
    """Each component given against a required component must be one of the case's."""
    wanted = {c.required_id for c in components or () if c.required_id is not None}
    if wanted - plan.component_ids:
        raise DossierError(
            "invalid_input",
            _("A component does not belong to this procedure case."),
            field="components",
        )


def _components(dossier: Dossier, components: list[ComponentIn]) -> list[DossierComponent]:
    """The dossier's component rows, not yet written."""
    return [
        DossierComponent(
            dossier=dossier,
            required_id=c.required_id,
            name=c.name,
            originals=c.originals,
            copies=c.copies,
            digitisation=c.digitisation,
        )
        for c in components
    ]


def _create(
    application: Application,
    *,
    at: datetime.datetime,
    actor: Actor,
    check: Transition | None = None,
) -> Dossier:
    """Register the dossier; with ``check``, first check that ``actor`` may perform that
    transition on it (the officer's role at the receiving unit comes before anything else)."""
    plan = plan_for(application.case.pk)
    regime = regime_on(vn_date(at))
    dossier = Dossier(
        procedure_version=plan.version,
        case=application.case,
        channel=application.channel,
        subject=application.subject[:500],
        form_data=application.form_data,
        sets=application.sets,
        receiving_unit=application.receiving_unit,
        applicant_user=actor.user if actor.applicant else None,
        regime=regime.name,
        form_set=regime.form_set,
        supplement_mode=plan.version.supplement_mode or regime.supplement_mode,
        submitted_at=at,
        return_method=application.return_method,
    )
    set_state(dossier, State.SUBMITTED)
    if check is not None:
        check_allowed(dossier, check, actor)
    _validate(application, plan, at)
    dossier.competent_agency = competent_for(
        plan, application.receiving_unit, application.competent_agency, vn_date(at)
    )
    rows.insert(dossier, track_changes=True)
    parties = [
        Party(dossier=dossier, **{k: getattr(p, k) for k in PartyIn.__dataclass_fields__})
        for p in application.parties
    ]
    components = _components(dossier, application.components)
    rows.insert_all([*parties, *components])
    # Kept as if prefetched: Form 01 and the applicant's notification read them again.
    remember(dossier, "parties", parties)
    remember(dossier, "components", components)
    return dossier


def submit(
    *, application: Application, actor: Actor, at: datetime.datetime | None = None
) -> Dossier:
    """Register a dossier that waits for the counter's decision (online submission, or a paper
    dossier registered before the completeness check)."""
    with transaction.atomic():
        refdata.refresh()
        at = _instant(at, None)
        if actor.applicant is False and application.channel == Channel.ONLINE:
            raise DossierError(
                "invalid_input",
                _("Online dossiers are submitted by the applicant."),
                field="channel",
            )
        dossier = _create(application, at=at, actor=actor)
        return commit(
            dossier,
            transition=TRANSITIONS["submit"],
            actor=actor,
            at=at,
            change=lambda d, at: {"submitted_at": iso(at), "channel": d.channel},
            from_state="",
        )


def _receive(dossier: Dossier, at: datetime.datetime, actor: Actor, components) -> dict:
    plan = plan_for(dossier.case_id)
    check_components(plan, components)
    if components is not None:
        dossier.components.all().delete()
        remember(dossier, "components", rows.insert_all(_components(dossier, components)))
    # Read once: Form 01's snapshot and the applicant's notification both use them.
    prefetch_related_objects([dossier], "parties", "components")
    steps = plan.steps
    if not steps:
        raise DossierError("invalid_state", _("The case has no internal process."), status=409)
    regime = regime_on(vn_date(at))
    dossier.regime, dossier.form_set = regime.name, regime.form_set
    dossier.supplement_mode = plan.version.supplement_mode or regime.supplement_mode
    limit, unit, scale = deadlines.limit_for(plan.case, plan.channels.get(dossier.channel))
    dossier.time_limit, dossier.time_unit, dossier.budget_scale = limit, unit, scale
    dossier.cutoff = plan.case.cutoff
    calendar = deadlines.calendar_of(dossier)
    dossier.received_at = at
    dossier.due_at = deadlines.statutory_due(
        calendar, at, time_limit=limit, time_unit=unit, cutoff=dossier.cutoff
    )
    dossier.appointment_at = dossier.due_at
    dossier.code = allocate_dossier_code(agency=dossier.receiving_unit, day=vn_date(at))
    first = open_step(
        dossier,
        steps[0],
        at=at,
        calendar=calendar,
        holder=actor.user,
        giver=None,
        giver_agency=None,
    )
    _issue(
        dossier,
        Notice.Form.RECEIPT,
        actor=actor,
        at=at,
        number=dossier.code,
        data=forms.receipt(dossier),
    )
    return {
        "code": dossier.code,
        "received_at": iso(at),
        "regime": dossier.regime,
        "supplement_mode": dossier.supplement_mode,
        "time_limit": str(limit) if limit is not None else None,
        "time_unit": unit,
        "cutoff": dossier.cutoff.isoformat() if dossier.cutoff else None,
        "budget_scale": str(scale),
        "due_at": iso(dossier.due_at),
        "opened": step_payload(first),
    }


def _issue(dossier, form, *, actor, at, data, number="") -> None:
    """Issue an official form: its notice is written with the transition's event."""
    write_later(
        dossier,
        Notice(
            dossier=dossier,
            form=form,
            form_set=dossier.form_set,
            form_number=forms.form_number(dossier.form_set, form),
            number=number,
            issued_at=at,
            issued_by=actor.user,
            data=data,
        ),
    )


def receive(
    *,
    dossier_id: int,
    actor: Actor,
    components: list[ComponentIn] | None = None,
    at: datetime.datetime | None = None,
) -> Dossier:
    """Receive a complete, valid dossier: code, due instant, Form 01, first control-slip row."""
    return run(
        dossier_id=dossier_id,
        action="receive",
        actor=actor,
        at=at,
        change=lambda d, at: _receive(d, at, actor, components),
    )


def receive_at_counter(
    *, application: Application, actor: Actor, at: datetime.datetime | None = None
) -> Dossier:
    """Register and receive a counter or postal dossier in one transaction."""
    if application.channel == Channel.ONLINE:
        raise DossierError(
            "invalid_input", _("Online dossiers are submitted by the applicant."), field="channel"
        )
    transition = TRANSITIONS["receive"]
    with transaction.atomic():
        refdata.refresh()
        at = _instant(at, None)
        dossier = _create(application, at=at, actor=actor, check=transition)
        return commit(
            dossier,
            transition=transition,
            actor=actor,
            at=at,
            from_state="",
            change=lambda d, at: _receive(d, at, actor, None),
        )


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DossierError("invalid_input", _("A reason is required."), field="reason")
    return reason[:1000]


def supplement_already_requested(dossier: Dossier) -> bool:
    return dossier.notices.filter(form=Notice.Form.SUPPLEMENT_REQUEST).exists()


def refuse_second_supplement(dossier: Dossier) -> None:
    if supplement_already_requested(dossier):
        raise DossierError(
            "supplement_once",
            _(
                "The applicant has already been asked to supplement this dossier; the law allows "
                "it only once."
            ),
            status=409,
        )


def request_completion(
    *,
    dossier_id: int,
    actor: Actor,
    reason: str,
    items: list[str],
    at: datetime.datetime | None = None,
) -> Dossier:
    """Form 02 at reception: the dossier is incomplete; say what is missing and why."""

    def change(dossier: Dossier, at: datetime.datetime) -> dict:
        refuse_second_supplement(dossier)
        text = _reason(reason)
        wanted = [i.strip() for i in items if i and i.strip()]
        if not wanted:
            raise DossierError("invalid_input", _("List the missing items."), field="items")
        _issue(
            dossier,
            Notice.Form.SUPPLEMENT_REQUEST,
            actor=actor,
            at=at,
            data=forms.supplement_request(dossier, reason=text, items=wanted),
        )
        return {"reason": text, "items": wanted}

    return run(
        dossier_id=dossier_id, action="request_completion", actor=actor, at=at, change=change
    )


def resubmit(
    *, dossier_id: int, actor: Actor, note: str = "", at: datetime.datetime | None = None
) -> Dossier:
    """The applicant completes a dossier that Form 02 sent back before reception (the files
    are attached by the caller in the same transaction); it waits for the counter again."""

    def change(dossier: Dossier, at: datetime.datetime) -> dict:
        return {"note": note.strip()[:1000]} if note.strip() else {}

    return run(dossier_id=dossier_id, action="resubmit", actor=actor, at=at, change=change)


def refuse(
    *, dossier_id: int, actor: Actor, reason: str, at: datetime.datetime | None = None
) -> Dossier:
    """Form 03: the dossier is not received (outside competence, not acceptable…)."""

    def change(dossier: Dossier, at: datetime.datetime) -> dict:
        text = _reason(reason)
        _issue(
            dossier,
            Notice.Form.REFUSAL,
            actor=actor,
            at=at,
            data=forms.refusal(dossier, reason=text),
        )
        return {"reason": text}

    return run(dossier_id=dossier_id, action="refuse", actor=actor, at=at, change=change)
