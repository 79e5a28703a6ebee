"""``motcua report ledger``: the tracking ledger (sổ theo dõi hồ sơ, Form 06/07;
``reports/ledger.py``) of the dossiers received in the period.

    motcua report ledger --from 2025-01-01 --to 2025-12-31 [--agency H99.20]
                         [--format csv|xlsx] [--output FILE]

``--agency``: the dossiers received by this unit and the units below it (default: every unit).
CSV has a header row (``ledger.COLUMNS``); xlsx is laid out like the official form and needs
``--output``. Rows are streamed: a year of a province exports in bounded memory.
"""

from __future__ import annotations

import csv

from django.core.management.base import BaseCommand

from motcua.reports.ledger import COLUMNS, ledger_rows, write_xlsx

from . import agency_option, output, output_options, period, period_options

NAME = "ledger"
HELP = "The tracking ledger (sổ theo dõi hồ sơ): every dossier received in the period."


def add_arguments(parser) -> None:
    period_options(parser, agency_help="only dossiers received by this unit or those below it")
    output_options(parser, ("csv", "xlsx"))


def handle(command: BaseCommand, options: dict) -> None:
    date_from, date_to = period(options)
    agency, scope = agency_option(options["agency"])
    rows = ledger_rows(date_from=date_from, date_to=date_to, agencies=scope)
    if options["format"] == "xlsx":
        with output(command, options["output"], binary=True) as out:
            write_xlsx(
                out,
                rows,
                date_from=date_from,
                date_to=date_to,
                unit_name=agency.name if agency else "",
                several_units=scope is None or len(scope) > 1,
            )
        return
    with output(command, options["output"]) as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(row.table_row() for row in rows)
