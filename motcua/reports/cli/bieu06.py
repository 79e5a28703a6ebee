"""``motcua report bieu06``: the handling report, Biểu 06 (``reports/bieu06.py``).

    motcua report bieu06 --from 2025-01-01 --to 2025-12-31 [--agency H99.01]
                         [--by agency|level|field|procedure] [--format json|csv|xlsx]
                         [--output FILE]

JSON is ``{"period": {"from", "to"}, "by", "rows": [...], "total": {...}}`` (docs/reports.md);
CSV has a header row of the same keys, one row per group and the total last; xlsx is laid out
like the official form and needs ``--output``.
"""

from __future__ import annotations

import csv
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers.timeliness import vn_date
from motcua.reports import bieu06_xlsx
from motcua.reports.bieu06 import BY_AGENCY, GROUPINGS, bieu06

from . import agency_option, output, output_options, period, period_options

NAME = "bieu06"
HELP = "The handling report (Biểu 06): received, resolved and pending dossiers."


def add_arguments(parser) -> None:
    period_options(parser, agency_help="only the dossiers of this agency and those below it")
    parser.add_argument(
        "--by",
        choices=GROUPINGS,
        default=BY_AGENCY,
        help="one row per competent agency, level, field or procedure",
    )
    output_options(parser, ("json", "csv", "xlsx"))


def handle(command: BaseCommand, options: dict) -> None:
    date_from, date_to = period(options)
    today = vn_date(timezone.now())
    if date_from > today:
        raise CommandError(
            _("--from: the period has not started yet (today is %(today)s).")
            % {"today": today.isoformat()},
            returncode=2,
        )
    agency, scope = agency_option(options["agency"])
    report = bieu06(
        date_from=date_from, date_to=date_to, agencies=scope, by=options["by"], today=today
    )
    fmt = options["format"]
    with output(command, options["output"], binary=fmt == "xlsx") as out:
        if fmt == "xlsx":
            out.write(
                bieu06_xlsx.workbook(report, unit=agency.name if agency else _("All agencies"))
            )
        elif fmt == "csv":
            csv.writer(out, lineterminator="\n").writerows(report.table(_("Total")))
        else:
            out.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n")
