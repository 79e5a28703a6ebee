"""Benchmark of dossier intake: ``receive_at_counter`` end to end, on SQLite or PostgreSQL.

Run from the repository root::

    .venv/bin/python -m bench.intake --database sqlite [--count 10000]
    DATABASE_URL=postgres://user@host:port/postgres .venv/bin/python -m bench.intake \\
        --database postgres

It works on a fresh database of its own (``bench/_db.py``): a new SQLite file in a temporary
directory, or a new database ``motcua_bench`` (dropped first, and again at the end) on the
PostgreSQL server named by ``DATABASE_URL``. It migrates, creates one province with a service
centre, a department, a procedure with a six-stage process and its officers, then:

* **service path** — receives ``--count`` counter dossiers with ``receive_at_counter``, each in
  its own transaction as at a real counter, each with its own owner (name, ID number, e-mail)
  and one component; the reception instants are spread evenly over the working hours of
  ``--days`` consecutive working days from Monday 08/09/2025, so the code sequence restarts
  every day. Everything the service does in the request is timed, including the notification
  of the applicant (an outbox row written in the same transaction; any mail still sent after
  commit goes to Django's dummy backend: there is no SMTP server to wait for);
* **bare baseline** — the same number of single-row ``Dossier.objects.create(...)`` calls with
  the minimal fields, in autocommit (one transaction each), no services; timed in the same run
  (first, on the empty table), then deleted;
* **memory** — ``tracemalloc`` makes the ORM about three times slower, so it is not on during
  the timed loop: ``--trace-count`` more dossiers (1,000 by default) are received on the
  following working days under it, untimed, giving the peak traced memory and how much the
  memory still held grows per reception over the second half of that pass (a leak would show
  there); plus the process's ``ru_maxrss`` (a high-water mark since start, so it includes
  Django, the migrations and the 10,000 prepared applications) right after the timed loop and
  at the end of the run;
* **queries per reception** — one more reception under ``CaptureQueriesContext``, grouped by
  statement kind and table, with the same in-memory case, agency and officer objects as the
  timed loop (their related-object caches are warm), and one with those objects freshly
  loaded from the database, as a view handling one request would have them;
* **checks** — dossiers, receive events, receipts (Form 01), control-slip rows, parties and
  distinct codes all equal to the number received, every code in state *received*, and each
  agency-day sequence exactly 1…n with its daily counter at n. Any failure exits with status 1,
  so the timed loop cannot quietly do nothing.

50 dossiers (and 50 bare inserts) on the working day before are received first, untimed, to warm
the caches (the connection, lazy imports, the calendar's year tables). Results go to
``bench/results/intake-<database>.json`` and a summary is printed.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import gc
import json
import math
import platform
import re
import resource
import sys
import time
import tracemalloc
from pathlib import Path

from . import _db
from .clock import _cpu

RESULTS = Path(__file__).resolve().parent / "results"
FIRST_DAY = dt.date(2025, 9, 8)  # a Monday, after the 2 September holidays; 2025 regime
WARMUP = 50
TARGET_SQLITE_PER_SECOND = 300
TARGET_RATIO = 1 / 6


# --------------------------------------------------------------------------- inputs


def working_days(first: dt.date, n: int) -> list[dt.date]:
    from motcua.workcalendar.calendars import calendar_for

    calendar = calendar_for(None)
    days, day = [], first
    while len(days) < n:
        if calendar.is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def instants(days: list[dt.date], count: int) -> list[dt.datetime]:
    """``count`` instants spread evenly over 07:30–17:00 (Vietnam time) of ``days``."""
    from motcua.workcalendar.clock import VN_TZ

    per_day = math.ceil(count / len(days))
    step = (9.5 * 3600) / per_day
    out = []
    for i in range(count):
        day, j = days[i // per_day], i % per_day
        start = dt.datetime.combine(day, dt.time(7, 30), VN_TZ)
        out.append(start + dt.timedelta(seconds=int(j * step)))
    return out


def applications(world, count: int, offset: int = 0) -> list:
    from motcua.dossiers.services import Application, ComponentIn, PartyIn

    return [
        Application(
            case=world.case,
            channel="counter",
            receiving_unit=world.centre,
            subject=f"Cấp Phiếu lý lịch tư pháp số 1 — hồ sơ {n}",
            parties=[
                PartyIn(
                    kind="owner",
                    name=f"Nguyễn Văn Dân {n}",
                    id_type="cccd",
                    id_number=f"{n:012d}",
                    address="Phường Sơn Hà",
                    phone="0912345678",
                    email=f"dan{n}@example.vn",
                )
            ],
            components=[ComponentIn(name="Tờ khai", originals=1)],
            return_method="counter",
        )
        for n in range(offset + 1, offset + count + 1)
    ]


# --------------------------------------------------------------------------- loops


def receive_all(world, apps, ats) -> float:
    from motcua.dossiers.services import receive_at_counter

    actor = world.counter
    t0 = time.perf_counter()
    for application, at in zip(apps, ats, strict=True):
        receive_at_counter(application=application, actor=actor, at=at)
    return time.perf_counter() - t0


def bare_inserts(world, ats, prefix: str) -> float:
    from motcua.dossiers.models import Dossier

    version, case = world.case.version, world.case
    centre, department = world.centre, world.department
    create = Dossier.objects.create
    t0 = time.perf_counter()
    for i, at in enumerate(ats):
        create(
            code=f"{prefix}{i:06d}",
            procedure_version=version,
            case=case,
            channel="counter",
            state="received",
            national_status=2,
            receiving_unit=centre,
            competent_agency=department,
            regime="2025",
            form_set="2025",
            supplement_mode="restart",
            submitted_at=at,
            received_at=at,
        )
    return time.perf_counter() - t0


_TABLE = re.compile(r'(?:FROM|INTO|UPDATE)\s+"?(\w+)"?', re.IGNORECASE)


def _kind(sql: str) -> str:
    verb, upper = sql.lstrip().split(None, 1)[0].upper(), sql.upper()
    if verb == "SELECT" and " FOR UPDATE" in upper:
        verb = "SELECT … FOR UPDATE"
    if verb == "INSERT" and ("DO NOTHING" in upper or "OR IGNORE" in upper):
        verb = "INSERT … ON CONFLICT DO NOTHING"
    elif verb == "INSERT" and "DO UPDATE" in upper:
        verb = "INSERT … ON CONFLICT DO UPDATE"
    if verb in ("SAVEPOINT", "RELEASE", "BEGIN", "COMMIT", "ROLLBACK"):
        return verb
    if verb == "WITH":  # rows.insert_all on PostgreSQL: several INSERTs in one statement
        tables = re.findall(r'INSERT INTO\s+"?(\w+)"?', sql, re.IGNORECASE)
        return "WITH INSERT " + " + ".join(tables)
    match = _TABLE.search(sql)
    return f"{verb} {match.group(1) if match else '?'}"


def count_queries(application, actor, at) -> tuple[int, list[tuple[str, int]]]:
    """Queries of one reception, grouped by statement kind and table, in order of appearance.
    Django records BEGIN and COMMIT too; they are counted."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from motcua.dossiers.services import receive_at_counter

    with CaptureQueriesContext(connection) as ctx:
        receive_at_counter(application=application, actor=actor, at=at)
    kinds = [_kind(q["sql"]) for q in ctx.captured_queries]
    groups = collections.Counter(kinds)
    return len(kinds), [(k, groups[k]) for k in dict.fromkeys(kinds)]


def fresh(application, actor):
    """The application and actor with their case, agency and user loaded anew from the
    database, as a view would have them: no related object cached."""
    import dataclasses

    from django.contrib.auth import get_user_model

    from motcua.agencies.models import Agency
    from motcua.catalog.models import ProcedureCase
    from motcua.dossiers.services import Actor

    application = dataclasses.replace(
        application,
        case=ProcedureCase.objects.get(pk=application.case.pk),
        receiving_unit=Agency.objects.get(pk=application.receiving_unit.pk),
    )
    return application, Actor.officer(get_user_model().objects.get(pk=actor.user.pk))


# --------------------------------------------------------------------------- checks


def check(expected: int, prefix_bare: str) -> dict:
    """Count what the service loops wrote and verify every agency-day code sequence."""
    from motcua.dossiers.models import (
        DailyCounter,
        Dossier,
        DossierEvent,
        DossierStep,
        Notice,
        Party,
    )
    from motcua.dossiers.timeliness import vn_date

    dossiers = Dossier.objects.exclude(code__startswith=prefix_bare)
    rows = list(dossiers.values_list("code", "receiving_unit__code", "received_at", "state"))
    counts = {
        "dossiers": len(rows),
        "received_state": sum(1 for *_, state in rows if state == "received"),
        "distinct_codes": len({code for code, *_ in rows if code}),
        "events": DossierEvent.objects.filter(action="receive").count(),
        "receipts": Notice.objects.filter(form=Notice.Form.RECEIPT).count(),
        "steps": DossierStep.objects.count(),
        "parties": Party.objects.count(),
        "bare_left": Dossier.objects.filter(code__startswith=prefix_bare).count(),
    }
    sequences: dict[tuple[str, dt.date], list[int]] = collections.defaultdict(list)
    problems = []
    for code, unit, received_at, _state in rows:
        day = vn_date(received_at)
        prefix = f"{unit}-{day:%y%m%d}-"
        if not code or not code.startswith(prefix) or not code[len(prefix) :].isdigit():
            problems.append(f"code {code!r} does not match {prefix}NNNN")
            continue
        sequences[(unit, day)].append(int(code[len(prefix) :]))
    last = {
        (c.agency.code, c.day): c.last
        for c in DailyCounter.objects.filter(scope="dossier").select_related("agency")
    }
    for key, numbers in sorted(sequences.items()):
        numbers.sort()
        if numbers != list(range(1, len(numbers) + 1)):
            problems.append(f"{key[0]} {key[1]}: sequence has gaps or duplicates")
        if last.get(key) != len(numbers):
            problems.append(f"{key[0]} {key[1]}: counter at {last.get(key)}, {len(numbers)} codes")
    for name in ("dossiers", "received_state", "distinct_codes", "receipts", "steps", "parties"):
        if counts[name] != expected:
            problems.append(f"{name}: {counts[name]}, expected {expected}")
    if counts["events"] < expected:
        problems.append(f"events: {counts['events']}, expected at least {expected}")
    if counts["bare_left"]:
        problems.append(f"{counts['bare_left']} bare rows left")
    return {**counts, "agency_days": len(sequences), "problems": problems}


# --------------------------------------------------------------------------- run


def run(count: int, n_days: int, trace_count: int) -> dict:
    from django.db import connection

    from motcua.dossiers.models import Dossier

    world = _db.build_world()
    # Warm-up day, the timed days, then as many days again for the traced (memory) pass.
    days = working_days(FIRST_DAY - dt.timedelta(days=3), 1 + 2 * n_days)
    warm_day, timed_days, traced_days = days[0], days[1 : 1 + n_days], days[1 + n_days :]

    # Bare baseline first, on an empty table; then its rows are deleted.
    bare_prefix = "BARE-"
    warm_ats = instants([warm_day], WARMUP)
    bare_inserts(world, warm_ats, bare_prefix + "W")
    timed_ats = instants(timed_days, count)
    bare_seconds = bare_inserts(world, timed_ats, bare_prefix)
    with connection.cursor() as cursor:  # no related rows; the ORM would load them all first
        table = connection.ops.quote_name(Dossier._meta.db_table)
        cursor.execute(f"DELETE FROM {table} WHERE code LIKE %s", [bare_prefix + "%"])

    # Service path: warm-up, then timed.
    receive_all(world, applications(world, WARMUP, offset=0), warm_ats)
    apps = applications(world, count, offset=WARMUP)
    seconds = receive_all(world, apps, timed_ats)
    maxrss_service_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    del apps

    # Two receptions under the query counter (warm-up day, after its others): with the objects
    # of the timed loop, then with freshly loaded ones.
    extra = applications(world, 2, offset=WARMUP + count)
    at = warm_ats[-1] + dt.timedelta(minutes=1)
    n_queries, query_groups = count_queries(extra[0], world.counter, at)
    n_queries_fresh, fresh_groups = count_queries(*fresh(extra[1], world.counter), at)

    # Memory: more receptions on the following days, under tracemalloc (not timed).
    traced_apps = applications(world, trace_count, offset=WARMUP + count + 2)
    traced_ats = instants(traced_days, trace_count)
    # Two halves: what the second half adds to the traced memory still held shows growth per
    # reception (a leak), apart from caches filled once. Cyclic garbage (a dossier and its
    # current step refer to each other) is collected before each reading.
    half = trace_count // 2
    tracemalloc.start()
    receive_all(world, traced_apps[:half], traced_ats[:half])
    gc.collect()
    middle, _ = tracemalloc.get_traced_memory()
    receive_all(world, traced_apps[half:], traced_ats[half:])
    _, peak = tracemalloc.get_traced_memory()
    gc.collect()
    current, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del traced_apps
    maxrss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    checks = check(WARMUP + 2 + count + trace_count, bare_prefix)
    per_second = count / seconds
    bare_per_second = count / bare_seconds
    ratio = per_second / bare_per_second
    targets = {"ratio_at_least": round(TARGET_RATIO, 4)}
    met = ratio >= TARGET_RATIO
    if connection.vendor == "sqlite":
        targets["per_second_at_least"] = TARGET_SQLITE_PER_SECOND
        met = met and per_second >= TARGET_SQLITE_PER_SECOND
    return {
        "database": connection.vendor,
        "database_version": _db.database_version(),
        "count": count,
        "seconds": round(seconds, 3),
        "per_second": round(per_second, 1),
        "ms_per_dossier": round(1000 * seconds / count, 3),
        "bare_count": count,
        "bare_seconds": round(bare_seconds, 3),
        "bare_per_second": round(bare_per_second, 1),
        "ratio": round(ratio, 4),
        "targets": targets,
        "targets_met": met,
        "trace_count": trace_count,
        "peak_tracemalloc_mb": round(peak / 2**20, 2),
        "tracemalloc_held_at_end_mb": round(current / 2**20, 2),
        "retained_bytes_per_reception": round((current - middle) / max(1, trace_count - half)),
        "maxrss_mb": round(maxrss_kb / 1024, 1),
        "maxrss_after_service_loop_mb": round(maxrss_service_kb / 1024, 1),
        "queries_per_reception": n_queries,
        "queries": [{"kind": k, "count": n} for k, n in query_groups],
        "queries_per_reception_fresh_objects": n_queries_fresh,
        "queries_fresh_objects": [{"kind": k, "count": n} for k, n in fresh_groups],
        "days": n_days,
        "per_day": math.ceil(count / n_days),
        "first_day": timed_days[0].isoformat(),
        "warmup": WARMUP,
        "checks": checks,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "django": __import__("django").get_version(),
        "machine": f"{platform.machine()}, {_cpu()}, {platform.platform()}",
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgres"), required=True)
    parser.add_argument("--count", type=int, default=10_000, help="dossiers per loop")
    parser.add_argument("--days", type=int, default=20, help="working days to spread them over")
    parser.add_argument(
        "--trace-count", type=int, default=1_000, help="dossiers received under tracemalloc"
    )
    parser.add_argument("--pg-database", default="motcua_bench", help="created, then dropped")
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args(argv)
    if min(args.count, args.days, args.trace_count) < 1:
        parser.error("--count, --days and --trace-count must be positive")
    output = args.output or RESULTS / f"intake-{args.database}.json"

    try:
        _db.prepare(args.database, pg_database=args.pg_database)
    except _db.SetupError as exc:
        print(f"intake: {exc}", file=sys.stderr)
        return 2
    try:
        result = run(args.count, min(args.days, args.count), args.trace_count)
    finally:
        _db.cleanup()

    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    r = result
    print(
        f"intake ({r['database_version']}): {r['count']:,} dossiers received in "
        f"{r['seconds']:.2f} s = {r['per_second']:,.0f}/s ({r['ms_per_dossier']:.2f} ms each; "
        f"{r['days']} working days, up to {r['per_day']} a day, one transaction each)"
    )
    verdict = "met" if r["targets_met"] else "MISSED"
    target = f"≥ 1/6 = {TARGET_RATIO:.3f}"
    if r["database"] == "sqlite":
        target += f" and ≥ {TARGET_SQLITE_PER_SECOND}/s"
    print(
        f"bare ORM inserts: {r['bare_count']:,} in {r['bare_seconds']:.2f} s = "
        f"{r['bare_per_second']:,.0f}/s; ratio {r['ratio']:.3f} (target {target}: {verdict})"
    )
    print(
        f"memory ({r['trace_count']:,} more receptions under tracemalloc, untimed): peak "
        f"{r['peak_tracemalloc_mb']} MB traced, growth {r['retained_bytes_per_reception']} B "
        f"per reception over its second half; max RSS {r['maxrss_after_service_loop_mb']} MB "
        f"after the timed loop, {r['maxrss_mb']} MB at the end"
    )
    print(
        f"queries per reception: {r['queries_per_reception']} "
        f"({r['queries_per_reception_fresh_objects']} with freshly loaded case, agency, officer)"
        " — " + ", ".join(f"{q['kind']} ×{q['count']}" for q in r["queries"])
    )
    c = r["checks"]
    print(
        f"checked {c['dossiers']:,} dossiers, {c['events']:,} events, {c['receipts']:,} receipts, "
        f"{c['distinct_codes']:,} distinct codes, {c['agency_days']} agency-days: ",
        end="",
    )
    if c["problems"]:
        print(f"{len(c['problems'])} PROBLEMS")
        for problem in c["problems"][:20]:
            print("  ", problem)
    else:
        print("no gap, no duplicate")
    print(f"written to {output}")
    return 1 if c["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
