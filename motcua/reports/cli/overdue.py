"""``motcua report overdue``: the overdue lists, Phụ lục I and II (``reports/overdue.py``).

    motcua report overdue --from 2025-07-01 --to 2025-07-31 [--agency H99.01]
                          [--list late|pending|both] [--format json|csv] [--output FILE]

Rows are streamed as they are read. JSON: ``{"period", "as_of", "late": [...], "pending":
[...]}`` (the lists asked for), one row per line. CSV: a header row (``overdue.TABLE_COLUMNS``)
and the rows of both lists, the ``list`` column saying which.
"""

from __future__ import annotations

import csv
import json

from django.core.management.base import BaseCommand

from motcua.reports.overdue import (
    LATE,
    LISTS,
    TABLE_COLUMNS,
    Period,
    pending_overdue,
    resolved_late,
    table_row,
)

from . import agency_scope, output, output_options, period, period_options

NAME = "overdue"
HELP = "Dossiers resolved late (Phụ lục I) and pending overdue (Phụ lục II)."
BOTH = "both"


def add_arguments(parser) -> None:
    period_options(parser, agency_help="only dossiers decided by this agency or those below it")
    parser.add_argument(
        "--list", dest="lists", choices=(*LISTS, BOTH), default=BOTH, help="default: both"
    )
    output_options(parser, ("json", "csv"))


def handle(command: BaseCommand, options: dict) -> None:
    date_from, date_to = period(options)
    scope = agency_scope(options["agency"])
    found = Period.of(date_from, date_to)
    names = LISTS if options["lists"] == BOTH else (options["lists"],)

    def rows(name: str):
        read = resolved_late if name == LATE else pending_overdue
        return read(found, agencies=scope)

    with output(command, options["output"]) as out:
        if options["format"] == "csv":
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(TABLE_COLUMNS)
            for name in names:
                writer.writerows(table_row(row) for row in rows(name))
            return
        out.write("{\n")
        out.write(f'  "period": {json.dumps(found.as_dict())},\n')
        out.write(f'  "as_of": "{found.as_of.isoformat()}"')
        for name in names:
            out.write(f',\n  "{name}": [')
            separator = "\n"
            for row in rows(name):
                out.write(separator + "    " + json.dumps(row.as_dict(), ensure_ascii=False))
                separator = ",\n"
            out.write("\n  ]" if separator != "\n" else "]")
        out.write("\n}\n")
