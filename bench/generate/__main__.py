"""Generate a database of realistic dossiers for the benchmarks, on SQLite or PostgreSQL.

Run from the repository root::

    .venv/bin/python -m bench.generate --database sqlite [--dossiers 1000000] [--seed 1] \\
        [--path var/bench/generate.sqlite3] [--verify 1000]
    DATABASE_URL=postgres://user@host:port/postgres .venv/bin/python -m bench.generate \\
        --database postgres [--pg-database motcua_generated]

SQLite: a new file (``--path``, by default ``var/bench/generate-<dossiers>.sqlite3``; an existing
one is replaced). PostgreSQL: a new database (``--pg-database``, dropped first if it exists) on
the server named by ``DATABASE_URL``, as ``bench/intake.py`` does. Both are migrated, then
``generate()`` fills them, and both are kept for the benchmarks that read them (``--drop``
removes the PostgreSQL one at the end). ``--verify N`` then checks N random dossiers and every
code (``verify.py``). A summary is printed and written to ``bench/results/generate-<db>.json``;
the exit status is 1 if a check fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
from pathlib import Path

from .. import _db
from ..clock import _cpu

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "results"


def prepare_sqlite(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{path.resolve()}"
    os.environ["DEBUG"] = "0"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.dummy.EmailBackend"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgres"), required=True)
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--path", type=Path, default=None, help="SQLite file (replaced)")
    parser.add_argument("--pg-database", default="motcua_generated", help="created (dropped first)")
    parser.add_argument("--drop", action="store_true", help="drop the PostgreSQL database after")
    parser.add_argument("--since", type=dt.date.fromisoformat, default=None)
    parser.add_argument("--until", type=dt.date.fromisoformat, default=None)
    parser.add_argument("--chunk-size", type=int, default=20_000)
    parser.add_argument(
        "--workers", type=int, default=None, help="simulating processes (default: 2 if big)"
    )
    parser.add_argument(
        "--keep-indexes",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="maintain the secondary indexes during the load (default on SQLite) or build them "
        "after (default on PostgreSQL)",
    )
    parser.add_argument("--verify", type=int, default=0, metavar="N", help="check N dossiers")
    parser.add_argument("--output", type=Path, default=None)
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    if args.dossiers < 1 or args.chunk_size < 1:
        parser.error("--dossiers and --chunk-size must be positive")
    output = args.output or RESULTS / f"generate-{args.database}.json"

    t0 = time.perf_counter()
    try:
        if args.database == "sqlite":
            path = args.path or ROOT / "var" / "bench" / f"generate-{args.dossiers}.sqlite3"
            prepare_sqlite(path)
            where = str(path)
        else:
            _db.prepare("postgres", pg_database=args.pg_database)
            where = os.environ["DATABASE_URL"]
    except _db.SetupError as exc:
        print(f"generate: {exc}", file=sys.stderr)
        return 2
    migrate_seconds = time.perf_counter() - t0

    from . import generate
    from .verify import verify

    say = (lambda _text: None) if args.quiet else (lambda text: print(f"  {text}", flush=True))
    try:
        summary = generate(
            args.dossiers,
            args.seed,
            since=args.since,
            until=args.until,
            chunk_size=args.chunk_size,
            workers=args.workers,
            keep_indexes=args.keep_indexes,
            progress=say,
        )
        if args.verify:
            t1 = time.perf_counter()
            summary.verify = verify(args.verify, args.seed)
            summary.verify["seconds"] = round(time.perf_counter() - t1, 1)
        version = _db.database_version()
    finally:
        from django.db import connections

        connections.close_all()
        if args.drop and args.database == "postgres":
            _db.cleanup()
    result = {
        **summary.as_dict(),
        "database_version": version,
        "location": where if args.database == "sqlite" else where.rsplit("@", 1)[-1],
        "migrate_seconds": round(migrate_seconds, 2),
        "python": platform.python_version(),
        "django": __import__("django").get_version(),
        "machine": f"{platform.machine()}, {_cpu()}, {platform.platform()}",
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    if args.database == "sqlite":
        result["file_mb"] = round(Path(where).stat().st_size / 2**20, 1)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    report(result)
    print(f"written to {output}; database: {where}")
    return 0 if not summary.verify or summary.verify["ok"] else 1


def _shares(counts: dict[str, int]) -> str:
    total = sum(counts.values()) or 1
    return ", ".join(f"{k} {v:,} ({100 * v / total:.1f} %)" for k, v in counts.items())


def report(r: dict) -> None:
    t = r["timings"]
    print(
        f"generate ({r['database_version']}): {r['count']:,} dossiers in {r['seconds']:.1f} s "
        f"= {r['dossiers_per_second']:,.0f}/s (reference data {t['reference_data']:.1f} s, "
        f"simulate and write {t['load']:.1f} s [in {max(1, r['workers'])} process(es): "
        f"simulation {t['simulate']:.1f} s, writing {t['write']:.1f} s], indexes "
        f"{t['indexes']:.1f} s, sequences and ANALYZE {t['sequences_and_analyze']:.1f} s; "
        f"migrations before: {r['migrate_seconds']:.1f} s)"
    )
    print(f"period {r['since']} – {r['until']}, looked at on {r['as_of']}")
    print("states:", _shares(r["states"]))
    print("national status:", _shares(r["national_status"]))
    print("channels:", _shares(r["channels"]))
    for level, counts in r["timeliness"].items():
        print(f"timeliness of finished dossiers ({level}):", _shares(counts))
    print("pending at the end:", _shares(r["pending"]))
    print("features:", ", ".join(f"{k} {v:,}" for k, v in r["features"].items()))
    print("rows:", ", ".join(f"{k} {v:,}" for k, v in r["rows"].items()))
    v = r.get("verify")
    if v:
        verdict = "all consistent" if v["ok"] else "PROBLEMS"
        print(
            f"verify: {v['consistent']}/{v['sampled']} sampled dossiers consistent (replay, "
            f"events, rows, state, notices); {v['codes']['codes']:,} codes in "
            f"{v['codes']['unit_days']:,} unit-days; {verdict} ({v['seconds']} s)"
        )
        for problem in v["problems"] + v["codes"]["problems"]:
            print("  ", problem)


if __name__ == "__main__":
    sys.exit(main())
