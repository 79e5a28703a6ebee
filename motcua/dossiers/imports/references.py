"""What the rows name in the database: agencies, procedures, existing dossier codes.

Every lookup is made once for the whole file — all agencies in one query, the procedures and
dossier codes of the file in chunks — and kept in dictionaries: validating 100,000 rows makes a
few hundred queries at most, none per row.

* **Agencies** must exist (``motcua import-agencies`` loads them). ``agency_code`` is the
  competent agency (``Dossier.competent_agency``) and also the receiving one-stop unit unless
  ``receiving_unit_code`` names another. Their validity windows are not checked: a dossier of an
  agency merged since keeps the agency it had.
* **Codes** are kept as given — older systems used other formats, so the format is not checked
  — but must be unique in the file and against the dossiers already in the database.
* **Procedures**: a known code is pinned to the version *in force on the dossier's day*
  (received, else submitted; the latest version if windows overlap), else to the *nearest*
  version in time (the later one on a tie), and to that version's first case by code (versions
  without a case are skipped). An unknown code is refused, unless new procedures are allowed:
  then it becomes a historical procedure (``historical``), created by the write.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db import connection
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.catalog.models import CaseChannel, Procedure, ProcedureCase, ProcedureVersion
from motcua.core.errors import Problem

from ..models import Dossier
from .formats import problem
from .historical import NewProcedure
from .rules import Row

CHUNK = 500  # values per IN (…) list: well under every database's limit on parameters


def chunked(values: Iterable, size: int = CHUNK) -> Iterator[list]:
    batch: list = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass(slots=True)
class Version:
    """A procedure version as the import needs it, with its first case (``case`` is set for a
    historical procedure only when the write creates it)."""

    procedure_code: str
    id: int | None
    number: int
    valid_from: datetime.date
    valid_to: datetime.date | None
    supplement_mode: str
    case: ProcedureCase | None
    channels: dict[str, CaseChannel] = field(default_factory=dict)
    new: NewProcedure | None = None
    case_id: int | None = None

    @property
    def no_appointment(self) -> bool:
        return self.new is not None or (self.case is not None and self.case.no_appointment)

    def distance(self, day: datetime.date) -> int:
        """Days between ``day`` and the validity window (0 inside it)."""
        if day < self.valid_from:
            return (self.valid_from - day).days
        if self.valid_to is not None and day > self.valid_to:
            return (day - self.valid_to).days
        return 0


class Catalogue:
    """The versions (with their first case) of the procedures a file names."""

    def __init__(self, codes: set[str]) -> None:
        self.existing: set[str] = set()
        self.versions: dict[str, list[Version]] = {}
        self._chosen: dict[tuple[str, datetime.date], Version | None] = {}
        found: list[Version] = []
        for batch in chunked(sorted(codes)):
            self.existing.update(
                Procedure.objects.filter(code__in=batch).values_list("code", flat=True)
            )
            found += [
                Version(code, pk, number, start, end, mode, None)
                for pk, code, number, start, end, mode in ProcedureVersion.objects.filter(
                    procedure__code__in=batch
                ).values_list(
                    "id", "procedure__code", "number", "valid_from", "valid_to", "supplement_mode"
                )
            ]
        by_id = {v.id: v for v in found}
        for batch in chunked(sorted(by_id)):
            for case in ProcedureCase.objects.filter(version_id__in=batch).order_by("code", "id"):
                version = by_id[case.version_id]
                if version.case is None:
                    version.case, version.case_id = case, case.pk
        cases = {v.case.pk: v for v in found if v.case is not None}
        for batch in chunked(sorted(cases)):
            for channel in CaseChannel.objects.filter(case_id__in=batch):
                cases[channel.case_id].channels[channel.channel] = channel
        for version in found:
            if version.case is not None:
                self.versions.setdefault(version.procedure_code, []).append(version)

    def version_on(self, code: str, day: datetime.date) -> Version | None:
        """The version of ``code`` for a dossier of ``day`` (see the module docstring)."""
        key = (code, day)
        if key not in self._chosen:
            versions = self.versions.get(code, [])
            self._chosen[key] = (
                min(versions, key=lambda v: (v.distance(day), -v.number)) if versions else None
            )
        return self._chosen[key]


@dataclass
class Resolved:
    """The cross-checks' result: the versions of the historical procedures to create, by
    code (``Version.new`` says what to create; the write sets ``id`` and ``case``)."""

    new_procedures: dict[str, Version]


def resolve(rows: list[Row], *, allow_new_procedures: bool, problems: list[Problem]) -> Resolved:
    """Check what every row names against the database and the other rows; set each row's
    ``version``, ``agency_id`` and ``unit_id``."""
    agencies = {
        code: (pk, level) for code, pk, level in Agency.objects.values_list("code", "id", "level")
    }
    catalogue = Catalogue({r.procedure_code for r in rows if r.procedure_code})
    taken = _codes_in_database({r.code for r in rows if r.code})
    first_line: dict[str, int] = {}
    new: dict[str, Version] = {}
    for row in rows:
        line = row.line
        if row.code:
            if row.code in taken:
                problems.append(
                    problem(
                        line,
                        "code",
                        _("A dossier with the code %(code)s is already in the database.")
                        % {"code": row.code},
                    )
                )
            elif row.code in first_line:
                problems.append(
                    problem(
                        line,
                        "code",
                        _("The code %(code)s is already used on line %(other)d.")
                        % {"code": row.code, "other": first_line[row.code]},
                    )
                )
            else:
                first_line[row.code] = line
        agency = _agency(agencies, row, "agency_code", problems)
        row.agency_id = row.unit_id = agency[0] if agency else None
        if row.receiving_unit_code:
            unit = _agency(agencies, row, "receiving_unit_code", problems)
            row.unit_id = unit[0] if unit else None
        if not row.procedure_code or "procedure_code" in row.bad:
            continue
        if row.received_at is None and row.submitted_at is None:
            continue  # no day to choose a version by (already reported)
        day = row.day
        code = row.procedure_code
        if code in catalogue.existing:
            row.version = catalogue.version_on(code, day)
            if row.version is None:
                problems.append(
                    problem(
                        line,
                        "procedure_code",
                        _("Procedure %(code)s has no version with a case in the catalogue.")
                        % {"code": code},
                    )
                )
        elif not allow_new_procedures:
            problems.append(
                problem(
                    line,
                    "procedure_code",
                    _(
                        "No procedure has the code %(code)s in the catalogue (import the "
                        "catalogue, or record it as historical with --allow-new-procedures)."
                    )
                    % {"code": code},
                )
            )
        elif not row.procedure_name and code not in new:
            problems.append(
                problem(
                    line,
                    "procedure_name",
                    _("Required for a procedure that is not in the catalogue (%(code)s).")
                    % {"code": code},
                )
            )
        else:
            version = new.get(code)
            if version is None:
                entry = NewProcedure(code, row.procedure_name, day, day)
                version = new[code] = Version(code, None, 1, day, day, "", None, new=entry)
            version.new.add(day, agency[1] if agency else None)
            row.version = version
        if (
            row.version is not None
            and row.received_at is not None
            and row.due_at is None
            and "due_at" not in row.bad
            and not row.version.no_appointment
        ):
            problems.append(
                problem(
                    line,
                    "due_at",
                    _(
                        "Required for a received dossier: the case %(case)s of procedure %(code)s "
                        "has a time limit."
                    )
                    % {"case": row.version.case.code, "code": code},
                )
            )
    return Resolved(new)


def _agency(agencies: dict, row: Row, field: str, problems: list[Problem]) -> tuple | None:
    """The agency (key, level) whose code the row gives in ``field``; none if it gives none, or
    an unknown one — a problem, unless the value was already refused."""
    code = getattr(row, field)
    if not code:
        return None
    found = agencies.get(code)
    if found is None and field not in row.bad:
        problems.append(
            problem(
                row.line,
                field,
                _("No agency has the code %(code)s (load agencies with import-agencies).")
                % {"code": code},
            )
        )
    return found


def _codes_in_database(codes: set[str]) -> set[str]:
    """The codes already used by dossiers (plain SQL: the ORM would spend more time building
    these queries than the database answering them)."""
    quote = connection.ops.quote_name
    head = f"SELECT {quote('code')} FROM {quote(Dossier._meta.db_table)} WHERE {quote('code')} IN "
    taken: set[str] = set()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # one statement, the codes as one array value
            cursor.execute(head.removesuffix(" IN ") + " = ANY(%s)", [sorted(codes)])
            return {code for (code,) in cursor.fetchall()}
        for batch in chunked(sorted(codes)):
            cursor.execute(head + f"({', '.join(['%s'] * len(batch))})", batch)
            taken.update(code for (code,) in cursor.fetchall())
    return taken
