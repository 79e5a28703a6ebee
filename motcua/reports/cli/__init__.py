"""The sub-commands of ``motcua report`` (``management/commands/report.py``), one module each.

A sub-command module has four names, and ``report.py`` lists the module in ``SUBCOMMANDS``:

* ``NAME`` — the sub-command (``motcua report NAME …``);
* ``HELP`` — one line for ``motcua report --help``;
* ``add_arguments(parser)`` — its options (``period_options`` and ``output_options`` here give
  the usual ``--from``/``--to``/``--agency`` and ``--format``/``--output``);
* ``handle(command, options)`` — runs it; ``command`` is the ``BaseCommand`` (for ``stdout``).

Errors in the input (a bad date, a period ending before it starts, an unknown agency) stop the
command with a message and exit status 2; a file that cannot be written, with status 1. Output
goes to stdout, or to FILE: written to a temporary file beside it and renamed over it at the end,
so FILE is whole or untouched.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.dossiers.selectors import below_ids


def day(option: str, text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _("%(option)s: “%(value)s” is not a date (YYYY-MM-DD).")
            % {"option": option, "value": text},
            returncode=2,
        ) from None


def period(options: dict) -> tuple[datetime.date, datetime.date]:
    """``--from`` and ``--to`` as dates, the period not ending before it starts."""
    date_from = day("--from", options["date_from"])
    date_to = day("--to", options["date_to"])
    if date_from > date_to:
        raise CommandError(
            _("--to: the period ends (%(to)s) before it starts (%(from)s).")
            % {"to": date_to.isoformat(), "from": date_from.isoformat()},
            returncode=2,
        )
    return date_from, date_to


def agency_option(code: str | None) -> tuple[Agency | None, set[int] | None]:
    """``--agency``: ``(None, None)`` (every agency) or the agency and the ids of it and of the
    agencies below it."""
    if code is None:
        return None, None
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise CommandError(_("--agency: no agency has the code %s.") % code, returncode=2)
    return agency, below_ids([agency.pk])


def agency_scope(code: str | None) -> set[int] | None:
    """``None`` (every agency) or the agency ``code`` and those below it."""
    return agency_option(code)[1]


def period_options(parser, *, agency_help: str) -> None:
    parser.add_argument(
        "--from", dest="date_from", required=True, metavar="YYYY-MM-DD", help="first day"
    )
    parser.add_argument(
        "--to", dest="date_to", required=True, metavar="YYYY-MM-DD", help="last day (included)"
    )
    parser.add_argument("--agency", metavar="CODE", help=agency_help)


def output_options(parser, formats: tuple[str, ...]) -> None:
    parser.add_argument(
        "--format", choices=formats, default=formats[0], help=f"default: {formats[0]}"
    )
    parser.add_argument("--output", metavar="FILE", type=Path, help="write to FILE, not stdout")


class _Stdout:
    """The command's stdout as a text file (for ``csv.writer``)."""

    def __init__(self, command: BaseCommand):
        self._out = command.stdout

    def write(self, text: str) -> int:
        self._out.write(text, ending="")
        return len(text)


@contextlib.contextmanager
def output(command: BaseCommand, path: Path | None, *, binary: bool = False) -> Iterator[IO]:
    """A file to write the report to: stdout, or ``path`` (UTF-8; whole or not at all). A
    binary report (xlsx) needs ``path``."""
    if path is None:
        if binary:
            raise CommandError(_("--output: name the file to write the workbook to."), returncode=2)
        yield _Stdout(command)
        return
    path = Path(path)
    try:
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".part"
        )
    except OSError as exc:
        raise CommandError(f"{path}: {exc.strerror}", returncode=1) from exc
    try:
        if binary:
            with open(handle, "wb") as file:
                yield file
        else:
            with open(handle, "w", encoding="utf-8", newline="") as file:
                yield file
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except OSError as exc:
        raise CommandError(f"{path}: {exc.strerror}", returncode=1) from exc
    finally:
        Path(temporary).unlink(missing_ok=True)
    command.stdout.write(_("Report written to %s.") % path)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
