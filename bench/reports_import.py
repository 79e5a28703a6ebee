"""The legacy import's speed, for ``bench/reports.py`` (run in a process of its own).

A fresh database of the kind asked for (``_db.prepare``), the demo province and catalogue
(``seed-demo``), a legacy file of ``--count`` dossiers written by ``bench/legacy_file.py`` for
its agencies and procedures (untimed), then ``motcua import-dossiers FILE`` timed from start to
end — reading, checks, writing, the report's daily tallies, commit. Prints one line of JSON:
``{"count", "seconds", "per_second", "imported", "tallies_agree"}``; ``tallies_agree`` says the
tallies then give the plain aggregate's counts over the file's years.

    python -m bench.reports_import --database sqlite|postgres [--count 100000] [--seed 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import sys
import tempfile
import time
from pathlib import Path

from . import _db


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgres"), required=True)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    _db.prepare(args.database, pg_database="motcua_import_bench")
    try:
        from django.core.management import call_command

        from motcua.dossiers.models import Dossier
        from motcua.reports import bieu06_counts

        from .legacy_file import SINCE, UNTIL, _from_database, write_legacy_file

        call_command("seed-demo", stdout=io.StringIO())
        agencies, units, procedures = _from_database()
        before = Dossier.objects.count()
        with tempfile.TemporaryDirectory(prefix="motcua-legacy-") as directory:
            path = Path(directory) / "legacy.jsonl"
            write_legacy_file(
                path, args.count, args.seed, agencies=agencies, procedures=procedures, units=units
            )
            t0 = time.perf_counter()
            call_command("import-dossiers", str(path), stdout=io.StringIO())
            seconds = time.perf_counter() - t0
        imported = Dossier.objects.count() - before
        agree = bieu06_counts.from_tallies(SINCE, UNTIL) == bieu06_counts.from_dossiers(
            SINCE, UNTIL
        ) and bieu06_counts.from_tallies(
            dt.date(2024, 1, 1), dt.date(2024, 12, 31)
        ) == bieu06_counts.from_dossiers(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    finally:
        _db.cleanup()
    print(
        json.dumps(
            {
                "count": args.count,
                "seconds": round(seconds, 2),
                "per_second": round(args.count / seconds, 1),
                "imported": imported,
                "tallies_agree": agree,
            }
        )
    )
    return 0 if imported == args.count and agree else 1


if __name__ == "__main__":
    sys.exit(main())
