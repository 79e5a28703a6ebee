"""Benchmark of the working-time clock (``motcua.workcalendar.clock``).

Run from the repository root::

    .venv/bin/python -m bench.clock [--computations 100000] [--baseline 5000] [--repeats 3]

It pre-generates random due-date computations (starts between 2018 and 2030 in Vietnam time
with random seconds; working days 0.5–30 in halves, working hours 1–200, calendar days 1–60
or same day; cut-off None or 15:00), times ``WorkCalendar.due`` on all of them with a fresh
calendar (so the lazy per-year precomputation is included), then times a straightforward
baseline — a day-by-day, period-by-period walk that looks every day up in a ``holidays.VN``
object, with no precomputation — on a subsample. The two must give identical results on the
subsample, else the script exits with status 1. Results are written to
``bench/results/clock.json`` and summarised on stdout.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import random
import sys
import time as _time
from pathlib import Path

import holidays

from motcua.workcalendar.clock import DEFAULT_PERIODS, VN_TZ, Unit, WorkCalendar

RESULTS = Path(__file__).resolve().parent / "results" / "clock.json"
CUTOFF = dt.time(15, 0)
_INF = float("inf")


# --------------------------------------------------------------------------- inputs


def make_inputs(n: int, seed: int) -> list[tuple[dt.datetime, object, Unit, dt.time | None]]:
    """``n`` random (start, amount, unit, cutoff) computations, reproducible from ``seed``."""
    rng = random.Random(seed)
    lo = int(dt.datetime(2018, 1, 1, tzinfo=VN_TZ).timestamp())
    hi = int(dt.datetime(2031, 1, 1, tzinfo=VN_TZ).timestamp())
    units = list(Unit)
    inputs = []
    for _ in range(n):
        start = dt.datetime.fromtimestamp(rng.randrange(lo, hi), VN_TZ)
        unit = rng.choice(units)
        if unit is Unit.WORKING_DAYS:
            amount: object = rng.randint(1, 60) / 2  # 0.5 … 30 in halves
        elif unit is Unit.WORKING_HOURS:
            amount = rng.randint(1, 200)
        elif unit is Unit.CALENDAR_DAYS:
            amount = rng.randint(1, 60)
        else:
            amount = 0
        inputs.append((start, amount, unit, rng.choice((None, CUTOFF))))
    return inputs


# --------------------------------------------------------------------------- baseline


class NaiveClock:
    """Same rules as ``WorkCalendar``, computed the obvious way: no precomputation at all."""

    def __init__(self, periods=DEFAULT_PERIODS) -> None:
        self.vn = holidays.VN(language="vi")
        self.periods = periods.periods
        self.per_day = periods.seconds_per_day

    def is_working_day(self, d: dt.date) -> bool:
        if d in self.vn:  # also loads the year (and its make-up Saturdays) into the object
            return False
        return d.weekday() < 5 or d in self.vn.weekend_workdays

    def normalize(self, start: dt.datetime, cutoff: dt.time | None) -> dt.datetime:
        start = start.astimezone(VN_TZ).replace(microsecond=0)
        day, now = start.date(), start.time()
        if self.is_working_day(day) and (cutoff is None or now <= cutoff):
            for begin, end in self.periods:
                if now < begin:
                    return dt.datetime.combine(day, begin, VN_TZ)
                if now < end:
                    return start
        day += dt.timedelta(days=1)
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return dt.datetime.combine(day, self.periods[0][0], VN_TZ)

    def add_seconds(self, start: dt.datetime, seconds: int, cutoff: dt.time | None):
        current = self.normalize(start, cutoff)
        remaining = seconds
        if remaining == 0:
            return current
        day = current.date()
        while True:
            if self.is_working_day(day):
                for begin, end in self.periods:
                    period_start = dt.datetime.combine(day, begin, VN_TZ)
                    period_end = dt.datetime.combine(day, end, VN_TZ)
                    if period_end <= current:
                        continue
                    period_start = max(period_start, current)
                    available = int((period_end - period_start).total_seconds())
                    if remaining <= available:
                        return period_start + dt.timedelta(seconds=remaining)
                    remaining -= available
            day += dt.timedelta(days=1)

    def calendar_days(self, start: dt.datetime, days: int, cutoff: dt.time | None):
        day = self.normalize(start, cutoff).date() + dt.timedelta(days=days)
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return dt.datetime.combine(day, self.periods[-1][1], VN_TZ)

    def due(self, start, amount, unit, cutoff=None):
        if unit == Unit.WORKING_DAYS:
            return self.add_seconds(start, round(amount * self.per_day), cutoff)
        if unit == Unit.WORKING_HOURS:
            return self.add_seconds(start, round(amount * 3600), cutoff)
        if unit == Unit.CALENDAR_DAYS:
            return self.calendar_days(start, amount, cutoff)
        return self.calendar_days(start, 0, cutoff)


# --------------------------------------------------------------------------- timing


def run(n: int, n_baseline: int, seed: int, repeats: int = 3) -> dict:
    """Time both implementations, best of ``repeats`` runs, and compare their results."""
    inputs = make_inputs(n, seed)
    sample = inputs[:n_baseline]

    # Cold runs: a fresh calendar each time, so the lazy per-year tables are built inside
    # the timed loop. All runs must give the same results.
    seconds, results = _INF, None
    for _ in range(repeats):
        due = WorkCalendar().due
        t0 = _time.perf_counter()
        got = [due(s, a, u, cutoff=c) for s, a, u, c in inputs]
        seconds = min(seconds, _time.perf_counter() - t0)
        if results is not None and got != results:
            raise SystemExit("clock: results differ between two runs")
        results = got
    # Warm runs: the last calendar again, its tables already built.
    warm = min(_timed(due, inputs) for _ in range(repeats))

    # Baseline, also cold: a fresh holidays.VN object each run.
    baseline_seconds, expected = _INF, []
    for _ in range(repeats):
        naive_due = NaiveClock().due
        t0 = _time.perf_counter()
        expected = [naive_due(s, a, u, c) for s, a, u, c in sample]
        baseline_seconds = min(baseline_seconds, _time.perf_counter() - t0)

    mismatches = [
        (inp, got, want)
        for inp, got, want in zip(sample, results[:n_baseline], expected, strict=True)
        if got != want or got.utcoffset() != want.utcoffset() or got.tzinfo is not VN_TZ
    ]
    per_second = n / seconds
    baseline_per_second = n_baseline / baseline_seconds
    return {
        "computations": n,
        "seconds": round(seconds, 4),
        "per_second": round(per_second),
        "warm_seconds": round(warm, 4),
        "warm_per_second": round(n / warm),
        "baseline_computations": n_baseline,
        "baseline_seconds": round(baseline_seconds, 4),
        "baseline_per_second": round(baseline_per_second),
        "ratio": round(per_second / baseline_per_second, 1),
        "repeats": repeats,
        "checked": len(sample),
        "mismatches": len(mismatches),
        "first_mismatches": [
            {"input": repr(inp), "fast": got.isoformat(), "baseline": want.isoformat()}
            for inp, got, want in mismatches[:5]
        ],
        "seed": seed,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "machine": f"{platform.machine()}, {_cpu()}, {platform.platform()}",
        "holidays": holidays.__version__,
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _timed(due, inputs) -> float:
    t0 = _time.perf_counter()
    for s, a, u, c in inputs:
        due(s, a, u, cutoff=c)
    return _time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--computations", type=int, default=100_000)
    parser.add_argument("--baseline", type=int, default=5_000, help="baseline subsample size")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--repeats", type=int, default=3, help="best of this many runs")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    n_baseline = min(args.baseline, args.computations)
    result = run(args.computations, n_baseline, args.seed, max(1, args.repeats))

    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(
        f"clock: {result['computations']:,} due dates in {result['seconds']:.3f} s "
        f"= {result['per_second']:,}/s (cold: tables built in the loop; best of "
        f"{result['repeats']}); "
        f"warm {result['warm_per_second']:,}/s"
    )
    print(
        f"baseline: {result['baseline_computations']:,} in {result['baseline_seconds']:.3f} s "
        f"= {result['baseline_per_second']:,}/s; speed-up ×{result['ratio']}"
    )
    print(f"checked {result['checked']:,} results against the baseline: ", end="")
    if result["mismatches"]:
        print(f"{result['mismatches']} MISMATCHES")
        for m in result["first_mismatches"]:
            print("  ", m)
    else:
        print("identical")
    print(f"written to {args.output}")
    return 1 if result["mismatches"] else 0


if __name__ == "__main__":
    sys.exit(main())
