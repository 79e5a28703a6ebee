"""``motcua report delays``: the agencies and officers causing delays (``reports/delays.py``).

    motcua report delays --from 2025-07-01 --to 2025-07-31 [--agency H99.01]
                         [--by agency|officer] [--format json|csv] [--output FILE]

JSON is the API's answer; CSV has a header row, one row per line and the total last.
"""

from __future__ import annotations

import csv
import json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from motcua.reports.delays import BY_AGENCY, GROUPINGS, delay_report

from . import agency_scope, output, output_options, period, period_options

NAME = "delays"
HELP = "Agencies and officers causing delays (late and overdue control-slip rows)."


def add_arguments(parser) -> None:
    period_options(parser, agency_help="only this agency and the agencies below it")
    parser.add_argument(
        "--by", choices=GROUPINGS, default=BY_AGENCY, help="one line per agency or officer"
    )
    output_options(parser, ("json", "csv"))


def handle(command: BaseCommand, options: dict) -> None:
    date_from, date_to = period(options)
    report = delay_report(
        date_from=date_from,
        date_to=date_to,
        agencies=agency_scope(options["agency"]),
        by=options["by"],
    )
    with output(command, options["output"]) as out:
        if options["format"] == "csv":
            csv.writer(out, lineterminator="\n").writerows(report.table(_("Total")))
        else:
            out.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n")
