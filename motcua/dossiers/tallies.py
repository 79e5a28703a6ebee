"""Daily tallies: the summary rows the handling report (Biểu 06) is read from.

The report's buckets (domain.md §6.4, docs/reports.md) count, for a period [From, To], dossiers
received, resolved early / on time / late, and pending within time / overdue at the end. Each
received dossier changes those counts on a few days only:

* on the day it is **received**: one more received (online, or direct and postal), one more
  pending;
* on the day it is **resolved** (finished, returned, or withdrawn after reception): one more
  resolved early, on time or late, one fewer pending;
* on the days it **becomes or stops being overdue** while pending: its due day is behind, and it
  is not paused (a paused dossier counts as within time), one more or one fewer overdue.

``DailyTally`` keeps those changes per competent agency, procedure and Vietnam calendar day. A
period's received and resolved counts are the sums over its days; the pending counts at its end
are the sums over every day up to it (received − resolved, and the overdue changes). The cost
of a report thus grows with agencies × procedures × days, not with dossiers.

Every transition keeps the rows current (``services.base.commit`` calls ``before`` and
``record``): the dossier's contribution before the change is taken away and its contribution
after is added, in one statement. Dossiers written in bulk (the legacy import, the benchmark's
generated database) are added with ``add_dossiers``; ``rebuild`` starts again from the dossiers.

The figures follow the dossier's present data: its current competent agency, its current due
date (moved by pauses and extensions), its pauses as recorded. The plain aggregate in
``motcua.reports.bieu06_plain`` computes the same figures straight from the dossiers.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import connection, transaction

from motcua.core import refdata

from .models import DailyTally, Dossier, MonthlyTally, PauseInterval
from .states import PAUSED_STATES
from .timeliness import vn_date

# The counted columns of DailyTally, in this order in every vector below.
COLUMNS = (
    "received_online",
    "received_direct_postal",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "overdue",
)
_WIDTH = len(COLUMNS)
NOT_COUNTED = frozenset({1, 3})  # not yet received; refused at reception
RESOLVED = frozenset({7, 9, 10})  # withdrawn (after reception), result ready, returned
ONE_DAY = datetime.timedelta(days=1)

Key = tuple[int, int, datetime.date]  # agency, procedure, day
Pause = tuple[datetime.datetime, datetime.datetime | None]  # requested, resumed


@dataclass(frozen=True)
class Facts:
    """What the handling report needs to know about one counted dossier."""

    agency_id: int
    procedure_id: int
    received: datetime.date
    online: bool
    resolved: datetime.date | None  # the day it was resolved, or None while pending
    verdict: int | None  # index of its resolved column (2 early, 3 on time, 4 late)
    overdue: tuple[tuple[datetime.date, datetime.date | None], ...]  # [first, after last)


def facts(
    *,
    agency_id: int,
    procedure_id: int,
    channel: str,
    national_status: int,
    received_at: datetime.datetime | None,
    due_at: datetime.datetime | None,
    finished_at: datetime.datetime | None,
    pauses: Iterable[Pause] = (),
) -> Facts | None:
    """The dossier's facts, or ``None`` when the report does not count it (not received, or
    refused at reception)."""
    if received_at is None or national_status in NOT_COUNTED:
        return None
    received = vn_date(received_at)
    due = vn_date(due_at) if due_at is not None else None
    resolved = verdict = None
    if national_status in RESOLVED and finished_at is not None:
        resolved = vn_date(finished_at)
        if national_status == 7 or due is None or resolved == due:
            verdict = 3
        else:
            verdict = 2 if resolved < due else 4
    overdue: tuple = ()
    if due is not None:
        first = max(received, due + ONE_DAY)
        if resolved is None or first < resolved:
            overdue = _without_pauses(first, resolved, pauses)
    return Facts(agency_id, procedure_id, received, channel == "online", resolved, verdict, overdue)


def _without_pauses(
    first: datetime.date, end: datetime.date | None, pauses: Iterable[Pause]
) -> tuple[tuple[datetime.date, datetime.date | None], ...]:
    """The days of [first, end) (end None: for ever) on which the dossier was not paused at the
    end of the day — paused on day t means asked on or before t and resumed after t."""
    segments = [(first, end)]
    for requested_at, resumed_at in pauses:
        start = vn_date(requested_at)
        stop = vn_date(resumed_at) if resumed_at is not None else None
        if stop is not None and stop <= start:
            continue  # resumed on the day it was asked: not paused at any day's end
        kept = []
        for a, b in segments:
            # The part before the pause, and the part after it.
            if start > a:
                kept.append((a, start if b is None else min(b, start)))
            if stop is not None and (b is None or stop < b):
                kept.append((max(a, stop), b))
        segments = [(a, b) for a, b in kept if b is None or a < b]
    return tuple(sorted(segments))


def contributions(f: Facts | None) -> dict[Key, list[int]]:
    """The dossier's changes to the daily tallies."""
    out: dict[Key, list[int]] = {}
    _accumulate(out, f)
    return out


def _accumulate(out: dict[Key, list[int]], f: Facts | None) -> None:
    """Add the dossier's changes to ``out`` (a dict of vectors by key)."""
    if f is None:
        return
    a, p = f.agency_id, f.procedure_id
    for day, column, amount in _changes(f):
        vector = out.get((a, p, day))
        if vector is None:
            vector = out[(a, p, day)] = [0] * _WIDTH
        vector[column] += amount


def _changes(f: Facts) -> Iterator[tuple[datetime.date, int, int]]:
    yield f.received, 0 if f.online else 1, 1
    if f.resolved is not None:
        yield f.resolved, f.verdict, 1
    for first, end in f.overdue:
        yield first, 5, 1
        if end is not None:
            yield end, 5, -1


def _nonzero(total: dict[Key, list[int]]) -> dict[Key, list[int]]:
    """``total`` without the keys whose changes cancel out."""
    return {k: v for k, v in total.items() if any(v)}


def difference(before: Facts | None, after: Facts | None) -> dict[Key, list[int]]:
    """What to add to the tallies when a dossier's facts go from ``before`` to ``after``."""
    if before == after:
        return {}
    out = contributions(after)
    for key, vector in contributions(before).items():
        mine = out.setdefault(key, [0] * _WIDTH)
        for i, amount in enumerate(vector):
            mine[i] -= amount
    return _nonzero(out)


# --- Writing ----------------------------------------------------------------------------------


def _insert_adding(model, key: str, rows: str) -> str:
    """INSERT ``rows`` (a VALUES list or a SELECT giving agency, procedure, ``key`` and the
    counts) into ``model``'s table, adding the counts to those of a row already there."""
    q = connection.ops.quote_name
    table = q(model._meta.db_table)
    columns = ", ".join(q(c) for c in ["agency_id", "procedure_id", key, *COLUMNS])
    updates = ", ".join(f"{q(c)} = {table}.{q(c)} + excluded.{q(c)}" for c in COLUMNS)
    return (
        f"INSERT INTO {table} ({columns}) {rows} "
        f"ON CONFLICT (agency_id, procedure_id, {q(key)}) DO UPDATE SET {updates}"
    )


def _upsert_sql(model, key: str, rows: int) -> str:
    one = "(" + ", ".join(["%s"] * (3 + len(COLUMNS))) + ")"
    return _insert_adding(model, key, "VALUES " + ", ".join([one] * rows))


def by_month(changes: dict[Key, list[int]]) -> dict[Key, list[int]]:
    """The same changes summed by month (keyed by the month's first day)."""
    out: dict[Key, list[int]] = {}
    for (agency_id, procedure_id, day), vector in changes.items():
        key = (agency_id, procedure_id, day.replace(day=1))
        mine = out.get(key)
        if mine is None:
            out[key] = list(vector)
        else:
            for i, amount in enumerate(vector):
                mine[i] += amount
    return _nonzero(out)


def write(changes: dict[Key, list[int]], *, models=None) -> None:
    """Add ``changes`` to the daily tallies and to their monthly sums. A transition's few rows
    go in one statement per table, in key order (so that concurrent transactions lock the rows
    in the same order); a bulk load's many rows through a temporary table (``_bulk``)."""
    daily, monthly = models or (DailyTally, MonthlyTally)
    if len(changes) > _FEW:
        _bulk(changes, daily, monthly)
        return
    adapt = connection.ops.adapt_datefield_value
    with connection.cursor() as cursor:
        for model, key, rows in ((daily, "day", changes), (monthly, "month", by_month(changes))):
            params = [
                (agency_id, procedure_id, adapt(day), *vector)
                for (agency_id, procedure_id, day), vector in sorted(rows.items())
            ]
            if params:
                values = [v for p in params for v in p]
                cursor.execute(_upsert_sql(model, key, len(params)), values)


_FEW = 20  # more changed rows than this: through a temporary table
_CHANGES = "motcua_tally_changes"


def _bulk(changes: dict[Key, list[int]], daily, monthly) -> None:
    """Many changes at once (an import, a rebuild): loaded into a temporary table — PostgreSQL's
    ``COPY``, SQLite's ``executemany`` of a plain insert —, then added to the daily rows and,
    summed by month in SQL, to the monthly rows, each in one ``INSERT … SELECT … ON CONFLICT``
    in key order. Upserting row by row cost more than all the rest of the report's upkeep."""
    ops = connection.ops
    q = ops.quote_name
    counts = [q(c) for c in COLUMNS]
    sums = ", ".join(f"SUM({c})" for c in counts)
    nonzero = " OR ".join(f"SUM({c}) <> 0" for c in counts)
    if connection.vendor == "postgresql":
        month = "CAST(date_trunc('month', day) AS date)"
        create = f"CREATE TEMPORARY TABLE {_CHANGES} ({{}}) ON COMMIT DROP"
    else:
        month = "date(day, 'start of month')"
        create = f"CREATE TEMPORARY TABLE {_CHANGES} ({{}})"
    definition = ", ".join(
        ["agency_id bigint", "procedure_id bigint", "day date", *(f"{c} integer" for c in counts)]
    )
    adapt = ops.adapt_datefield_value
    rows = [(a, p, adapt(day), *vector) for (a, p, day), vector in changes.items()]
    with transaction.atomic(), connection.cursor() as cursor:  # a failure drops the table too
        cursor.execute(create.format(definition))
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {_CHANGES} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * (3 + len(COLUMNS)))
            cursor.executemany(f"INSERT INTO {_CHANGES} VALUES ({marks})", rows)
        # The daily rows as loaded (one per key already), the monthly ones summed; a month
        # whose changes cancel out gets no row. "WHERE true": SQLite's way to tell the
        # upsert's ON CONFLICT from a join's ON.
        plain = ", ".join(counts)
        for model, key, select in (
            (daily, "day", f"agency_id, procedure_id, day, {plain} FROM {_CHANGES} WHERE true"),
            (
                monthly,
                "month",
                f"agency_id, procedure_id, {month}, {sums} FROM {_CHANGES} WHERE true "
                f"GROUP BY 1, 2, 3 HAVING {nonzero}",
            ),
        ):
            cursor.execute(_insert_adding(model, key, f"SELECT {select} ORDER BY 1, 2, 3"))
        cursor.execute(f"DROP TABLE {_CHANGES}")


# --- Transitions ------------------------------------------------------------------------------


def _procedure_of(version_id: int) -> int:
    """The procedure of a procedure version, from the process cache of reference data."""
    from motcua.catalog.models import ProcedureVersion

    def build() -> dict[int, int]:
        return dict(ProcedureVersion.objects.values_list("pk", "procedure_id"))

    procedure = refdata.cached("tallies:procedure-of-version", build).get(version_id)
    if procedure is None:  # a version created since the cache was built
        refdata.clear()
        procedure = refdata.cached("tallies:procedure-of-version", build)[version_id]
    return procedure


def _pauses(dossier: Dossier) -> list[Pause]:
    return list(dossier.pauses.order_by("pk").values_list("requested_at", "resumed_at"))


_SIGNATURE = (
    "competent_agency_id",
    "procedure_version_id",
    "channel",
    "national_status",
    "received_at",
    "due_at",
    "finished_at",
)


def _facts_of(values: tuple, pauses: Iterable[Pause]) -> Facts | None:
    """The facts of a dossier whose ``_SIGNATURE`` fields are ``values``."""
    agency_id, version_id, channel, status, received_at, due_at, finished_at = values
    return facts(
        agency_id=agency_id,
        procedure_id=_procedure_of(version_id),
        channel=channel,
        national_status=status,
        received_at=received_at,
        due_at=due_at,
        finished_at=finished_at,
        pauses=pauses,
    )


def _signature(dossier: Dossier) -> tuple:
    return tuple(getattr(dossier, name) for name in _SIGNATURE)


@dataclass(frozen=True)
class Before:
    """A received dossier as a transition found it: the fields its facts come from, and its
    pauses when the transition may open or close one (``None``: they will not change)."""

    values: tuple
    pauses: list[Pause] | None


def before(dossier: Dossier, *, target: str | None = None) -> Before | None:
    """The dossier before a transition to ``target`` changes it (``None`` for a dossier not
    received yet, whose facts are none). Its pauses are read now only when the transition may
    open or close one — it is paused, or becomes so; otherwise ``record`` reads them only if
    something the report counts has changed."""
    if dossier.pk is None or dossier.received_at is None:
        return None
    paused = dossier.state in PAUSED_STATES or target in PAUSED_STATES
    return Before(_signature(dossier), _pauses(dossier) if paused else None)


def record(dossier: Dossier, previous: Before | None, *, from_state: str) -> None:
    """After a transition: move the dossier's contribution from what it was to its facts now."""
    if dossier.received_at is None and previous is None:
        return
    values = _signature(dossier)
    if previous is not None and previous.pauses is None:
        if previous.values == values:
            return  # nothing the report counts has changed, pauses included
        pauses = _pauses(dossier)
        old = _facts_of(previous.values, pauses)
    else:
        # Just received (no pause before reception), or a pause opened or closed.
        paused = from_state in PAUSED_STATES or dossier.state in PAUSED_STATES
        pauses = _pauses(dossier) if paused and dossier.pk is not None else []
        old = _facts_of(previous.values, previous.pauses) if previous is not None else None
    changes = difference(old, _facts_of(values, pauses))
    if changes:
        write(changes)


# --- Bulk -------------------------------------------------------------------------------------


_BULK_FIELDS = (
    "pk",
    "competent_agency_id",
    "procedure_version__procedure_id",
    "channel",
    "national_status",
    "received_at",
    "due_at",
    "finished_at",
)


def _add_changes(
    total: dict[Key, list[int]], dossiers: Iterable[tuple], pauses: dict[int, list[Pause]]
) -> None:
    """Add the changes of ``dossiers`` (rows of ``_BULK_FIELDS``) to ``total``."""
    for pk, agency_id, procedure_id, channel, status, received, due, finished in dossiers:
        f = facts(
            agency_id=agency_id,
            procedure_id=procedure_id,
            channel=channel,
            national_status=status,
            received_at=received,
            due_at=due,
            finished_at=finished,
            pauses=pauses.get(pk, ()),
        )
        _accumulate(total, f)


def _pauses_of(ids: list[int], model=PauseInterval) -> dict[int, list[Pause]]:
    out: dict[int, list[Pause]] = defaultdict(list)
    rows = model.objects.filter(dossier_id__in=ids).order_by("dossier_id", "pk")
    for dossier_id, requested, resumed in rows.values_list(
        "dossier_id", "requested_at", "resumed_at"
    ):
        out[dossier_id].append((requested, resumed))
    return out


def changes_of(many: Iterable[Facts | None]) -> dict[Key, list[int]]:
    """The changes to the daily tallies that adding these dossiers makes."""
    total: dict[Key, list[int]] = {}
    for f in many:
        _accumulate(total, f)
    return _nonzero(total)


def add_facts(many: Iterable[Facts | None]) -> None:
    """Add the contributions of dossiers written without transitions whose facts the writer
    already has: nothing is read back."""
    write(changes_of(many))


def procedure_of(version_id: int) -> int:
    """The procedure of a procedure version (cached; see ``_procedure_of``)."""
    return _procedure_of(version_id)


def add_dossiers(ids: Iterable[int], *, chunk: int = 5000) -> int:
    """Add the contributions of dossiers written without transitions (imported, generated):
    ``ids`` must not have been added before. Returns the number of dossiers read."""
    ids = sorted(ids)
    total: dict[Key, list[int]] = {}
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        rows = Dossier.objects.filter(pk__in=part).values_list(*_BULK_FIELDS)
        _add_changes(total, rows.iterator(), _pauses_of(part))
    write(_nonzero(total))
    return len(ids)


def rebuild(*, chunk: int = 10000, models=None) -> int:
    """Recompute every tally from the dossiers (after a bulk change, or to check them). Returns
    the number of dossiers read. Run it in a transaction. ``models``: the migration's historical
    (Dossier, PauseInterval, DailyTally, MonthlyTally) models, when run from a migration."""
    dossier_model, pause_model, daily, monthly = models or (
        Dossier,
        PauseInterval,
        DailyTally,
        MonthlyTally,
    )
    daily.objects.all().delete()
    monthly.objects.all().delete()
    last, count = 0, 0
    total: dict[Key, list[int]] = {}
    while True:
        rows = list(
            dossier_model.objects.filter(pk__gt=last, received_at__isnull=False)
            .order_by("pk")
            .values_list(*_BULK_FIELDS)[:chunk]
        )
        if not rows:
            break
        last = rows[-1][0]
        count += len(rows)
        _add_changes(total, rows, _pauses_of([r[0] for r in rows], pause_model))
    write(_nonzero(total), models=(daily, monthly))
    return count
