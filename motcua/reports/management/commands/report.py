"""``motcua report <report> …``: print a report as JSON or CSV.

    motcua report delays --from 2025-07-01 --to 2025-07-31 [--agency H99.01]
                         [--by agency|officer] [--format json|csv] [--output FILE]

Each report is a sub-command with its own options (the statutory periodic report will be
another one beside ``delays``). The command is for operators: it sees every agency, unless
``--agency`` narrows the report to one agency and those below it. Output goes to stdout, or to
FILE (UTF-8; CSV with a header row and the total as its last row).
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.dossiers.selectors import below_ids
from motcua.reports.delays import BY_AGENCY, GROUPINGS, DelayReport, delay_report

FORMATS = ("json", "csv")


def _day(option: str, text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _("%(option)s: “%(value)s” is not a date (YYYY-MM-DD).")
            % {"option": option, "value": text},
            returncode=2,
        ) from None


def _agency_scope(code: str | None) -> set[int] | None:
    """``None`` (every agency) or the agency ``code`` and those below it."""
    if code is None:
        return None
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise CommandError(_("--agency: no agency has the code %s.") % code, returncode=2)
    return below_ids([agency.pk])


class Command(BaseCommand):
    help = "Print a report as JSON or CSV (docs/reports.md)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="report", required=True, metavar="REPORT")
        delays = sub.add_parser(
            "delays",
            help="Agencies and officers causing delays (late and overdue control-slip rows).",
        )
        delays.add_argument(
            "--from", dest="date_from", required=True, metavar="YYYY-MM-DD", help="first day"
        )
        delays.add_argument(
            "--to", dest="date_to", required=True, metavar="YYYY-MM-DD", help="last day (included)"
        )
        delays.add_argument(
            "--agency", metavar="CODE", help="only this agency and the agencies below it"
        )
        delays.add_argument(
            "--by", choices=GROUPINGS, default=BY_AGENCY, help="one line per agency or officer"
        )
        self._output_options(delays)

    @staticmethod
    def _output_options(parser) -> None:
        parser.add_argument("--format", choices=FORMATS, default="json", help="default: json")
        parser.add_argument("--output", metavar="FILE", type=Path, help="write to FILE, not stdout")

    def handle(self, *args, report: str, **options):
        if report == "delays":
            result = self._delays(options)
        else:  # pragma: no cover - argparse refuses unknown sub-commands
            raise CommandError(_("Unknown report: %s.") % report, returncode=2)
        self._write(result, options["format"], options["output"])

    def _delays(self, options) -> DelayReport:
        date_from = _day("--from", options["date_from"])
        date_to = _day("--to", options["date_to"])
        if date_from > date_to:
            raise CommandError(
                _("--to: the period ends (%(to)s) before it starts (%(from)s).")
                % {"to": date_to.isoformat(), "from": date_from.isoformat()},
                returncode=2,
            )
        return delay_report(
            date_from=date_from,
            date_to=date_to,
            agencies=_agency_scope(options["agency"]),
            by=options["by"],
        )

    def _write(self, report: DelayReport, fmt: str, output: Path | None) -> None:
        if fmt == "csv":
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerows(report.table(_("Total")))
            text = buffer.getvalue()
        else:
            text = json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n"
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            output.write_text(text, encoding="utf-8", newline="")
        except OSError as exc:
            raise CommandError(f"{output}: {exc.strerror}", returncode=1) from exc
        self.stdout.write(_("Report written to %s.") % output)
