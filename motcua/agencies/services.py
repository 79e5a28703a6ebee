"""Writes to the organisation tree: CSV import, mergers, officers' roles.

Every write goes through these keyword-only functions; the admin, the commands and the tests
call them.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.core.dates import parse_date
from motcua.core.errors import InputRejected, Problem

from .models import LEVEL_RANK, Agency, Role, RoleAssignment, districts_abolished_on

REQUIRED_COLUMNS = ("code", "name", "level", "parent_code")
OPTIONAL_COLUMNS = (
    "kind",
    "valid_from",
    "valid_to",
    "successor_code",
    "territory_code",
    "address",
    "phone",
    "email",
)

# The kind an agency has when the file does not say.
DEFAULT_KIND = {
    Agency.Level.MINISTRY: Agency.Kind.MINISTRY,
    Agency.Level.PROVINCE: Agency.Kind.PEOPLES_COMMITTEE,
    Agency.Level.DISTRICT: Agency.Kind.PEOPLES_COMMITTEE,
    Agency.Level.COMMUNE: Agency.Kind.PEOPLES_COMMITTEE,
}


@dataclass
class _Row:
    line: int
    values: dict[str, object]
    parent_code: str
    successor_code: str
    territory_code: str


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def import_agencies_csv(*, data: str | bytes) -> ImportResult:
    """Create or update agencies from CSV text with the columns ``code,name,level,parent_code``
    (and optionally ``kind,valid_from,valid_to,successor_code,territory_code,address,phone,email``).

    Every row is validated first; parents, successors and territories (the People's Committee
    whose territory the agency serves, e.g. for a commune police unit) may be defined anywhere in
    the file or already exist. Any problem raises :class:`InputRejected` naming the line and the
    field, and nothing is written. Districts (2018 regime) without ``valid_to`` end the day
    before the 2025 abolition date.
    """
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputRejected([Problem(_("file"), _("The file is not UTF-8 text."))]) from None
    data = data.removeprefix("\ufeff")
    reader = csv.DictReader(io.StringIO(data))
    header = [h.strip() for h in (reader.fieldnames or [])]
    problems = _check_header(header)
    if problems:
        raise InputRejected(problems)
    reader.fieldnames = header

    rows: list[_Row] = []
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        if None in row:
            problems.append(Problem(_line(line), _("The row has more cells than the header.")))
            continue
        parsed = _parse_row(line, row, problems)
        if parsed is None:
            continue
        code = parsed.values["code"]
        if code in seen:
            problems.append(
                Problem(
                    _line(line, "code"),
                    _("Code %(code)s is already used on line %(other)d.")
                    % {"code": code, "other": seen[code]},
                )
            )
            continue
        seen[code] = line
        rows.append(parsed)
    if not rows and not problems:
        problems.append(Problem(_("file"), _("The file has no agency rows.")))
    problems.extend(_check_references(rows))
    if problems:
        raise InputRejected(problems)
    return _write(rows)


def _line(line: int, field: str | None = None) -> str:
    if field is None:
        return _("line %(line)d") % {"line": line}
    return _("line %(line)d, field %(field)s") % {"line": line, "field": field}


def _check_header(header: list[str]) -> list[Problem]:
    problems = []
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        problems.append(
            Problem(
                _line(1),
                _("Missing column(s): %(cols)s. Required: %(req)s.")
                % {"cols": ", ".join(missing), "req": ",".join(REQUIRED_COLUMNS)},
            )
        )
    unknown = [c for c in header if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    if unknown:
        problems.append(
            Problem(
                _line(1),
                _("Unknown column(s): %(cols)s. Allowed optional columns: %(opt)s.")
                % {"cols": ", ".join(unknown), "opt": ",".join(OPTIONAL_COLUMNS)},
            )
        )
    return problems


def _parse_row(line: int, raw: dict[str, str | None], problems: list[Problem]) -> _Row | None:
    cell = {k: (v or "").strip() for k, v in raw.items()}
    before = len(problems)
    values: dict[str, object] = {"code": cell["code"], "name": cell["name"]}

    level = cell["level"]
    if level not in Agency.Level.values:
        problems.append(
            Problem(
                _line(line, "level"),
                _("“%(value)s” is not a level; use one of: %(choices)s.")
                % {"value": level, "choices": ", ".join(Agency.Level.values)},
            )
        )
    values["level"] = level
    kind = cell.get("kind") or DEFAULT_KIND.get(level, "")
    if kind and kind not in Agency.Kind.values:
        problems.append(
            Problem(
                _line(line, "kind"),
                _("“%(value)s” is not a kind; use one of: %(choices)s.")
                % {"value": kind, "choices": ", ".join(Agency.Kind.values)},
            )
        )
    values["kind"] = kind
    for field in ("valid_from", "valid_to"):
        text = cell.get(field, "")
        values[field] = None
        if text:
            try:
                values[field] = parse_date(text)
            except ValueError:
                problems.append(
                    Problem(
                        _line(line, field),
                        _("“%(value)s” is not a date (YYYY-MM-DD or DD/MM/YYYY).")
                        % {"value": text},
                    )
                )
    if level == Agency.Level.DISTRICT and values["valid_to"] is None:
        values["valid_to"] = districts_abolished_on() - datetime.timedelta(days=1)
    for field in ("address", "phone", "email"):
        values[field] = cell.get(field, "")

    # Field-level checks of the model (code format, lengths, email, district window).
    agency = Agency(**values)
    try:
        # Uniqueness is not checked: an existing code means "update this agency".
        agency.full_clean(
            exclude=["parent", "successor", "territory"] + ([] if values["code"] else ["code"]),
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            for message in messages:
                problems.append(Problem(_line(line, field), message))
    if not values["code"]:
        problems.append(Problem(_line(line, "code"), _("The code is required.")))
    if len(problems) > before:
        return None
    return _Row(
        line=line,
        values=values,
        parent_code=cell["parent_code"],
        successor_code=cell.get("successor_code", ""),
        territory_code=cell.get("territory_code", ""),
    )


def _check_references(rows: list[_Row]) -> list[Problem]:
    problems: list[Problem] = []
    by_code = {r.values["code"]: r for r in rows}
    wanted = {r.parent_code for r in rows} | {r.successor_code for r in rows}
    wanted |= {r.territory_code for r in rows}
    existing = {a.code: a for a in Agency.objects.filter(code__in=wanted - set(by_code) - {""})}

    def level_of(code: str) -> str | None:
        if code in by_code:
            return str(by_code[code].values["level"])
        if code in existing:
            return existing[code].level
        return None

    def kind_of(code: str) -> str | None:
        if code in by_code:
            return str(by_code[code].values["kind"])
        if code in existing:
            return existing[code].kind
        return None

    for row in rows:
        for field, code in (
            ("parent_code", row.parent_code),
            ("successor_code", row.successor_code),
            ("territory_code", row.territory_code),
        ):
            if code and level_of(code) is None:
                problems.append(
                    Problem(
                        _line(row.line, field),
                        _("No agency has the code %(code)s, in the file or the database.")
                        % {"code": code},
                    )
                )
        territory_kind = kind_of(row.territory_code) if row.territory_code else None
        if territory_kind and territory_kind != Agency.Kind.PEOPLES_COMMITTEE:
            problems.append(
                Problem(
                    _line(row.line, "territory_code"),
                    _("The territory served must be a People's Committee; %(code)s is not one.")
                    % {"code": row.territory_code},
                )
            )
        parent_level = level_of(row.parent_code) if row.parent_code else None
        if parent_level and LEVEL_RANK[parent_level] > LEVEL_RANK[row.values["level"]]:
            problems.append(
                Problem(
                    _line(row.line, "parent_code"),
                    _("A %(parent)s-level agency cannot be the parent of a %(child)s-level one.")
                    % {"parent": parent_level, "child": row.values["level"]},
                )
            )
        if row.successor_code == row.values["code"]:
            problems.append(
                Problem(_line(row.line, "successor_code"), _("An agency cannot succeed itself."))
            )
    # Cycles among parents defined in the file (existing agencies cannot point into the file
    # except through rows that update them, which are in by_code too).
    for row in rows:
        seen = {row.values["code"]}
        code = row.parent_code
        while code in by_code:
            if code in seen:
                problems.append(
                    Problem(
                        _line(row.line, "parent_code"),
                        _("The parent links form a cycle through %(code)s.") % {"code": code},
                    )
                )
                break
            seen.add(code)
            code = by_code[code].parent_code
    return problems


@transaction.atomic
def _write(rows: list[_Row]) -> ImportResult:
    created = updated = 0
    agencies: dict[str, Agency] = {
        a.code: a for a in Agency.objects.filter(code__in=[r.values["code"] for r in rows])
    }
    # Pass 1: create or update every row without links, so that links can point anywhere.
    for row in rows:
        code = str(row.values["code"])
        agency = agencies.get(code)
        if agency is None:
            agency = Agency(**row.values)
            created += 1
        else:
            for key, value in row.values.items():
                setattr(agency, key, value)
            updated += 1
        agency.save()
        agencies[code] = agency
    # Pass 2: parents, successors and territories.
    links = {r.parent_code for r in rows} | {r.successor_code for r in rows}
    links |= {r.territory_code for r in rows}
    for agency in Agency.objects.filter(code__in=links - set(agencies) - {""}):
        agencies[agency.code] = agency
    for row in rows:
        agency = agencies[str(row.values["code"])]
        agency.parent = agencies[row.parent_code] if row.parent_code else None
        agency.successor = agencies[row.successor_code] if row.successor_code else None
        agency.territory = agencies[row.territory_code] if row.territory_code else None
        agency.save(update_fields=["parent", "successor", "territory"])
    return ImportResult(created=created, updated=updated)


@transaction.atomic
def merge_agencies(
    *, sources: Iterable[Agency], successor: Agency, last_day: datetime.date
) -> list[Agency]:
    """Record that ``sources`` ceased to exist after ``last_day`` and ``successor`` took over
    their work (sáp nhập). Open dossiers are moved by the dossier services; this only records
    the organisational change, so that history stays readable.
    """
    merged = []
    for agency in sources:
        if agency.pk == successor.pk:
            raise ValidationError(_("An agency cannot be merged into itself."))
        agency.valid_to = last_day
        agency.successor = successor
        agency.full_clean()
        agency.save(update_fields=["valid_to", "successor"])
        merged.append(agency)
    return merged


def assign_role(
    *, user: AbstractBaseUser, agency: Agency, role: Role | str, title: str = ""
) -> RoleAssignment:
    """Give ``user`` a role in ``agency`` (idempotent: re-activates an existing assignment)."""
    if role not in Role.values:
        raise ValidationError(_("Unknown role: %(role)s") % {"role": role})
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, agency=agency, role=role, defaults={"title": title}
    )
    if not created and (not assignment.is_active or (title and assignment.title != title)):
        assignment.is_active = True
        assignment.title = title or assignment.title
        assignment.save(update_fields=["is_active", "title"])
    return assignment
