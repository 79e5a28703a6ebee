"""The shapes of the API's requests and answers.

Instants are ISO 8601 with an offset (Vietnam time, ``+07:00``); instants sent *to* the API must
carry an offset too — a naive "9 o'clock" is ambiguous for a deadline. Agencies and procedures
are named by their codes (``H99.01``, ``2.000488.H99``), officers by their user id.
"""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import AwareDatetime, ConfigDict

from motcua.catalog.models import Channel
from motcua.dossiers.models import DossierComponent, Party, ReturnMethod
from motcua.dossiers.services.handling import RATINGS
from motcua.dossiers.states import State

# Closed sets of values, from the models and services (one source of truth).
IdTypeValue = Literal[("", *Party.IdType.values)]  # type: ignore[valid-type]
ReturnMethodValue = Literal[tuple(ReturnMethod.values)]  # type: ignore[valid-type]
OptionalReturnMethod = Literal[("", *ReturnMethod.values)]  # type: ignore[valid-type]
RatingValue = Literal[RATINGS]  # type: ignore[valid-type]

# --- Answers ----------------------------------------------------------------------------------


class AgencyOut(Schema):
    code: str
    name: str


class OfficerOut(Schema):
    id: int
    name: str


class DossierSummary(Schema):
    """One row of the dossier list."""

    id: int
    code: str | None
    state: str
    national_status: int
    procedure: str
    case: str
    channel: str
    subject: str
    owner: str | None
    receiving_unit: str
    current_agency: str | None
    received_at: datetime.datetime | None
    due_at: datetime.datetime | None
    appointment_at: datetime.datetime | None


class DossierPage(Schema):
    items: list[DossierSummary]
    next: str | None = Field(description="Cursor for the next page (pass as `after`), or null.")


class ProcedureOut(Schema):
    code: str
    name: str
    version: int


class CaseOut(Schema):
    id: int
    code: str
    name: str


class PartyOut(Schema):
    kind: str
    name: str
    id_type: str
    id_number: str
    address: str
    phone: str
    email: str


class ComponentOut(Schema):
    name: str
    originals: int
    copies: int
    digitisation: int
    supplemented: bool
    required_id: int | None


class CurrentStepOut(Schema):
    sequence: int
    stage: int
    name: str
    agency: AgencyOut
    holder: OfficerOut | None
    started_at: datetime.datetime
    due_at: datetime.datetime


class StepOut(Schema):
    """A row of the control slip (phiếu kiểm soát)."""

    sequence: int
    stage: int
    name: str
    role: str
    agency: AgencyOut
    holder: OfficerOut | None
    giver: OfficerOut | None
    started_at: datetime.datetime
    budget_hours: float
    due_at: datetime.datetime
    finished_at: datetime.datetime | None
    action: str
    note: str
    timeliness: str
    overrun_hours: float = Field(description="Working hours past the row's due instant.")


class ShareOut(Schema):
    """One agency's share of the dossier (liên thông): its rows of the control slip."""

    agency: AgencyOut
    rows: list[int] = Field(description="Sequences of its control-slip rows.")
    budget_hours: float
    used_hours: float
    overrun_hours: float
    timeliness: str = Field(description="early, on_time, late, or pending while a row is open.")


class PauseOut(Schema):
    kind: str
    mode: str
    requested_at: datetime.datetime
    reason: str
    requested_items: list
    applicant_deadline: datetime.datetime | None
    due_before: datetime.datetime
    resumed_at: datetime.datetime | None
    due_after: datetime.datetime | None


class ExtensionOut(Schema):
    reason: str
    previous_appointment: datetime.datetime
    new_appointment: datetime.datetime
    issued_at: datetime.datetime
    cause_agency: AgencyOut


class NoticeOut(Schema):
    form: str
    form_number: str
    number: str
    issued_at: datetime.datetime


class EventOut(Schema):
    sequence: int
    at: datetime.datetime
    actor_label: str
    action: str
    from_state: str
    to_state: str


class ResultOut(Schema):
    kind: str
    number: str
    signer: str
    date: datetime.date | None
    summary: str


class DossierDetail(Schema):
    id: int
    code: str | None
    state: str
    state_label: str
    national_status: int
    procedure: ProcedureOut
    case: CaseOut
    channel: str
    subject: str
    sets: int
    parties: list[PartyOut]
    components: list[ComponentOut]
    receiving_unit: AgencyOut
    competent_agency: AgencyOut
    submitted_at: datetime.datetime | None
    received_at: datetime.datetime | None
    due_at: datetime.datetime | None
    appointment_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    returned_at: datetime.datetime | None
    current_step: CurrentStepOut | None
    open_steps: list[CurrentStepOut] = Field(
        description="Every open control-slip row: several when agencies work in parallel."
    )
    shares: list[ShareOut]
    result: ResultOut | None
    return_method: str
    rating: str
    steps: list[StepOut]
    pauses: list[PauseOut]
    extensions: list[ExtensionOut]
    notices: list[NoticeOut]
    events: list[EventOut]


# --- Requests ---------------------------------------------------------------------------------


class In(Schema):
    """Request bodies refuse unknown fields: a misspelt field is an error, not a silent no-op."""

    model_config = ConfigDict(extra="forbid")


class DossierFilters(Schema):
    state: State | None = None
    channel: Channel | None = None
    procedure: str | None = Field(None, description="Procedure code, e.g. 2.000488.H99")
    overdue: bool | None = Field(
        None, description="true: open dossiers past their due instant (clock running)."
    )
    waiting_at: str | None = Field(
        None,
        description="Agency code: the dossiers waiting there (an open control-slip row at the "
        "agency or a unit below it), e.g. each agency's share of interconnected dossiers.",
    )
    after: str | None = Field(None, description="The `next` cursor of the previous page.")
    limit: int = Field(50, ge=1, le=100)


class PartyIn(In):
    kind: Party.Kind
    name: str = Field(min_length=1, max_length=255)
    id_type: IdTypeValue = ""
    id_number: str = Field("", max_length=32)
    address: str = Field("", max_length=500)
    phone: str = Field("", max_length=32)
    email: str = Field("", max_length=254)


class ComponentIn(In):
    name: str = Field(min_length=1, max_length=500)
    originals: int = Field(0, ge=0, le=32767)
    copies: int = Field(0, ge=0, le=32767)
    required_id: int | None = None
    digitisation: DossierComponent.Digitisation = DossierComponent.Digitisation.NOT_DIGITISED


class CounterApplicationIn(In):
    """A dossier brought to the counter (or by post) and received at once."""

    case_id: int | None = Field(None, description="The procedure case's id…")
    procedure: str | None = Field(None, description="…or the procedure code with `case`.")
    case: str | None = Field(None, description="The case code within the procedure, e.g. 01.")
    channel: Literal["counter", "postal"] = "counter"
    receiving_unit: str = Field(description="Code of the receiving one-stop unit.")
    competent_agency: str | None = Field(None, description="Code; default: the procedure's.")
    subject: str = Field("", max_length=500)
    parties: list[PartyIn] = Field(min_length=1)
    components: list[ComponentIn] = []
    sets: int = Field(1, ge=1, le=100)
    return_method: OptionalReturnMethod = ""


class ReceiveIn(In):
    components: list[ComponentIn] | None = Field(
        None, description="The components actually received; omitted: those submitted."
    )


class ReasonIn(In):
    reason: str = Field(min_length=1, max_length=1000)


class ItemsIn(ReasonIn):
    items: list[str] = Field(min_length=1)


class SupplementIn(ItemsIn):
    applicant_deadline: AwareDatetime | None = None


class AssignIn(In):
    to_user: int
    note: str = Field("", max_length=1000)


class ForwardIn(In):
    to_user: int | None = None
    note: str = Field("", max_length=1000)


class ReturnToPreviousIn(ReasonIn):
    to_user: int | None = None


class ApologiseIn(ReasonIn):
    new_appointment: AwareDatetime
    cause_agency: str | None = Field(None, description="Code of the agency causing the delay.")


class FinishIn(In):
    result_kind: Literal["result", "ineligible"] = "result"
    result_number: str = Field("", max_length=64)
    result_signer: str = Field("", max_length=255)
    result_date: datetime.date | None = None
    summary: str = Field("", max_length=500)


class ReturnResultIn(In):
    method: ReturnMethodValue
    received_by: str = Field("", max_length=255)


class RateIn(In):
    rating: RatingValue
    comment: str = Field("", max_length=1000)


class EmptyIn(In):
    """No fields: the action needs nothing but the dossier."""
