"""The public status lookup under concurrent HTTP load, against a bare Django view, same run.

With ``--dossiers`` (default 1,000,000) dossiers made by ``bench/generate`` (reused when the
database already holds them, migrated first), the product runs under gunicorn on 127.0.0.1
(``--workers``, default twice the cores; DEBUG off; settings ``bench/portal_site.py``, which add
``/bench/bare/``: a tiny response behind the same middleware). wrk then loads, in turn and for
``--duration`` seconds each, (a) the bare view and (b) the status lookup, rotating through
``--paths`` real codes with the right second factor (the last 4 digits of the owner's phone or ID
number) sampled from the database; ``--rounds`` pairs, after a warm-up of both. Reported: the
requests per second of both, their ratio (target ≥ 0.5) and the lookup's latency p50/p99 (target
p99 ≤ 100 ms) — the median over the rounds — and every response must be 2xx (wrk counts the
others). gunicorn is stopped at the end whatever happens.

    python -m bench.portal --database sqlite [--dossiers N] [--duration 10] [--rounds 3]
    python -m bench.portal --database postgres [--reuse --pg-database motcua_generated]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

from . import _db
from .portal_load import LoadError, fetch, find_wrk, run_wrk, serving

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
TARGET_RATIO = 0.5
TARGET_P99_MS = 100


def _django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "0"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.dummy.EmailBackend"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def _database(args) -> tuple[str, bool, float]:
    """Point Django at the database to measure, migrated: (where, reused, migrate seconds)."""
    t0 = time.perf_counter()
    if args.database == "sqlite":
        from .generate.__main__ import prepare_sqlite

        path = args.path or ROOT / "var" / "bench" / f"generate-{args.dossiers}.sqlite3"
        if path.exists() and not args.fresh:
            _django(f"sqlite:///{path.resolve()}")
            return str(path), True, time.perf_counter() - t0
        prepare_sqlite(path)
        return str(path), False, time.perf_counter() - t0
    if args.reuse:
        # A database that ``python -m bench.generate --database postgres`` left in the server.
        from urllib.parse import urlsplit, urlunsplit

        url = urlsplit(os.environ.get("DATABASE_URL", ""))
        if url.scheme not in ("postgres", "postgresql"):
            raise _db.SetupError("--database postgres needs DATABASE_URL=postgres://…")
        _django(urlunsplit(url._replace(path=f"/{args.pg_database}")))
        return os.environ["DATABASE_URL"].rsplit("@", 1)[-1], True, time.perf_counter() - t0
    _db.prepare("postgres", pg_database=args.pg_database)
    return os.environ["DATABASE_URL"].rsplit("@", 1)[-1], False, time.perf_counter() - t0


def sample_paths(count: int, seed: int) -> list[str]:
    """Status-page paths of ``count`` random received dossiers (fewer if the database has fewer),
    each with the right second factor: the owner's phone digits or ID digits, half and half."""
    from django.db.models import Max, Min

    from motcua.dossiers.models import Dossier, Party
    from motcua.portal.lookup import CODE_PARAM, FACTOR_PARAM, last_digits

    rng = random.Random(seed)
    bounds = Dossier.objects.aggregate(lo=Min("pk"), hi=Max("pk"))
    if bounds["lo"] is None:
        return []
    lo, hi = bounds["lo"], bounds["hi"]
    found: dict[str, str] = {}
    everything = hi - lo + 1 <= 4 * count
    for _attempt in range(1 if everything else 20):
        ids = range(lo, hi + 1) if everything else [rng.randint(lo, hi) for _ in range(2 * count)]
        ids = list(ids)
        for start in range(0, len(ids), 500):
            rows = (
                Party.objects.filter(dossier_id__in=ids[start : start + 500], kind="owner")
                .exclude(dossier__code=None)
                .order_by()
                .values_list("dossier__code", "phone", "id_number")
            )
            for code, phone, id_number in rows:
                choices = [d for d in (last_digits(phone), last_digits(id_number)) if len(d) == 4]
                if choices:
                    factor = choices[0] if len(choices) == 1 else rng.choice(choices)
                    found[code] = f"/tra-cuu/?{CODE_PARAM}={quote(code)}&{FACTOR_PARAM}={factor}"
        if len(found) >= count:
            break
    paths = sorted(found.values())
    rng.shuffle(paths)
    return paths[:count]


def warm_cache(paths: list[str]) -> float:
    """Read each sampled dossier once, as a lookup does, so that the operating system's page
    cache holds their rows: the loads then measure the server's work, not the disk's (a 1M
    database is larger than the cache at first). Seconds taken."""
    from urllib.parse import parse_qs, urlsplit

    from django.utils import timezone

    from motcua.portal.lookup import CODE_PARAM, FACTOR_PARAM, find, read

    t0 = time.perf_counter()
    now = timezone.now()
    for path in paths:
        query = parse_qs(urlsplit(path).query)
        code = query[CODE_PARAM][0]
        _counts, dossier, slip = read(code, ["", ""], now)
        if find(code, query[FACTOR_PARAM][0], dossier, slip, now=now) is None:
            raise LoadError(f"{path}: the sampled dossier was not found")
    return time.perf_counter() - t0


def check_pages(base: str, paths: list[str], rng: random.Random) -> list[str]:
    """Problems with a few lookups and the bare view, fetched once before the load."""
    problems = []
    status, body = fetch(f"{base}/bench/bare/")
    if status != 200 or body != b"ok":
        problems.append(f"/bench/bare/ answered {status}")
    for path in rng.sample(paths, min(20, len(paths))):
        status, body = fetch(base + path)
        if status != 200 or b'id="lookup-result"' not in body:
            problems.append(f"{path} answered {status} without a status")
    return problems


def _median(rounds: list[dict], *keys: str) -> float:
    values = []
    for r in rounds:
        value = r
        for key in keys:
            value = value[key]
        values.append(value)
    return round(statistics.median(values), 2)


def measure(args, paths: list[str], wrk: str) -> dict:
    """Start the server, check it, warm it up, then the rounds of bare and lookup loads."""
    load = dict(connections=args.connections, threads=args.wrk_threads)
    with serving(
        workers=args.workers, worker_class=args.worker_class, threads=args.threads
    ) as server:
        problems = check_pages(server.url, paths, random.Random(args.seed))
        if problems:
            raise LoadError("; ".join(problems[:5]))
        bare, lookup = f"{server.url}/bench/bare/", server.url + "/"
        if args.warmup > 0:
            run_wrk(wrk, bare, ["/bench/bare/"], seconds=args.warmup, **load)
            run_wrk(wrk, lookup, paths, seconds=args.warmup, **load)
        rounds = []
        for _ in range(args.rounds):
            b = run_wrk(wrk, bare, ["/bench/bare/"], seconds=args.duration, **load)
            lk = run_wrk(wrk, lookup, paths, seconds=args.duration, **load)
            rounds.append(
                {
                    "bare": b,
                    "lookup": lk,
                    "ratio": round(lk["requests_per_second"] / b["requests_per_second"], 3),
                }
            )
        server_info = {
            "pid": server.pid,
            "workers": server.workers,
            "worker_class": server.worker_class,
            "threads": server.threads,
        }
    return {
        "server": {"gunicorn": __import__("gunicorn").__version__, **server_info},
        "rounds": rounds,
    }


def _parser() -> argparse.ArgumentParser:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgres"), required=True)
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--path", type=Path, default=None, help="SQLite file (kept for reuse)")
    parser.add_argument("--fresh", action="store_true", help="generate again even if present")
    parser.add_argument("--pg-database", default="motcua_portal_bench")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="PostgreSQL: measure the existing --pg-database (e.g. motcua_generated), migrated",
    )
    parser.add_argument("--paths", type=int, default=5_000, help="dossiers looked up in turn")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of each load")
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds of each warm-up")
    parser.add_argument("--rounds", type=int, default=3, help="pairs of bare and lookup loads")
    parser.add_argument("--connections", type=int, default=2 * 2 * cores)
    parser.add_argument("--wrk-threads", type=int, default=min(2, cores))
    parser.add_argument("--workers", type=int, default=2 * cores, help="gunicorn processes")
    parser.add_argument("--worker-class", default="sync", choices=("sync", "gthread"))
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker")
    parser.add_argument("--output", type=Path, default=None)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if min(args.dossiers, args.paths, args.rounds, args.connections, args.workers) < 1:
        print("portal: counts must be positive", file=sys.stderr)
        return 2
    try:
        wrk = find_wrk()
        where, reused, migrated = _database(args)
    except (LoadError, _db.SetupError) as exc:
        print(f"portal: {exc}", file=sys.stderr)
        return 2
    from django.db import connections

    generated = None
    try:
        if not reused:
            generated = _db.generate_timed(args.dossiers, args.seed)
        from motcua.dossiers.models import Dossier

        dossiers = Dossier.objects.count()
        paths = sample_paths(args.paths, args.seed)
        warmed = round(warm_cache(paths), 1)
        version = _db.database_version()
        connections.close_all()  # the server's processes open their own
        if not paths:
            raise LoadError("no received dossier with an owner's phone or ID number to look up")
        result = measure(args, paths, wrk)
    except LoadError as exc:
        print(f"portal: {exc}", file=sys.stderr)
        return 1
    finally:
        connections.close_all()
        if args.database == "postgres" and not reused:
            _db.cleanup()
    rounds = result["rounds"]
    summary = {
        "bare_requests_per_second": _median(rounds, "bare", "requests_per_second"),
        "lookup_requests_per_second": _median(rounds, "lookup", "requests_per_second"),
        "ratio": _median(rounds, "ratio"),
        "lookup_p50_ms": _median(rounds, "lookup", "latency_ms", "p50"),
        "lookup_p99_ms": _median(rounds, "lookup", "latency_ms", "p99"),
        "bare_p99_ms": _median(rounds, "bare", "latency_ms", "p99"),
        "non_2xx_3xx": sum(r[k]["non_2xx_3xx"] for r in rounds for k in ("bare", "lookup")),
        "socket_errors": sum(r[k]["socket_errors"] for r in rounds for k in ("bare", "lookup")),
    }
    summary["ratio_met"] = summary["ratio"] >= TARGET_RATIO
    summary["p99_met"] = summary["lookup_p99_ms"] <= TARGET_P99_MS
    result = {
        **summary,
        "target_ratio": TARGET_RATIO,
        "target_p99_ms": TARGET_P99_MS,
        **result,
        "wrk": {
            "connections": args.connections,
            "threads": args.wrk_threads,
            "seconds_per_load": args.duration,
            "warmup_seconds": args.warmup,
            "paths": len(paths),
            "page_cache_warmed_seconds": warmed,
        },
        "dossiers_in_database": dossiers,
        "database": version,
        "location": where,
        "migrate_seconds": round(migrated, 1),
        "generated_seconds": generated,
        **_db.run_facts(),
    }
    out = args.output or RESULTS / f"portal-{args.database}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    report(result, out)
    return 0 if summary["non_2xx_3xx"] == 0 else 1


def report(r: dict, out: Path) -> None:
    s, w = r["server"], r["wrk"]
    print(
        f"portal ({r['database']}, {r['dossiers_in_database']:,} dossiers): gunicorn "
        f"{s['workers']} {s['worker_class']} workers × {s['threads']} thread(s); wrk "
        f"{w['threads']} threads, {w['connections']} connections, {w['seconds_per_load']:g} s "
        f"per load, {len(r['rounds'])} rounds, {w['paths']:,} dossiers looked up in turn"
    )
    for i, one in enumerate(r["rounds"], 1):
        b, lk = one["bare"], one["lookup"]
        print(
            f"  round {i}: bare {b['requests_per_second']:>8,.0f}/s (p99 "
            f"{b['latency_ms']['p99']:.1f} ms)   lookup {lk['requests_per_second']:>8,.0f}/s "
            f"(p50 {lk['latency_ms']['p50']:.1f} ms, p99 {lk['latency_ms']['p99']:.1f} ms)   "
            f"ratio {one['ratio']:.2f}"
        )
    print(
        f"  median: ratio {r['ratio']:.2f} (target ≥ {TARGET_RATIO}: "
        f"{'met' if r['ratio_met'] else 'MISSED'}), lookup p99 {r['lookup_p99_ms']:.1f} ms "
        f"(target ≤ {TARGET_P99_MS} ms: {'met' if r['p99_met'] else 'MISSED'}); responses not "
        f"2xx/3xx: {r['non_2xx_3xx']}, socket errors: {r['socket_errors']}; written to {out}"
    )


if __name__ == "__main__":
    raise SystemExit(main())
