"""JSON text of event payloads and notice data, as the services write them.

Each function mirrors one place of ``motcua/dossiers/services`` (payload keys and their order)
or of ``motcua/dossiers/forms.py`` (the snapshot a notice keeps); ``tests/bench`` compares them
with the real functions on generated dossiers. The text is built directly rather than through
``json.dumps`` of a dict: there are about ten payloads per dossier, so this is the hot path.
``json.dumps`` (default separators) is used for every free-text value: with ASCII escapes, as
``JSONField`` writes it, on SQLite (which keeps the text); in UTF-8 on PostgreSQL, whose ``jsonb``
keeps the decoded value — the same either way — and parses UTF-8 faster (``use_utf8``).
"""

from __future__ import annotations

import json

_dumps = json.dumps


def use_utf8(utf8: bool) -> None:
    """Write non-ASCII characters as UTF-8 (PostgreSQL) or as ``\\uXXXX`` (SQLite)."""
    global _dumps
    _dumps = (lambda v: json.dumps(v, ensure_ascii=False)) if utf8 else json.dumps
    _texts.clear()


_texts: dict[str, str] = {}


def text(value: str | None) -> str:
    """JSON of a string (or null); strings repeat a lot (names, agencies), so they are cached."""
    if value is None:
        return "null"
    out = _texts.get(value)
    if out is None:
        if len(_texts) > 500_000:
            _texts.clear()
        out = _texts[value] = _dumps(value)
    return out


def opened_row(row, iso, started: str) -> str:
    """``services.base.step_payload`` (``started``: the start as ``iso`` writes it)."""
    holder = "null" if row[H] is None else str(row[H])
    return (
        f'{{"sequence": {row[SEQ]}, "stage": {row[STAGE]}, "agency": {row[AGENCY_CODE]}, '
        f'"holder": {holder}, "started_at": "{started}", '
        f'"budget_seconds": {row[BUDGET]}, "due_at": "{iso(row[DUE])}"}}'
    )


def closed_row(row, finished: str) -> str:
    """``services.base.closed_payload`` (``finished``: the end as ``iso`` writes it)."""
    return (
        f'{{"sequence": {row[SEQ]}, "finished_at": "{finished}", '
        f'"timeliness": "{row[TIMELINESS]}"}}'
    )


def opened(rows, iso, started: str) -> str:
    """``services.base.opened_payload`` (without the braces), or "" when nothing opened."""
    if not rows:
        return ""
    first = f'"opened": {opened_row(rows[0], iso, started)}'
    if len(rows) == 1:
        return first
    more = ", ".join(opened_row(r, iso, started) for r in rows[1:])
    return f'{first}, "also_opened": [{more}]'


def closed(rows, finished: str) -> str:
    """``services.base.closed_rows_payload`` (without the braces)."""
    if not rows:
        return ""
    first = f'"closed": {closed_row(rows[0], finished)}'
    if len(rows) == 1:
        return first
    more = ", ".join(closed_row(r, finished) for r in rows[1:])
    return f'{first}, "also_closed": [{more}]'


def join(*parts: str) -> str:
    return "{" + ", ".join(p for p in parts if p) + "}"


# A control-slip row in the simulation (``life.Life``) is a list: first the columns of the
# table, in ``load.COLUMNS["step"]`` order (instants as the database text), then what the
# simulation needs.
(
    ID,
    DOSSIER,
    SEQ,
    PROCESS_STEP,
    STAGE,
    NAME,
    ROLE,
    AGENCY,
    H,
    GIVER,
    GIVER_AGENCY,
    STARTED_DB,
    BUDGET,
    DUE_DB,
    FINISHED_DB,
    ACTION,
    NOTE,
    TIMELINESS,
    OVERRUN,
    AGENCY_CODE,  # the agency's code as JSON text
    W_STARTED,  # working time (``Clock.w``) at the start
    W_DUE,  # … and at the due instant
    POOL,  # the officers of the row's role at its agency
    STARTED,  # instants (integers)
    DUE,
    FINISHED,
) = range(26)
DB_FIELDS = 19


class Header:
    """``forms._header`` of one dossier, built once and reused by its notices. ``fixed`` is
    the part that depends only on the receiving unit, competent agency and case
    (``Header.fixed``), built once per route."""

    __slots__ = ("after", "before")

    def __init__(self, fixed: tuple[str, str], *, subject, parties, channel) -> None:
        self.before = fixed[0]
        people = ", ".join(
            f'"{kind}": {{"name": {text(p[0])}, "id_type": "{p[1]}", "id_number": "{p[2]}", '
            f'"address": {text(p[3])}, "phone": "{p[4]}", "email": "{p[5]}"}}'
            for kind, p in parties
        )
        self.after = (
            f'{fixed[1]}, "subject": {text(subject)}, "parties": {{{people}}}, '
            f'"channel": "{channel}"'
        )

    @staticmethod
    def fixed(unit, competent, procedure_code, version_name, case_name) -> tuple[str, str]:
        return (
            f'"unit": {{"code": {text(unit[0])}, "name": {text(unit[1])}}}, '
            f'"competent_agency": {{"code": {text(competent[0])}, "name": {text(competent[1])}}}',
            f'"procedure": {{"code": {text(procedure_code)}, "name": {text(version_name)}}}, '
            f'"case": {text(case_name)}',
        )

    def of(self, form: str, form_set: str, form_number: str, code: str | None) -> str:
        return (
            f'"form": "{form}", "form_set": "{form_set}", "form_number": "{form_number}", '
            f"{self.before}, "
            f'"code": {text(code)}, {self.after}'
        )


def receipt(header: Header, form_set, number, code, components: str, sets, limit_text, unit,
            received, appointment, return_method) -> str:  # fmt: skip
    """``forms.receipt`` (Form 01); ``components`` already as JSON."""
    return (
        "{"
        + header.of("receipt", form_set, number, code)
        + f', "components": {components}, "sets": {sets}, '
        f'"time_limit": {{"amount": {text(limit_text)}, "unit": "{unit}"}}, '
        f'"received_at": {text(received)}, "appointment_at": {text(appointment)}, '
        f'"return_method": "{return_method}"}}'
    )


def items(values: list[str]) -> str:
    return _dumps(values)


def supplement_request(header: Header, form_set, number, code, reason, values) -> str:
    """``forms.supplement_request`` (Form 02)."""
    return (
        "{"
        + header.of("supplement_request", form_set, number, code)
        + f', "items": {_dumps(values)}, "reason": {text(reason)}}}'
    )


def refusal(header: Header, form_set, number, code, reason) -> str:
    """``forms.refusal`` (Form 03)."""
    return "{" + header.of("refusal", form_set, number, code) + f', "reason": {text(reason)}}}'


def stop_notice(header: Header, form_set, number, code, requested, state, reason) -> str:
    """``forms.stop_notice``."""
    return (
        "{"
        + header.of("stop_notice", form_set, number, code)
        + f', "requested_at": "{requested}", "state_checked": "{state}", '
        f'"reason": {text(reason)}, "stopped": true}}'
    )


def apology(header: Header, form_set, number, code, received, field_name, previous, new,
            reason, cause_agency) -> str:  # fmt: skip
    """``forms.apology`` (Form 04)."""
    return (
        "{"
        + header.of("apology", form_set, number, code)
        + f', "received_at": "{received}", "field": {text(field_name)}, '
        f'"previous_appointment": "{previous}", "new_appointment": "{new}", '
        f'"reason": {text(reason)}, "cause_agency": {text(cause_agency)}}}'
    )
