"""Export and import of the whole catalogue as JSON (see ``docs/catalog-format.md``).

The round trip is exact: importing an export into an empty database and exporting again gives
the same document. An import is validated completely before anything is written — first the
structure (types, required keys, allowed values), then the references (fields, agencies, the
members of procedure groups), unique codes, version windows and the internal-process budgets.
Every problem is reported with the JSON path of the bad value, e.g.
``procedures[3].versions[0].cases[0].steps[2].budget_hours``.

Importing upserts fields and procedures by code and versions by number; the content of an
imported version (agencies, group members, legal bases, results, cases and everything under them)
replaces what the database held for it. A group's members may be procedures defined anywhere in
the file or already in the database.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from pydantic import ValidationError

from motcua.agencies.models import Agency
from motcua.core.dates import windows_overlap
from motcua.core.errors import InputRejected, Problem
from motcua.workcalendar.calendars import hours_per_day

from . import schema
from .budgets import budget_problem, needs_time_limit
from .models import (
    CaseChannel,
    Fee,
    Field,
    FormField,
    GroupMember,
    LegalBasis,
    Procedure,
    ProcedureAgency,
    ProcedureCase,
    ProcedureResult,
    ProcedureVersion,
    ProcessStep,
    RequiredComponent,
)

# --- Export ---------------------------------------------------------------------------------


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _time(value) -> str | None:
    if value is None:
        return None
    return value.strftime("%H:%M:%S" if value.second else "%H:%M")


def export_catalog() -> dict[str, Any]:
    """The whole catalogue as a JSON-ready dict, in a stable order."""
    versions = (
        ProcedureVersion.objects.select_related("procedure")
        .prefetch_related(
            "agency_parts__agency",
            "members__procedure",
            "legal_bases",
            "results",
            "cases__channels",
            "cases__fees",
            "cases__components",
            "cases__form_fields",
            "cases__steps__agency",
            "cases__steps__member_procedure",
        )
        .order_by("procedure__code", "number")
    )
    by_procedure: dict[int, list[dict[str, Any]]] = {}
    for version in versions:
        by_procedure.setdefault(version.procedure_id, []).append(_export_version(version))
    return {
        "format": schema.FORMAT_NAME,
        "version": schema.FORMAT_VERSION,
        "fields": [{"code": f.code, "name": f.name} for f in Field.objects.order_by("code")],
        "procedures": [
            {
                "code": p.code,
                "name": p.name,
                "field": p.field.code,
                "versions": by_procedure.get(p.pk, []),
            }
            for p in Procedure.objects.select_related("field").order_by("code")
        ],
    }


def _export_version(v: ProcedureVersion) -> dict[str, Any]:
    return {
        "number": v.number,
        "valid_from": v.valid_from.isoformat(),
        "valid_to": v.valid_to.isoformat() if v.valid_to else None,
        "name": v.name,
        "levels": v.level_list,
        "procedure_type": v.procedure_type,
        "online_level": v.online_level,
        "is_interconnected": v.is_interconnected,
        "is_boundary_independent": v.is_boundary_independent,
        "result_must_be_signed": v.result_must_be_signed,
        "supplement_mode": v.supplement_mode,
        "description": v.description,
        "requirements": v.requirements,
        "applicant_types": [t for t in v.applicant_types.splitlines() if t.strip()],
        "where_to_submit": v.where_to_submit,
        "decision_reference": v.decision_reference,
        "keywords": v.keywords,
        "agencies": [
            {"agency": a.agency.code, "part": a.part}
            for a in sorted(v.agency_parts.all(), key=lambda a: a.pk)
        ],
        "members": [m.procedure.code for m in sorted(v.members.all(), key=lambda m: m.position)],
        "legal_bases": [
            {
                "number": b.number,
                "title": b.title,
                "issued_on": b.issued_on.isoformat() if b.issued_on else None,
            }
            for b in sorted(v.legal_bases.all(), key=lambda b: b.pk)
        ],
        "results": [
            {"name": r.name, "validity": r.validity}
            for r in sorted(v.results.all(), key=lambda r: r.pk)
        ],
        "cases": [_export_case(c) for c in sorted(v.cases.all(), key=lambda c: c.code)],
    }


def _export_case(c: ProcedureCase) -> dict[str, Any]:
    return {
        "code": c.code,
        "name": c.name,
        "time_limit": _number(c.time_limit),
        "time_unit": c.time_unit,
        "cutoff": _time(c.cutoff),
        "no_appointment": c.no_appointment,
        "channels": [
            {
                "channel": ch.channel,
                "time_limit": _number(ch.time_limit),
                "time_unit": ch.time_unit or None,
            }
            for ch in sorted(c.channels.all(), key=lambda ch: ch.pk)
        ],
        "fees": [
            {
                "kind": f.kind,
                "name": f.name,
                "amount": f.amount,
                "collection": f.collection,
                "channel": f.channel or None,
                "description": f.description,
            }
            for f in sorted(c.fees.all(), key=lambda f: f.pk)
        ],
        "components": [
            {
                "name": m.name,
                "originals": m.originals,
                "copies": m.copies,
                "mandatory": m.mandatory,
                "template_name": m.template_name,
                "template_file": m.template_file.name or "",
                "note": m.note,
            }
            for m in sorted(c.components.all(), key=lambda m: m.position)
        ],
        "form_fields": [
            {
                "key": f.key,
                "label": f.label,
                "kind": f.kind,
                "required": f.required,
                "choices": f.choice_list,
                "help_text": f.help_text,
                "max_length": f.max_length,
            }
            for f in sorted(c.form_fields.all(), key=lambda f: f.position)
        ],
        "steps": [
            {
                "stage": s.stage,
                "name": s.name,
                "role": s.role,
                "agency": s.agency.code if s.agency else None,
                "local_unit": s.local_unit,
                "member_procedure": s.member_procedure.code if s.member_procedure else None,
                "budget_hours": _number(s.budget_hours),
            }
            for s in sorted(c.steps.all(), key=lambda s: (s.stage, s.pk))
        ],
    }


# --- Import ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    fields: int
    procedures: int
    versions: int
    cases: int


def _path(loc: Iterable[Any]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "$"


def parse_catalog(data: str | bytes | dict[str, Any]) -> schema.CatalogIn:
    """Check the structure of a catalogue document; raise :class:`InputRejected` with paths."""
    if not isinstance(data, dict):
        try:
            data = json.loads(data)
        except UnicodeDecodeError:
            raise InputRejected([Problem("$", _("The file is not UTF-8 text."))]) from None
        except json.JSONDecodeError as exc:
            raise InputRejected(
                [
                    Problem(
                        "$",
                        _("Not valid JSON (line %(line)d, column %(col)d): %(msg)s")
                        % {"line": exc.lineno, "col": exc.colno, "msg": exc.msg},
                    )
                ]
            ) from None
    try:
        return schema.CatalogIn.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            loc = [p for p in error["loc"] if not (isinstance(p, str) and p.startswith("literal["))]
            problems.append(Problem(_path(loc), error["msg"]))
        raise InputRejected(problems) from None


def check_catalog(doc: schema.CatalogIn) -> list[Problem]:
    """Problems that need the database or the whole document: references, uniqueness, windows,
    budgets."""
    problems: list[Problem] = []
    file_fields = {}
    for i, f in enumerate(doc.fields):
        if f.code in file_fields:
            problems.append(Problem(f"fields[{i}].code", _("Duplicate field code %s") % f.code))
        file_fields[f.code] = f
    known_fields = set(file_fields) | set(
        Field.objects.filter(code__in={p.field for p in doc.procedures}).values_list(
            "code", flat=True
        )
    )
    agency_codes = {a.agency for p in doc.procedures for v in p.versions for a in v.agencies} | {
        s.agency for p in doc.procedures for v in p.versions for c in v.cases for s in c.steps
    }
    known_agencies = set(
        Agency.objects.filter(code__in=agency_codes - {None}).values_list("code", flat=True)
    )
    file_procedures = {p.code for p in doc.procedures}
    member_codes = {m for p in doc.procedures for v in p.versions for m in v.members}
    known_procedures = file_procedures | set(
        Procedure.objects.filter(code__in=member_codes - file_procedures).values_list(
            "code", flat=True
        )
    )
    per_day = hours_per_day()
    in_use = set(
        ProcedureVersion.objects.filter(
            procedure__code__in=[p.code for p in doc.procedures], dossier__isnull=False
        ).values_list("procedure__code", "number")
    )
    seen_procedures: set[str] = set()
    for i, p in enumerate(doc.procedures):
        at = f"procedures[{i}]"
        if p.code in seen_procedures:
            problems.append(Problem(f"{at}.code", _("Duplicate procedure code %s") % p.code))
        seen_procedures.add(p.code)
        if p.field not in known_fields:
            problems.append(Problem(f"{at}.field", _("Unknown field code %s") % p.field))
        numbers: set[int] = set()
        windows = []
        for j, v in enumerate(p.versions):
            vat = f"{at}.versions[{j}]"
            if v.number in numbers:
                problems.append(Problem(f"{vat}.number", _("Duplicate version number")))
            if (p.code, v.number) in in_use:
                problems.append(
                    Problem(
                        f"{vat}.number",
                        _(
                            "Dossiers were received under version %(n)d: it cannot be changed. "
                            "Publish a new version with a later validity instead."
                        )
                        % {"n": v.number},
                    )
                )
            numbers.add(v.number)
            if v.valid_to and v.valid_to < v.valid_from:
                problems.append(
                    Problem(f"{vat}.valid_to", _("The end of validity is before its start."))
                )
            for k, (start, end, other) in enumerate(windows):
                if windows_overlap(start, end, v.valid_from, v.valid_to):
                    problems.append(
                        Problem(
                            f"{vat}.valid_from",
                            _("The validity overlaps version %(n)d (versions[%(k)d]).")
                            % {"n": other, "k": k},
                        )
                    )
            windows.append((v.valid_from, v.valid_to, v.number))
            parts = set()
            for k, a in enumerate(v.agencies):
                if a.agency not in known_agencies:
                    problems.append(
                        Problem(
                            f"{vat}.agencies[{k}].agency", _("Unknown agency code %s") % a.agency
                        )
                    )
                if (a.agency, a.part) in parts:
                    problems.append(Problem(f"{vat}.agencies[{k}]", _("Listed twice")))
                parts.add((a.agency, a.part))
            members: set[str] = set()
            for k, code in enumerate(v.members):
                mat = f"{vat}.members[{k}]"
                if code == p.code:
                    problems.append(
                        Problem(mat, _("A procedure group cannot be one of its own members."))
                    )
                elif code not in known_procedures:
                    problems.append(Problem(mat, _("Unknown procedure code %s") % code))
                if code in members:
                    problems.append(Problem(mat, _("Listed twice")))
                members.add(code)
            case_codes: set[str] = set()
            for k, c in enumerate(v.cases):
                problems.extend(
                    _check_case(f"{vat}.cases[{k}]", c, known_agencies, members, per_day)
                )
                if c.code in case_codes:
                    problems.append(
                        Problem(f"{vat}.cases[{k}].code", _("Duplicate case code %s") % c.code)
                    )
                case_codes.add(c.code)
    return problems


def _check_case(
    at: str, c: schema.CaseIn, known_agencies: set[str], members: set[str], per_day
) -> list[Problem]:
    problems = []
    if c.time_limit is None and needs_time_limit(
        time_unit=c.time_unit, no_appointment=c.no_appointment
    ):
        problems.append(
            Problem(
                f"{at}.time_limit",
                _(
                    "A time limit is required unless the case has no appointment date or is "
                    "handled the same day."
                ),
            )
        )
    channels = set()
    for k, ch in enumerate(c.channels):
        if ch.channel in channels:
            problems.append(Problem(f"{at}.channels[{k}].channel", _("Listed twice")))
        channels.add(ch.channel)
        if ch.time_unit and ch.time_limit is None:
            problems.append(
                Problem(f"{at}.channels[{k}].time_limit", _("A unit was given without a limit."))
            )
    for k, s in enumerate(c.steps):
        if s.agency is not None and s.agency not in known_agencies:
            problems.append(
                Problem(f"{at}.steps[{k}].agency", _("Unknown agency code %s") % s.agency)
            )
        if s.local_unit and s.agency is None:
            problems.append(
                Problem(
                    f"{at}.steps[{k}].local_unit",
                    _("A local unit is looked up below the step's agency: name the agency."),
                )
            )
        if s.member_procedure is not None and s.member_procedure not in members:
            problems.append(
                Problem(
                    f"{at}.steps[{k}].member_procedure",
                    _("Procedure %s is not among the members of this version.")
                    % s.member_procedure,
                )
            )
    problem = budget_problem(
        time_limit=c.time_limit,
        time_unit=c.time_unit,
        no_appointment=c.no_appointment,
        steps=[(s.stage, s.budget_hours) for s in c.steps],
        hours_per_day=per_day,
    )
    if problem:
        problems.append(Problem(f"{at}.steps", problem))
    return problems


def import_catalog(*, data: str | bytes | dict[str, Any]) -> ImportResult:
    """Validate a catalogue document completely, then write it in one transaction."""
    doc = parse_catalog(data)
    problems = check_catalog(doc)
    if problems:
        raise InputRejected(problems)
    return _write(doc)


@transaction.atomic
def _write(doc: schema.CatalogIn) -> ImportResult:
    fields = {f.code: f for f in Field.objects.all()}
    for f in doc.fields:
        field = fields.get(f.code) or Field(code=f.code)
        field.name = f.name
        field.save()
        fields[f.code] = field
    agencies = {a.code: a for a in Agency.objects.all().only("id", "code")}
    # Procedures first: a group's members may come later in the file.
    member_codes = {m for p in doc.procedures for v in p.versions for m in v.members}
    procedures = {pr.code: pr for pr in Procedure.objects.filter(code__in=member_codes)}
    for p in doc.procedures:
        procedures[p.code], _created = Procedure.objects.update_or_create(
            code=p.code, defaults={"name": p.name, "field": fields[p.field]}
        )
    n_versions = n_cases = 0
    for p in doc.procedures:
        procedure = procedures[p.code]
        for v in p.versions:
            version, _created = ProcedureVersion.objects.update_or_create(
                procedure=procedure,
                number=v.number,
                defaults={
                    "valid_from": v.valid_from,
                    "valid_to": v.valid_to,
                    "name": v.name,
                    "levels": ",".join(v.levels),
                    "procedure_type": v.procedure_type,
                    "online_level": v.online_level,
                    "is_interconnected": v.is_interconnected,
                    "is_boundary_independent": v.is_boundary_independent,
                    "result_must_be_signed": v.result_must_be_signed,
                    "supplement_mode": v.supplement_mode,
                    "description": v.description,
                    "requirements": v.requirements,
                    "applicant_types": "\n".join(v.applicant_types),
                    "where_to_submit": v.where_to_submit,
                    "decision_reference": v.decision_reference,
                    "keywords": v.keywords,
                },
            )
            _replace_version_content(version, v, agencies, procedures)
            n_versions += 1
            n_cases += len(v.cases)
    return ImportResult(
        fields=len(doc.fields), procedures=len(doc.procedures), versions=n_versions, cases=n_cases
    )


def _replace_version_content(
    version: ProcedureVersion,
    v: schema.VersionIn,
    agencies: dict[str, Agency],
    procedures: dict[str, Procedure],
) -> None:
    version.agency_parts.all().delete()
    version.members.all().delete()
    version.legal_bases.all().delete()
    version.results.all().delete()
    version.cases.all().delete()
    ProcedureAgency.objects.bulk_create(
        ProcedureAgency(version=version, agency=agencies[a.agency], part=a.part) for a in v.agencies
    )
    GroupMember.objects.bulk_create(
        GroupMember(version=version, procedure=procedures[code], position=n)
        for n, code in enumerate(v.members, start=1)
    )
    LegalBasis.objects.bulk_create(
        LegalBasis(version=version, number=b.number, title=b.title, issued_on=b.issued_on)
        for b in v.legal_bases
    )
    ProcedureResult.objects.bulk_create(
        ProcedureResult(version=version, name=r.name, validity=r.validity) for r in v.results
    )
    for c in v.cases:
        case = ProcedureCase.objects.create(
            version=version,
            code=c.code,
            name=c.name,
            time_limit=c.time_limit,
            time_unit=c.time_unit,
            cutoff=c.cutoff,
            no_appointment=c.no_appointment,
        )
        CaseChannel.objects.bulk_create(
            CaseChannel(
                case=case,
                channel=ch.channel,
                time_limit=ch.time_limit,
                time_unit=ch.time_unit or "",
            )
            for ch in c.channels
        )
        Fee.objects.bulk_create(
            Fee(
                case=case,
                kind=f.kind,
                name=f.name,
                amount=f.amount,
                collection=f.collection,
                channel=f.channel or "",
                description=f.description,
            )
            for f in c.fees
        )
        RequiredComponent.objects.bulk_create(
            RequiredComponent(
                case=case,
                position=n,
                name=m.name,
                originals=m.originals,
                copies=m.copies,
                mandatory=m.mandatory,
                template_name=m.template_name,
                template_file=m.template_file,
                note=m.note,
            )
            for n, m in enumerate(c.components, start=1)
        )
        FormField.objects.bulk_create(
            FormField(
                case=case,
                position=n,
                key=f.key,
                label=f.label,
                kind=f.kind,
                required=f.required,
                choices="\n".join(f.choices),
                help_text=f.help_text,
                max_length=f.max_length,
            )
            for n, f in enumerate(c.form_fields, start=1)
        )
        ProcessStep.objects.bulk_create(
            ProcessStep(
                case=case,
                stage=s.stage,
                name=s.name,
                role=s.role,
                agency=agencies[s.agency] if s.agency else None,
                local_unit=s.local_unit,
                member_procedure=procedures[s.member_procedure] if s.member_procedure else None,
                budget_hours=s.budget_hours,
            )
            for s in c.steps
        )
