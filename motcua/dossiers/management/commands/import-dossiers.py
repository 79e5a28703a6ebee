"""``motcua import-dossiers FILE [--allow-new-procedures]``: load the historical dossiers of a
former one-stop system (JSON Lines or CSV, docs/import.md), all or nothing."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.core.commands import read_input, rejected
from motcua.dossiers.imports import DossiersRejected, import_dossiers

REJECTED = 2  # exit status of a refused file


class Command(BaseCommand):
    # Django's system checks (URLs, admin, templates…) take more than a second and say nothing
    # about a data file: the import checks what it needs itself.
    requires_system_checks = []
    help = (
        "Import legacy dossiers from a JSON Lines (.jsonl, .ndjson) or CSV (.csv) file: code, "
        "procedure, agency, channel, national status, instants, applicant, pauses "
        "(docs/import.md). The whole file is validated first; on any error nothing is written "
        "and the command exits with status 2."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--allow-new-procedures",
            action="store_true",
            help="record procedure codes the catalogue does not have as historical procedures "
            "(never published) instead of refusing them",
        )

    def handle(self, *args, file: Path, allow_new_procedures: bool, **options):
        started = time.perf_counter()
        data = read_input(file)
        try:
            result = import_dossiers(
                data=data, name=file.name, allow_new_procedures=allow_new_procedures
            )
        except DossiersRejected as exc:
            raise self._rejected(file, exc) from exc
        self.stdout.write(
            _(
                "%(file)s: %(count)d dossier(s) imported, with %(pauses)d pause(s), "
                "in %(seconds).1f s."
            )
            % {
                "file": file,
                "count": result.dossiers,
                "pauses": result.pauses,
                "seconds": time.perf_counter() - started,
            }
        )
        if result.new_procedures:
            self.stdout.write(
                _("%(count)d historical procedure(s) recorded (not published): %(codes)s")
                % {"count": len(result.new_procedures), "codes": ", ".join(result.new_procedures)}
            )

    def _rejected(self, file: Path, exc: DossiersRejected) -> CommandError:
        if exc.total == len(exc.problems):
            error = rejected(file, exc)
        else:
            error = CommandError(
                _("%(file)s: nothing was imported; %(count)d problems, the first %(shown)d:")
                % {"file": file, "count": exc.total, "shown": len(exc.problems)}
                + "\n"
                + "\n".join(f"  {p}" for p in exc.problems)
            )
        error.returncode = REJECTED
        return error
