"""``motcua import-agencies FILE.csv``: load or update the agency tree from a CSV file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua.agencies.services import import_agencies_csv
from motcua.core.errors import InputRejected


class Command(BaseCommand):
    help = (
        "Import agencies from a CSV file with columns code,name,level,parent_code "
        "(optional: kind,valid_from,valid_to,successor_code,address,phone,email). "
        "The whole file is validated first; on any error nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from exc
        try:
            result = import_agencies_csv(data=data)
        except InputRejected as exc:
            raise CommandError(
                f"{file}: nothing was imported; {len(exc.problems)} problem(s):\n"
                + "\n".join(f"  {p}" for p in exc.problems)
            ) from exc
        self.stdout.write(f"{file}: {result.created} created, {result.updated} updated.")
