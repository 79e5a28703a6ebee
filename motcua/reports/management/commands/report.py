"""``motcua report <report> …``: print a report, or write it to a file.

    motcua report bieu06  --from 2025-01-01 --to 2025-12-31 [--agency H99.01]
                          [--by agency|level|field|procedure] [--format json|csv|xlsx]
                          [--output FILE]
    motcua report index766 --period 2025|2025-Q3|2025-07 [--agency H99.01] [--by agency]
                           [--output FILE]
    motcua report delays  --from 2025-07-01 --to 2025-07-31 [--agency H99.01]
                          [--by agency|officer] [--format json|csv] [--output FILE]
    motcua report overdue --from 2025-07-01 --to 2025-07-31 [--agency H99.01]
                          [--list late|pending|both] [--format json|csv] [--output FILE]
    motcua report ledger  --from 2025-01-01 --to 2025-12-31 [--agency H99.20]
                          [--format csv|xlsx] [--output FILE]

Each report is a sub-command whose options and handling live in ``motcua/reports/cli/<report>.py``
(what such a module provides: ``motcua/reports/cli/__init__.py``); to add one, write its module
and list it in ``SUBCOMMANDS``. The command is for operators: it sees every agency, unless
``--agency`` narrows the report to one agency and those below it. Output goes to stdout, or to
FILE (UTF-8). Bad input stops the command with a message and exit status 2.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from motcua.reports.cli import bieu06, delays, index766, ledger, overdue

# The sub-commands, in the order ``--help`` lists them.
SUBCOMMANDS = (bieu06, index766, delays, overdue, ledger)


class Command(BaseCommand):
    help = "Print a report, or write it to a file (docs/reports.md)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="report", required=True, metavar="REPORT")
        for module in SUBCOMMANDS:
            module.add_arguments(sub.add_parser(module.NAME, help=module.HELP))

    def handle(self, *args, report: str, **options):
        handlers = {module.NAME: module.handle for module in SUBCOMMANDS}
        handlers[report](self, options)
