"""A big, realistic database for the benchmarks: ``generate(count, seed)``.

From the demo province and catalogue (``seed_demo``), about two years of dossiers (1 July 2024 –
30 June 2026 by default) are simulated as the services would have written them — codes, parties,
components, control slip, events, pauses, notices — and bulk-loaded. ``python -m bench.generate``
is the command (``--help``); docs/benchmarks.md ("Generated database") describes the mix, the
checks and the measured times. Call it from another benchmark after ``bench._db.prepare()``::

    from bench.generate import generate
    summary = generate(100_000, seed=1)

The package: ``mix`` (the proportions), ``world`` (reference data and officers), ``arrivals``
(what arrives when), ``life`` (one dossier's history, with ``life_reception``, ``life_waits`` and
``wording``), ``payloads`` (event and notice JSON),
``timeline`` (integer instants and working time), ``people`` (names), ``load`` (bulk writes),
``build`` (the run), ``verify`` (the checks), ``__main__`` (the command).
"""

from __future__ import annotations

import datetime as dt


def generate(
    count: int = 1_000_000,
    seed: int = 1,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    chunk_size: int = 20_000,
    bulk: bool | None = None,
    workers: int | None = None,
    keep_indexes: bool | None = None,
    progress=None,
):
    """Generate ``count`` dossiers into the default database (which must hold none yet) and
    return a :class:`~bench.generate.build.Summary`. ``bulk`` (default: when not inside a
    transaction) takes the shortcuts of a bulk load (``load.Loader``); ``workers`` processes
    (default: 2 in bulk mode for big counts, else none) simulate and write their chunks in turn;
    ``keep_indexes`` (default: on SQLite) maintains the secondary indexes during a bulk load
    instead of building them after."""
    from . import mix
    from .build import run

    return run(
        count,
        seed,
        since=since or mix.DEFAULT_SINCE,
        until=until or mix.DEFAULT_UNTIL,
        chunk_size=chunk_size,
        bulk=bulk,
        workers=workers,
        keep_indexes=keep_indexes,
        progress=progress,
    )
