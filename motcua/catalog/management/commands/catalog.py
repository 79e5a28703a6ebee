"""``motcua catalog export|import|schema``: move the procedure catalogue as JSON."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from motcua.catalog import schema
from motcua.catalog.interchange import export_catalog, import_catalog
from motcua.core.commands import read_input, rejected
from motcua.core.errors import InputRejected


class Command(BaseCommand):
    help = "Export or import the procedure catalogue as JSON (docs/catalog-format.md)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        exp = sub.add_parser("export", help="Write the whole catalogue to FILE (- for stdout).")
        exp.add_argument("file")
        imp = sub.add_parser(
            "import", help="Validate FILE completely, then write it; nothing on any error."
        )
        imp.add_argument("file", type=Path)
        sub.add_parser("schema", help="Print the JSON Schema of the catalogue format.")

    def handle(self, *args, action: str, **options):
        if action == "export":
            text = json.dumps(export_catalog(), ensure_ascii=False, indent=2) + "\n"
            if options["file"] == "-":
                sys.stdout.write(text)
            else:
                Path(options["file"]).write_text(text, encoding="utf-8")
                self.stdout.write(f"Catalogue written to {options['file']}.")
        elif action == "schema":
            self.stdout.write(json.dumps(schema.CatalogIn.model_json_schema(), indent=2))
        else:
            file: Path = options["file"]
            try:
                result = import_catalog(data=read_input(file))
            except InputRejected as exc:
                raise rejected(file, exc) from exc
            self.stdout.write(
                f"{file}: {result.fields} fields, {result.procedures} procedures, "
                f"{result.versions} versions, {result.cases} cases imported."
            )
