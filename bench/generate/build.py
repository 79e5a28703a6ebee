"""The generation run: reference data, then the dossiers chunk by chunk, then the summary.

Days are taken in order and grouped into chunks of about ``chunk_size`` dossiers (a chunk is a
``Job``; memory stays bounded whatever the count). In a chunk, each day's dossiers are numbered
in the order they were submitted, their codes in the order of reception per receiving unit and
day (every unit-day sequence is 0001…n, gapless, and ``DailyCounter`` holds n), their histories
simulated (``life.Life``) and their rows written in one go (``load.Loader``).

With ``workers`` (two on a big bulk load), forked processes simulate chunks side by side and
each writes its own, over a connection of its own: nothing but a small ``Done`` comes back.
The child rows (control-slip rows, events…) are numbered within their chunk; a chunk whose
simulation is over waits for its turn (chunks in order), takes the next free ids of each table,
hands the turn on and writes with its ids shifted (``Loader.write``). Ids are therefore dense
and in chunk order, as if one process had written everything.
"""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
import os
import random
import time
from collections import Counter
from dataclasses import asdict, dataclass, field

from . import mix, payloads
from .arrivals import COMPLETION, NORMAL, Planner
from .life import Ctx, Life
from .load import Loader
from .payloads import DB_FIELDS
from .people import People
from .timeline import EPOCH, Formats, day_number, vn_day
from .world import build_world


class Ids:
    """The next id of each table (attributes: ``ids.step += 1`` is the hot path)."""

    __slots__ = ("component", "counter", "dossier", "event", "extension", "notice", "party",
                 "pause", "step")  # fmt: skip

    def __init__(self, starts: dict[str, int]) -> None:
        for kind in self.__slots__:
            setattr(self, kind, starts.get(kind, 0))

    def take(self, kind: str) -> int:
        n = getattr(self, kind)
        setattr(self, kind, n + 1)
        return n


@dataclass
class Summary:
    database: str
    count: int
    seed: int
    since: str
    until: str
    as_of: str
    seconds: float
    dossiers_per_second: float
    timings: dict[str, float]
    states: dict[str, int]
    national_status: dict[str, int]
    channels: dict[str, int]
    timeliness: dict[str, dict[str, int]]
    pending: dict[str, int]
    features: dict[str, int]
    rows: dict[str, int]
    officers_created: int
    reference_backdated: dict[str, int]
    first_ids: dict[str, int]
    workers: int = 0
    indexes_kept: bool = False
    verify: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


class Stats:
    def __init__(self) -> None:
        self.states: Counter = Counter()
        self.channels: Counter = Counter()
        self.timeliness: dict[str, Counter] = {"all": Counter()}
        self.pending: Counter = Counter()
        self.features: Counter = Counter()
        self.rows: Counter = Counter()

    def merge(self, other: Stats) -> None:
        self.states.update(other.states)
        self.channels.update(other.channels)
        for level, counts in other.timeliness.items():
            self.timeliness.setdefault(level, Counter()).update(counts)
        self.pending.update(other.pending)
        self.features.update(other.features)
        self.rows.update(other.rows)

    def add(self, life: Life, as_of: int) -> None:
        state = life.state
        self.states[state] += 1
        self.channels[life.a.channel] += 1
        if state in ("finished", "returned"):
            if life.due is None:
                t = "on_time"
            else:
                d, f = vn_day(life.due), vn_day(life.finished)
                t = "early" if f < d else ("on_time" if f == d else "late")
            self.timeliness["all"][t] += 1
            self.timeliness.setdefault(life.a.level, Counter())[t] += 1
        elif state in ("received", "processing"):
            overdue = life.due is not None and vn_day(life.due) < vn_day(as_of)
            self.pending["overdue" if overdue else "within"] += 1
        elif state in ("supplement", "payment", "stopped"):
            self.pending["within"] += 1
        if len(life.open) > 1:
            self.features["several_open_rows"] += 1
        if life.extensions:
            self.features["apologies"] += 1
        if life.pauses:
            self.features["with_pause"] += 1
        if life.a.competent != life.x.world.local_decider.get((life.spec.index, life.a.unit)):
            self.features["received_elsewhere"] += 1
        if any(len(st) > 1 for st in life.spec.stages):
            self.features["parallel_stages"] += 1
        if life.rating[0]:
            self.features["rated"] += 1


def chunks(volumes, size: int):
    out, current, n = [], [], 0
    for day, count in volumes:
        current.append((day, count))
        n += count
        if n >= size:
            out.append(current)
            current, n = [], 0
    if current or not out:
        out.append(current)
    return out


CHILDREN = ("party", "component", "step", "event", "notice", "pause", "extension")


@dataclass
class Job:
    index: int
    days: list[tuple[dt.date, int]]
    first_id: int  # the chunk's dossiers are numbered from here
    last: bool  # the tail (dossiers anchored after the period) goes with the last chunk


@dataclass
class Done:
    index: int
    counters: dict[tuple[int, int], int]
    stats: Stats
    dossiers: int
    simulate: float
    write: float


# What the workers need, set by ``run`` before they are forked (they inherit it): the context,
# the planner, the seed, the tail, the loader, and the turnstile that makes chunks take their
# ids in order (the chunk whose turn it is, and the next free id of each child table).
_shared: dict = {}


def simulate_chunk(job: Job) -> Done:
    """Simulate the dossiers of ``job``'s days, then write them. Control-slip rows, events and
    the other child rows are numbered from 0 within the chunk; when its turn comes (chunks in
    order), the chunk takes the next ids of each table and passes the turn on, then writes with
    its ids shifted by them (``load.Loader.write``): the next chunk need not wait for the write.

    The cyclic garbage collector is paused meanwhile: the simulation makes no reference cycles
    (reference counting frees everything), and a chunk's half-million rows would otherwise be
    traversed again and again (~15 % of the time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _simulate_chunk(job)
    finally:
        if enabled:
            gc.enable()


def _simulate_chunk(job: Job) -> Done:
    t0 = time.perf_counter()
    ctx, planner, seed, tail = (_shared[k] for k in ("ctx", "planner", "seed", "tail"))
    ctx.ids = Ids({"dossier": job.first_id, **{kind: 0 for kind in CHILDREN}})
    formats, world = ctx.f, ctx.world
    by_day = [(day, planner.plan_day(day, n)) for day, n in job.days]
    if job.last:
        by_day += tail
    for _day, planned in by_day:
        planned.sort(key=lambda a: (a.submitted, a.anchor))
        for a in planned:
            a.id = ctx.ids.take("dossier")
    arrivals = [a for _day, planned in by_day for a in planned]
    counters: dict[tuple[int, int], int] = {}
    _codes(arrivals, world, planner.as_of, counters, ctx.code_prefix)
    rows: dict[str, list] = {"dossier": [], **{kind: [] for kind in CHILDREN}}
    stats = Stats()
    for day, planned in by_day:
        # One random stream per day: the same seed gives the same histories.
        rng = random.Random(seed * 7_919 + day_number(day) + 1_000_000_007)
        for a in planned:
            life = Life(ctx, a, rng, People)
            life.run()
            _emit(life, rows, formats)
            stats.add(life, planner.as_of)
    formats.forget()
    for kind, data in rows.items():
        stats.rows[kind] += len(data)
    t1 = time.perf_counter()
    offsets = _take_ids(job.index, {kind: len(rows[kind]) for kind in CHILDREN})
    _shared["loader"].write(rows, offsets, _worker_connection())
    return Done(job.index, counters, stats, len(arrivals), t1 - t0, time.perf_counter() - t1)


def _take_ids(index: int, counts: dict[str, int]) -> dict[str, int]:
    turn, free, condition = _shared["turn"], _shared["free"], _shared["condition"]
    if condition is None:  # in this process: chunks come in order
        offsets = dict(free)
        for kind in CHILDREN:
            free[kind] += counts[kind]
        return offsets
    with condition:
        while turn.value != index:
            condition.wait(timeout=1)
        offsets = dict(zip(CHILDREN, free[:], strict=True))
        for i, kind in enumerate(CHILDREN):
            free[i] += counts[kind]
        turn.value = index + 1
        condition.notify_all()
    return offsets


def _worker_connection():
    """None in the main process (Django's connection); a worker's own, opened once."""
    if _shared["condition"] is None:
        return None
    raw = _shared.get("raw")
    if raw is None:
        from multiprocessing import util

        raw = _shared["raw"] = _shared["loader"].open_raw()
        util.Finalize(None, raw.close, exitpriority=10)
    return raw


def _results(jobs: list[Job], workers: int):
    """``simulate_chunk`` of every job, in order: in ``workers`` forked processes, or here."""
    if workers <= 0:
        for job in jobs:
            yield simulate_chunk(job)
        return
    with _pool(workers) as pool:
        yield from pool.imap(simulate_chunk, jobs)
        pool.close()
        pool.join()


def _pool(workers: int):
    return multiprocessing.get_context("fork").Pool(workers)


def run(
    count: int,
    seed: int,
    *,
    since: dt.date = mix.DEFAULT_SINCE,
    until: dt.date = mix.DEFAULT_UNTIL,
    chunk_size: int = 20_000,
    bulk: bool | None = None,
    workers: int | None = None,
    keep_indexes: bool | None = None,
    progress=None,
) -> Summary:
    from django.conf import settings
    from django.db import connection, connections, transaction

    from motcua.dossiers import tallies
    from motcua.dossiers.models import Dossier
    from motcua.dossiers.policies import CodeFormat, centralised_system_digits, code_format
    from motcua.dossiers.states import NATIONAL_STATUS

    say = progress or (lambda _text: None)
    t_start = time.perf_counter()
    timings: dict[str, float] = {}
    if Dossier.objects.exists():
        raise RuntimeError("bench.generate writes into a database without dossiers")
    t0 = time.perf_counter()
    world = build_world(since=since, until=until, seed=seed)
    timings["reference_data"] = time.perf_counter() - t0
    say(
        f"reference data: {len(world.specs)} cases, {sum(len(p) for p in world.officers.values())} "
        f"roles ({world.officers_created} officers created) in {timings['reference_data']:.1f} s"
    )
    if bulk is None:
        bulk = not connection.in_atomic_block
    if workers is None:
        workers = min(2, os.cpu_count() or 1) if bulk and count >= 4 * chunk_size else 0
    if workers and not bulk:
        raise ValueError("worker processes need bulk mode (a database of their own)")
    if keep_indexes is None:
        # Measured at 1,000,000 dossiers (docs/benchmarks.md): SQLite is faster maintaining
        # them during the load; PostgreSQL building them after (in parallel).
        keep_indexes = connection.vendor == "sqlite"
    loader = Loader(connection, bulk=bulk, keep_indexes=keep_indexes)
    starts = loader.starts()
    planner = Planner(world, seed, since, until)
    volumes, tail = planner.volumes(count)
    formats = Formats(suffix="+00" if connection.vendor == "postgresql" else "")
    payloads.use_utf8(connection.vendor == "postgresql")
    digits = centralised_system_digits() if code_format() == CodeFormat.CENTRALISED else ""
    scale = Dossier._meta.get_field("budget_scale")
    ctx = Ctx(
        world,
        formats,
        planner.as_of,
        code_prefix=digits,
        apology_moves_due=getattr(settings, "MOTCUA_APOLOGY_MOVES_DUE", False),
        default_scale=scale.get_db_prep_save(scale.get_default(), connection),
    )
    groups = chunks(volumes, chunk_size)
    jobs, first = [], starts["dossier"]
    for index, days in enumerate(groups):
        last = index == len(groups) - 1
        jobs.append(Job(index, days, first, last))
        first += sum(n for _day, n in days) + (sum(len(a) for _d, a in tail) if last else 0)
    mp = multiprocessing.get_context("fork")
    _shared.clear()
    _shared.update(ctx=ctx, planner=planner, seed=seed, tail=tail, loader=loader)
    if workers:
        _shared.update(
            turn=mp.Value("q", 0, lock=False),
            free=mp.Array("q", [starts[kind] for kind in CHILDREN], lock=False),
            condition=mp.Condition(),
        )
    else:
        _shared.update(turn=None, free={kind: starts[kind] for kind in CHILDREN}, condition=None)
    loader.begin()
    if workers:
        connections.close_all()  # the workers are forked: they open connections of their own
    stats = Stats()
    counters: dict[tuple[int, int], int] = {}
    t_load = time.perf_counter()
    generated = 0
    t_sim = t_write = 0.0
    try:
        for done in _results(jobs, workers):
            t_sim += done.simulate
            t_write += done.write
            counters.update(done.counters)
            stats.merge(done.stats)
            generated += done.dossiers
            elapsed = time.perf_counter() - t_load
            say(
                f"chunk {done.index + 1}/{len(jobs)}: {generated:,} dossiers, {elapsed:.1f} s "
                f"({generated / elapsed:,.0f}/s; in {max(workers, 1)} process(es): simulate "
                f"{t_sim:.1f} s, write {t_write:.1f} s)"
            )
    finally:
        _shared.clear()
    counter_rows = [
        (starts["counter"] + k, "dossier", unit, (EPOCH + dt.timedelta(days=day)).isoformat(), n)
        for k, ((unit, day), n) in enumerate(sorted(counters.items()))
    ]
    loader.write({"counter": counter_rows}, {})  # Django's connection again
    stats.rows["counter"] = len(counter_rows)
    timings["load"] = time.perf_counter() - t_load
    timings["simulate"] = t_sim
    timings["write"] = t_write
    t0 = time.perf_counter()
    loader.finish(progress=say)
    timings["indexes"] = loader.timings.get("indexes", 0.0)
    timings["sequences_and_analyze"] = time.perf_counter() - t0 - timings["indexes"]
    # The handling report's summary rows, which transitions keep and a bulk load does not.
    t0 = time.perf_counter()
    with transaction.atomic():
        tallies.rebuild()
    timings["tallies"] = time.perf_counter() - t0
    say(f"daily tallies of the handling report: {timings['tallies']:.1f} s")
    seconds = time.perf_counter() - t_start
    timings["total"] = seconds
    national: Counter = Counter()
    for state, n in stats.states.items():
        national[str(NATIONAL_STATUS[state])] += n
    return Summary(
        database=connection.vendor,
        count=generated,
        seed=seed,
        since=since.isoformat(),
        until=until.isoformat(),
        as_of=formats.iso(planner.as_of),
        seconds=round(seconds, 2),
        dossiers_per_second=round(generated / seconds, 1),
        timings={k: round(v, 2) for k, v in timings.items()},
        states=dict(stats.states.most_common()),
        national_status=dict(sorted(national.items(), key=lambda kv: int(kv[0]))),
        channels=dict(stats.channels.most_common()),
        timeliness={k: dict(v.most_common()) for k, v in stats.timeliness.items()},
        pending=dict(stats.pending),
        features=dict(stats.features.most_common()),
        rows=dict(stats.rows),
        officers_created=world.officers_created,
        reference_backdated=world.backdated,
        first_ids=starts,
        workers=workers,
        indexes_kept=keep_indexes or not bulk,
    )


def _codes(arrivals, world, as_of, counters, digits) -> None:
    """Number the receptions of each unit and day in order: ``{unit}-{YYMMDD}-{NNNN}``."""
    received = sorted(
        (a for a in arrivals if a.disposition in (NORMAL, COMPLETION) and a.anchor <= as_of),
        key=lambda a: (a.unit, a.anchor, a.id),
    )
    labels: dict[int, str] = {}
    for a in received:
        day = vn_day(a.anchor)
        key = (a.unit, day)
        n = counters.get(key, 0) + 1
        counters[key] = n
        label = labels.get(day)
        if label is None:
            label = labels[day] = (EPOCH + dt.timedelta(days=day)).strftime("%y%m%d")
        a.code = f"{world.agencies[a.unit][0]}-{label}-{digits}{n:04d}"


NATIONAL = None


def _emit(life: Life, rows: dict[str, list], f: Formats) -> None:
    global NATIONAL
    if NATIONAL is None:
        from motcua.dossiers.states import NATIONAL_STATUS

        NATIONAL = {str(k): v for k, v in NATIONAL_STATUS.items()}
    a, spec, db = life.a, life.spec, f.db
    did = a.id
    last = life.events[-1][3]
    kind, number, signer, result_at, summary = life.result
    current = life.current
    rows["dossier"].append(
        (
            did, life.code, spec.version_id, spec.case_id, a.channel, life.state,
            NATIONAL[life.state], life.subject, 1, a.unit, a.competent, None, life.regime,
            life.form_set, life.supplement_mode, life.limit_db, life.time_unit, life.cutoff_db,
            life.scale_db if life.scale_db is not None else life.x.default_scale,
            db(a.submitted), db(life.received), db(life.due), db(life.appointment),
            db(life.finished), db(life.returned),
            current[0] if current is not None else None, life.current_agency,
            life.current_holder, kind, number, signer,
            f.date(result_at) if result_at is not None else None, summary,
            life.return_method, life.returned_to, life.rating[0], "", db(life.rating[1]),
            len(life.events), last, len(life.steps), db(a.submitted), last,
        )
    )  # fmt: skip
    ids = life.x.ids
    party_rows = rows["party"]
    for kind_, p in life.parties:
        party_rows.append((ids.take("party"), did, kind_, p[0], p[1], p[2], p[3], p[4], p[5]))
    online = a.channel == "online"
    rng = life.rng
    comp_rows = rows["component"]
    for cid, name, o, c in life.components():
        digitisation = 2 if online and rng.random() < 0.1 else 1
        comp_rows.append((ids.take("component"), did, cid, name, o, c, digitisation, False))
    rows["step"] += [r[:DB_FIELDS] for r in life.steps]
    for p in life.pauses:
        rows["pause"].append(
            (
                p[0], did, p[1], p[2], p[3], db(p[4]), p[5], p[6], payloads.items(p[7]), db(p[8]),
                db(p[9]), db(p[10]), p[11], db(p[12]),
            )
        )  # fmt: skip
    rows["extension"].extend(life.extensions)
    rows["notice"].extend(life.notices)
    rows["event"].extend(life.events)
