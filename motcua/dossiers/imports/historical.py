"""Historical procedures: procedure codes of legacy dossiers that the catalogue does not have.

An older system may have received dossiers under procedures that were abolished, merged or
renumbered before the province published its catalogue here. Its dossiers must still be counted
by the reports, so with ``--allow-new-procedures`` the import records such a code as a
**historical procedure**: ``Procedure.historical`` is set, which keeps it out of the catalogue
that the portal and the counter search (``motcua.catalog.search``), and it is never published.

It gets what a dossier's foreign keys need and nothing more:

* the field (lĩnh vực) ``LEGACY`` "Thủ tục nhập từ hệ thống cũ", created on first need;
* one version (number 1) named after the procedure, valid from the first to the last day of its
  dossiers (received, else submitted), at the levels of their competent agencies, offered for
  information only (``OnlineLevel.INFORMATION``: never submittable online);
* one case ``01`` with **no appointment date** (``no_appointment``): its time limit is not known,
  so its dossiers keep the due instants the former system gave them, or none.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from motcua.agencies.models import LEVEL_RANK
from motcua.catalog.models import (
    Field,
    OnlineLevel,
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    TimeUnit,
)

FIELD_CODE = "LEGACY"
FIELD_NAME = "Thủ tục nhập từ hệ thống cũ"
CASE_CODE = "01"


@dataclass
class NewProcedure:
    """A historical procedure to create, gathered from the rows that name it."""

    code: str
    name: str  # the procedure_name of the first row naming it
    first: datetime.date
    last: datetime.date
    levels: set[str] = field(default_factory=set)

    def add(self, day: datetime.date, level: str | None) -> None:
        self.first, self.last = min(self.first, day), max(self.last, day)
        if level:
            self.levels.add(level)


def legacy_field() -> Field:
    found, _created = Field.objects.get_or_create(code=FIELD_CODE, defaults={"name": FIELD_NAME})
    return found


def create(new: NewProcedure, on: Field) -> tuple[ProcedureVersion, ProcedureCase]:
    """Create the procedure, its version and its case (signals bump the reference data)."""
    procedure = Procedure.objects.create(code=new.code, name=new.name, field=on, historical=True)
    levels = sorted(new.levels, key=lambda level: LEVEL_RANK.get(level, 99))
    version = ProcedureVersion.objects.create(
        procedure=procedure,
        number=1,
        valid_from=new.first,
        valid_to=new.last,
        name=new.name,
        levels=",".join(levels),
        online_level=OnlineLevel.INFORMATION,
    )
    case = ProcedureCase.objects.create(
        version=version,
        code=CASE_CODE,
        name=new.name,
        time_limit=None,
        time_unit=TimeUnit.WORKING_DAYS,
        no_appointment=True,
    )
    return version, case
