"""Staff workspace under a big database: the inbox of a busy unit and dossier pages.

With ``--dossiers`` (default 1,000,000) dossiers made by ``bench/generate`` (reused when the
database already holds them), an officer of the unit with the most open control-slip rows asks
for: their unit's inbox, their own inbox, the inbox filtered to overdue dossiers, the second page
of the unit's inbox, and dossier pages of dossiers that passed through the unit (interconnected
ones among them). Each request goes through the whole Django stack in this process (middleware,
session, view, queries, template) with the test client, timed from request to response:
server-side time, as the target (p95 ≤ 150 ms) asks. The baseline, measured in the same run, is
the sign-in page: the same stack with no dossier query.

    python -m bench.office --database sqlite [--dossiers N] [--requests 200]
    python -m bench.office --database postgres      # DATABASE_URL names a server
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

from . import _db
from .clock import _cpu

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
TARGET_P95_MS = 150


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[k]


def _time(client, url: str, params: dict | None = None) -> float:
    t0 = time.perf_counter()
    response = client.get(url, params or {})
    elapsed = (time.perf_counter() - t0) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{url} {params or ''} answered {response.status_code}")
    return elapsed


def _stats(samples: list[float]) -> dict:
    return {
        "requests": len(samples),
        "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(_percentile(samples, 0.95), 1),
        "max_ms": round(max(samples), 1),
    }


def _database(args) -> tuple[str, bool]:
    """Point Django at the generated database; (where, reused)."""
    if args.database == "sqlite":
        from .generate.__main__ import prepare_sqlite

        path = args.path or ROOT / "var" / "bench" / f"generate-{args.dossiers}.sqlite3"
        if path.exists() and not args.fresh:
            os.environ["DATABASE_URL"] = f"sqlite:///{path.resolve()}"
            os.environ["DEBUG"] = "0"
            os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
            import django

            django.setup()
            return str(path), True
        prepare_sqlite(path)
        return str(path), False
    if args.reuse:
        # A database that ``python -m bench.generate --database postgres`` left in the server.
        from urllib.parse import urlsplit, urlunsplit

        url = urlsplit(os.environ.get("DATABASE_URL", ""))
        os.environ["DATABASE_URL"] = urlunsplit(url._replace(path=f"/{args.pg_database}"))
        os.environ["DEBUG"] = "0"
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0, interactive=False)
        return os.environ["DATABASE_URL"].rsplit("@", 1)[-1], True
    _db.prepare("postgres", pg_database=args.pg_database)
    return os.environ["DATABASE_URL"].rsplit("@", 1)[-1], False


def _busy_officer():
    """The unit with the most open control-slip rows, and an officer working there."""
    from django.db.models import Count

    from motcua.agencies.models import RoleAssignment
    from motcua.dossiers.models import DossierStep

    for row in (
        DossierStep.objects.filter(finished_at=None)
        .values("agency_id")
        .annotate(open=Count("id"))
        .order_by("-open")[:10]
    ):
        assignment = (
            RoleAssignment.objects.filter(agency_id=row["agency_id"], is_active=True)
            .exclude(role__in=["supervisor", "administrator"])
            .select_related("user", "agency")
            .first()
        )
        if assignment is not None:
            return assignment, row["open"]
    raise RuntimeError("no open control-slip row has an officer at its agency")


def measure(requests: int, seed: int) -> dict:
    from django.test import Client
    from django.urls import reverse

    from motcua.dossiers import paging
    from motcua.dossiers.models import Dossier, DossierStep
    from motcua.office import queries
    from motcua.office.views.inbox import PAGE

    assignment, open_rows = _busy_officer()
    client = Client()
    client.force_login(assignment.user)
    inbox = reverse("office:inbox")
    rng = random.Random(seed)
    passed = list(
        DossierStep.objects.filter(agency_id=assignment.agency_id)
        .order_by("-id")
        .values_list("dossier_id", flat=True)[:20_000]
    )
    interconnected = list(
        Dossier.objects.filter(
            pk__in=passed[:5_000], procedure_version__is_interconnected=True
        ).values_list("pk", flat=True)[:500]
    )
    pages = rng.sample(passed, min(requests, len(passed)))
    pages[: len(interconnected) // 4] = interconnected[: len(pages) // 4]
    # The cursor of the unit inbox's second page, as the page itself builds it.
    scope = queries.Scope.of(assignment.user)
    _rows, cursor = paging.page(queries.units(scope), cursor=None, limit=PAGE)
    lists = [
        {"tab": "unit"},
        {"tab": "mine"},
        {"tab": "unit", "badge": "overdue"},
        {"tab": "unit", "after": cursor} if cursor else {"tab": "unit"},
    ]
    for params in lists:  # warm up: the connection, the templates, the reference data
        _time(client, inbox, params)
    _time(client, reverse("office:dossier", args=[pages[0]]))
    _time(Client(), reverse("office:login"))

    baseline, inbox_ms, dossier_ms = [], [], []
    for i in range(requests):
        baseline.append(_time(Client(), reverse("office:login")))
        inbox_ms.append(_time(client, inbox, lists[i % len(lists)]))
        dossier_ms.append(_time(client, reverse("office:dossier", args=[pages[i % len(pages)]])))
    unit_count = queries.units(scope).count()
    return {
        "officer": assignment.user.username,
        "agency": assignment.agency.code,
        "unit_open_rows": open_rows,
        "unit_inbox_dossiers": unit_count,
        "baseline_sign_in_page": _stats(baseline),
        "inbox": _stats(inbox_ms),
        "dossier_page": _stats(dossier_ms),
        "dossiers_in_database": Dossier.objects.count(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgres"), required=True)
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--path", type=Path, default=None, help="SQLite file (kept for reuse)")
    parser.add_argument("--fresh", action="store_true", help="generate again even if present")
    parser.add_argument("--pg-database", default="motcua_office_bench")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="PostgreSQL: measure the existing --pg-database (e.g. motcua_generated) as it is",
    )
    args = parser.parse_args(argv)
    try:
        where, reused = _database(args)
    except _db.SetupError as exc:
        print(f"office: {exc}", file=sys.stderr)
        return 2
    generated = None
    try:
        if not reused:
            generated = _db.generate_timed(args.dossiers, args.seed)
        result = measure(args.requests, args.seed)
        version = _db.database_version()
    finally:
        from django.db import connections

        connections.close_all()
        if args.database == "postgres" and not reused:
            _db.cleanup()
    result.update(
        database=version,
        location=where,
        generated_seconds=generated,
        target_p95_ms=TARGET_P95_MS,
        python=platform.python_version(),
        machine=f"{platform.machine()}, {_cpu()}",
        date=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    )
    met = all(result[k]["p95_ms"] <= TARGET_P95_MS for k in ("inbox", "dossier_page"))
    result["target_met"] = met
    out = RESULTS / f"office-{args.database}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(
        f"office ({version}, {result['dossiers_in_database']:,} dossiers): unit {result['agency']} "
        f"with {result['unit_inbox_dossiers']:,} dossiers in its inbox, officer {result['officer']}"
    )
    for key, label in (
        ("baseline_sign_in_page", "baseline (sign-in page)"),
        ("inbox", "inbox"),
        ("dossier_page", "dossier page"),
    ):
        s = result[key]
        print(f"  {label:<26} p50 {s['p50_ms']:>7.1f} ms   p95 {s['p95_ms']:>7.1f} ms")
    print(f"  target p95 ≤ {TARGET_P95_MS} ms: {'met' if met else 'MISSED'}; written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
