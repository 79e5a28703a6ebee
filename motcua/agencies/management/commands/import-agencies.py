"""``motcua import-agencies FILE.csv``: load or update the agency tree from a CSV file."""

from pathlib import Path

from django.core.management.base import BaseCommand

from motcua.agencies.services import import_agencies_csv
from motcua.core.commands import read_input, rejected
from motcua.core.errors import InputRejected


class Command(BaseCommand):
    help = (
        "Import agencies from a CSV file with columns code,name,level,parent_code "
        "(optional: kind,valid_from,valid_to,successor_code,territory_code,address,phone,email). "
        "The whole file is validated first; on any error nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            result = import_agencies_csv(data=read_input(file))
        except InputRejected as exc:
            raise rejected(file, exc) from exc
        self.stdout.write(f"{file}: {result.created} created, {result.updated} updated.")
