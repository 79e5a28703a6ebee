"""``motcua report index766``: the Decision 766 index (``reports/index766.py``).

    motcua report index766 --period 2025 | 2025-Q3 | 2025-07 [--agency H99.01]
                           [--by agency] [--output FILE]

JSON: the index of the agencies in scope (all, or ``--agency`` and those below it) — groups,
indicators, points, "no data" — and with ``--by agency`` one index per agency that settles
dossiers in scope as well (``"agencies": [{"agency_code", "name", …}]``).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.reports.index766 import index, period_of

from . import agency_option, output

NAME = "index766"
HELP = "The Decision 766 service-quality index, per province and per agency."


def add_arguments(parser) -> None:
    parser.add_argument(
        "--period", required=True, metavar="YYYY|YYYY-QN|YYYY-MM", help="a year, quarter or month"
    )
    parser.add_argument("--agency", metavar="CODE", help="only this agency and those below it")
    parser.add_argument("--by", choices=("agency",), help="also one index per agency")
    parser.add_argument("--output", metavar="FILE", type=Path, help="write to FILE, not stdout")


def handle(command: BaseCommand, options: dict) -> None:
    try:
        date_from, date_to = period_of(options["period"])
    except ValueError:
        raise CommandError(
            _("--period: “%s” is not a year (2025), a quarter (2025-Q3) or a month (2025-07).")
            % options["period"],
            returncode=2,
        ) from None
    agency, scope = agency_option(options["agency"])
    result = index(date_from=date_from, date_to=date_to, agencies=scope).as_dict()
    result["agency_code"] = agency.code if agency else None
    if options["by"] == "agency":
        agencies = Agency.objects.order_by("code")
        if scope is not None:
            agencies = agencies.filter(pk__in=sorted(scope))
        result["agencies"] = [
            {
                "agency_code": a.code,
                "name": a.name,
                **index(date_from=date_from, date_to=date_to, agencies={a.pk}).as_dict(),
            }
            for a in agencies
        ]
    with output(command, options["output"]) as out:
        out.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
