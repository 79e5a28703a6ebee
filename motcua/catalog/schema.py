"""The catalogue interchange format (``motcua catalog export`` / ``import``), as pydantic models.

The JSON is documented in ``docs/catalog-format.md``; its JSON Schema is generated from these
classes (``motcua catalog schema``). Decimal amounts are JSON numbers, dates ``YYYY-MM-DD``,
times ``HH:MM``; unknown keys are errors, so a typo never passes silently.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from motcua.agencies.models import Role

from .models import (
    Channel,
    Fee,
    FormField,
    Level,
    OnlineLevel,
    ProcedureAgency,
    ProcedureType,
    TimeUnit,
)

FORMAT_NAME = "motcua-catalog"
FORMAT_VERSION = 1

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
OptionalText = Annotated[str, StringConstraints(strip_whitespace=True)]
Hours = Annotated[Decimal, Field(gt=0, max_digits=7, decimal_places=2)]
Limit = Annotated[Decimal, Field(gt=0, max_digits=7, decimal_places=2)]

ChannelCode = Literal[tuple(Channel.values)]  # type: ignore[valid-type]
UnitCode = Literal[tuple(TimeUnit.values)]  # type: ignore[valid-type]
LevelCode = Literal[tuple(Level.values)]  # type: ignore[valid-type]
RoleCode = Literal[tuple(Role.values)]  # type: ignore[valid-type]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldIn(_Strict):
    code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32)]
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]


class AgencyPartIn(_Strict):
    agency: Text
    part: Literal[tuple(ProcedureAgency.Part.values)]  # type: ignore[valid-type]


class LegalBasisIn(_Strict):
    number: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
    issued_on: datetime.date | None = None


class ResultIn(_Strict):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
    validity: Annotated[str, StringConstraints(strip_whitespace=True, max_length=255)] = ""


class ChannelIn(_Strict):
    channel: ChannelCode
    time_limit: Limit | None = None
    time_unit: UnitCode | None = None


class FeeIn(_Strict):
    kind: Literal[tuple(Fee.Kind.values)]  # type: ignore[valid-type]
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]
    amount: Annotated[int, Field(ge=0)]
    collection: Literal[tuple(Fee.Collection.values)]  # type: ignore[valid-type]
    channel: ChannelCode | None = None
    description: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] = ""


class ComponentIn(_Strict):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
    originals: Annotated[int, Field(ge=0, le=100)] = 1
    copies: Annotated[int, Field(ge=0, le=100)] = 0
    mandatory: bool = True
    template_name: Annotated[str, StringConstraints(strip_whitespace=True, max_length=255)] = ""
    template_file: Annotated[str, StringConstraints(strip_whitespace=True, max_length=255)] = ""
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] = ""


class FormFieldIn(_Strict):
    """A field of the case's e-form, in order (``position`` is its place in the list)."""

    key: Annotated[
        str,
        StringConstraints(
            strip_whitespace=True, min_length=1, max_length=64, pattern=r"^[a-z][a-z0-9_]*$"
        ),
    ]
    label: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]
    kind: Literal[tuple(FormField.Kind.values)] = "text"  # type: ignore[valid-type]
    required: bool = True
    choices: list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]] = []
    help_text: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] = ""
    max_length: Annotated[int, Field(ge=1, le=5000)] | None = None

    @model_validator(mode="after")
    def _choices_for_a_choice(self):
        if (self.kind == "choice") != bool(self.choices):
            raise ValueError("choices are given for, and only for, a field of kind 'choice'")
        return self


class StepIn(_Strict):
    stage: Annotated[int, Field(ge=1, le=100)]
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]
    role: RoleCode
    agency: Text | None = None
    local_unit: bool = False  # done by the unit below ``agency`` serving the competent territory
    member_procedure: Text | None = None  # for a group: the code of the member this step settles
    budget_hours: Hours


class CaseIn(_Strict):
    code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32)]
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
    time_limit: Limit | None = None
    time_unit: UnitCode = "working_days"
    cutoff: datetime.time | None = None
    no_appointment: bool = False
    channels: Annotated[list[ChannelIn], Field(min_length=1)]
    fees: list[FeeIn] = []
    components: list[ComponentIn] = []
    form_fields: list[FormFieldIn] = []
    steps: Annotated[list[StepIn], Field(min_length=1)]

    @model_validator(mode="after")
    def _form_keys_unique(self):
        keys = [f.key for f in self.form_fields]
        if len(keys) != len(set(keys)):
            raise ValueError("e-form field keys must be unique within a case")
        return self


class VersionIn(_Strict):
    number: Annotated[int, Field(ge=1)]
    valid_from: datetime.date
    valid_to: datetime.date | None = None
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
    levels: Annotated[list[LevelCode], Field(min_length=1)]
    procedure_type: Literal[tuple(ProcedureType.values)] = "1"  # type: ignore[valid-type]
    online_level: Literal[tuple(OnlineLevel.values)] = "partial"  # type: ignore[valid-type]
    is_interconnected: bool = False
    is_boundary_independent: bool = False
    result_must_be_signed: bool = False
    supplement_mode: Literal["", "pause", "restart"] = ""
    description: OptionalText = ""
    requirements: OptionalText = ""
    applicant_types: list[Text] = []
    where_to_submit: OptionalText = ""
    decision_reference: Annotated[str, StringConstraints(strip_whitespace=True, max_length=255)] = (
        ""
    )
    keywords: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] = ""
    agencies: list[AgencyPartIn] = []
    members: list[Text] = []  # for a procedure group (nhóm TTHC liên thông): procedure codes
    legal_bases: list[LegalBasisIn] = []
    results: list[ResultIn] = []
    cases: Annotated[list[CaseIn], Field(min_length=1)]


class ProcedureIn(_Strict):
    code: Annotated[
        str,
        StringConstraints(
            strip_whitespace=True, min_length=1, max_length=32, pattern=r"^[0-9A-Za-z.\-]+$"
        ),
    ]
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
    field: Text
    versions: Annotated[list[VersionIn], Field(min_length=1)]


class CatalogIn(_Strict):
    format: Literal["motcua-catalog"]
    version: Literal[1]
    fields: list[FieldIn] = []
    procedures: list[ProcedureIn] = []
