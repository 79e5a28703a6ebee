"""Reading a legacy file: JSON Lines or CSV, one dossier per record (docs/import.md).

Provinces that move from an older one-stop system export their historical dossiers with the
fields below, named the same in both formats. The file is UTF-8 (a byte-order mark is allowed).
Its format is told by its name — ``.jsonl`` or ``.ndjson``: JSON Lines; ``.csv``: CSV — or,
for any other name, by its first character that is not white space: ``{`` is JSON Lines,
anything else CSV.

* **JSON Lines**: one JSON object per line; blank lines are skipped. Values are strings (or
  ``null``, the same as absent); ``status`` may also be a number. ``pauses`` is a list of
  ``{"kind": "supplement"|"payment"|"stop", "from": instant, "to": instant or null}``.
* **CSV**: a header line naming the columns (the required ones, and any optional ones, in any
  order), then one line per dossier; an empty cell is an absent value. ``pauses`` is one cell:
  pauses separated by ``;``, each ``kind:from/to`` with ``to`` left empty for a pause still
  open — ``supplement:2025-03-01T09:00/2025-03-05T10:00;stop:2025-04-01T08:00/``.

Reading only checks the shape (keys, types, the pause notation); what the values mean is checked
by ``rules``. A record is located by its line in the file (a CSV record whose quoted value spans
several lines: its last line).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

from motcua.core.errors import Problem

REQUIRED = ("code", "procedure_code", "agency_code", "channel", "status", "applicant_name")
OPTIONAL = (
    "procedure_name",
    "receiving_unit_code",
    "submitted_at",
    "received_at",
    "due_at",
    "finished_at",
    "returned_at",
    "applicant_id_number",
    "subject",
    "pauses",
)
FIELDS = REQUIRED + OPTIONAL
TEXT_FIELDS = tuple(f for f in FIELDS if f != "pauses")
PAUSE_KEYS = ("kind", "from", "to")

JSON_LINES = "jsonl"
CSV = "csv"
_BY_SUFFIX = {".jsonl": JSON_LINES, ".ndjson": JSON_LINES, ".csv": CSV}


@dataclass(slots=True)
class RawPause:
    """A pause as written: texts, ``end`` empty for a pause still open."""

    kind: str
    start: str
    end: str


@dataclass(slots=True)
class Record:
    """One dossier as written. ``cells`` holds every text field, stripped: ``""`` when absent,
    ``None`` when present but unreadable (the problem is already reported). ``pauses`` is
    ``None`` when unreadable."""

    line: int
    cells: dict[str, str | None]
    pauses: list[RawPause] | None


@dataclass(frozen=True)
class LineProblem(Problem):
    """A problem of one line of the file (``line`` 0: of the whole file), so that the problems
    found by the different checks can be listed in the order of the file."""

    line: int = 0


def where(line: int, field: str | None = None) -> str:
    if line == 0:
        return _("file")
    if field is None:
        return _("line %(line)d") % {"line": line}
    return _("line %(line)d, field %(field)s") % {"line": line, "field": field}


def problem(line: int, field: str | None, message: str) -> LineProblem:
    """The problem of ``field`` (or of the whole line) on ``line``."""
    return LineProblem(where(line, field), message, line)


def pause_field(index: int, key: str | None = None) -> str:
    """The name of a pause's field in messages: ``pauses[2].from`` (pauses counted from 1)."""
    return f"pauses[{index}]" + (f".{key}" if key else "")


def decode(data: bytes | str, problems: list[Problem]) -> str | None:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(problem(line, None, _("The file is not UTF-8 text.")))
        return None


def detect(name: str, text: str) -> str:
    """``jsonl`` or ``csv``, from the file's name, else from its first visible character."""
    lowered = name.lower()
    for suffix, kind in _BY_SUFFIX.items():
        if lowered.endswith(suffix):
            return kind
    return JSON_LINES if text.lstrip()[:1] == "{" else CSV


def read(text: str, kind: str, problems: list[Problem]) -> Iterator[Record]:
    """The records of ``text`` in format ``kind``; shape problems go to ``problems``."""
    return _read_json_lines(text, problems) if kind == JSON_LINES else _read_csv(text, problems)


# --- JSON Lines -----------------------------------------------------------------------------


def _read_json_lines(text: str, problems: list[Problem]) -> Iterator[Record]:
    loads, decode_error = json.loads, json.JSONDecodeError
    blank: dict[str, str | None] = dict.fromkeys(TEXT_FIELDS, "")
    text_fields = frozenset(TEXT_FIELDS)
    # Only "\n" ends a line (JSON text may hold U+2028 and other characters that
    # str.splitlines() would also split on), read one at a time.
    for number, raw in enumerate(io.StringIO(text, newline="\n"), start=1):
        if not raw or raw.isspace():
            continue
        try:
            obj = loads(raw)
        except decode_error as exc:
            problems.append(
                problem(
                    number,
                    None,
                    _("Not valid JSON (%(error)s, column %(column)d).")
                    % {"error": exc.msg, "column": exc.colno},
                )
            )
            continue
        if not isinstance(obj, dict):
            problems.append(problem(number, None, _("Each line must be a JSON object.")))
            continue
        cells = blank.copy()
        unknown = []
        for key, value in obj.items():
            if key in text_fields:
                kind = type(value)
                if kind is str:
                    cells[key] = value.strip()
                elif value is None:
                    pass
                elif kind is int and key == "status":
                    cells[key] = str(value)
                else:
                    cells[key] = None
                    problems.append(problem(number, key, _("The value must be a string.")))
            elif key != "pauses":
                unknown.append(key)
        if unknown:
            problems.append(
                problem(
                    number,
                    None,
                    _("Unknown field(s): %(fields)s.") % {"fields": ", ".join(unknown)},
                )
            )
        yield Record(number, cells, _json_pauses(obj.get("pauses"), number, problems))


def _json_pauses(value, line: int, problems: list[Problem]) -> list[RawPause] | None:
    if value is None:
        return []
    if not isinstance(value, list):
        problems.append(problem(line, "pauses", _("The pauses must be a JSON list.")))
        return None
    pauses: list[RawPause] = []
    ok = True
    for index, item in enumerate(value, start=1):
        if not isinstance(item, dict) or any(k not in PAUSE_KEYS for k in item):
            problems.append(
                problem(
                    line,
                    pause_field(index),
                    _('A pause is an object {"kind": …, "from": …, "to": …}.'),
                )
            )
            ok = False
            continue
        texts = []
        for key in PAUSE_KEYS:
            v = item.get(key)
            if v is not None and type(v) is not str:
                problems.append(
                    problem(line, pause_field(index, key), _("The value must be a string."))
                )
                ok = False
            texts.append(v.strip() if type(v) is str else "")
        pauses.append(RawPause(*texts))
    return pauses if ok else None


# --- CSV ------------------------------------------------------------------------------------


def _read_csv(text: str, problems: list[Problem]) -> Iterator[Record]:
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        problems.append(
            problem(reader.line_num, None, _("Not valid CSV: %(error)s.") % {"error": exc})
        )
        return
    header = [h.strip() for h in header]
    header_line = reader.line_num
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c not in FIELDS]
    doubled = sorted({c for c in header if header.count(c) > 1})
    wrong = [
        (missing, _("Missing column(s): %(cols)s. Required: %(req)s.")),
        (unknown, _("Unknown column(s): %(cols)s. Allowed optional columns: %(opt)s.")),
        (doubled, _("Column(s) named twice: %(cols)s.")),
    ]
    names = {"req": ",".join(REQUIRED), "opt": ",".join(OPTIONAL)}
    for columns, message in wrong:
        if columns:
            problems.append(
                problem(header_line, None, message % {**names, "cols": ", ".join(columns)})
            )
    if missing or unknown or doubled:
        return
    width = len(header)
    positions = [(name, header.index(name)) for name in TEXT_FIELDS if name in header]
    absent = {name: "" for name in TEXT_FIELDS if name not in header}
    pauses_at = header.index("pauses") if "pauses" in header else None
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problems.append(
                problem(reader.line_num, None, _("Not valid CSV: %(error)s.") % {"error": exc})
            )
            return
        line = reader.line_num
        if not row:
            continue
        if len(row) != width:
            problems.append(
                problem(
                    line,
                    None,
                    _("The row has %(cells)d cells; the header has %(columns)d.")
                    % {"cells": len(row), "columns": width},
                )
            )
            continue
        cells: dict[str, str | None] = {name: row[i].strip() for name, i in positions}
        cells.update(absent)
        pauses = (
            _csv_pauses(row[pauses_at].strip(), line, problems) if pauses_at is not None else []
        )
        yield Record(line, cells, pauses)


def _csv_pauses(text: str, line: int, problems: list[Problem]) -> list[RawPause] | None:
    if not text:
        return []
    pauses: list[RawPause] = []
    ok = True
    for index, part in enumerate(text.split(";"), start=1):
        part = part.strip()
        kind, colon, rest = part.partition(":")
        start, slash, end = rest.partition("/")
        if not colon or not slash or "/" in end:
            problems.append(
                problem(
                    line,
                    pause_field(index),
                    _("“%(value)s” is not a pause; write kind:from/to (to empty while it lasts).")
                    % {"value": part},
                )
            )
            ok = False
            continue
        pauses.append(RawPause(kind.strip(), start.strip(), end.strip()))
    return pauses if ok else None
