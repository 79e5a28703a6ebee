"""The status lookup's one statement, written once in SQL, and how it is run on each database.

A public page under load (docs/benchmarks.md): compiling the read with the ORM, or running it
through Django's cursor wrapper (timing, logging, placeholders) or psycopg's cursor (adapters,
loaders, its own bookkeeping), cost more than running it. So the statement is built once per
database vendor and run on the driver itself:

* **SQLite**: on the ``sqlite3`` module's cursor.
* **PostgreSQL**: as a statement prepared once per connection and executed by libpq
  (``psycopg.pq``, psycopg's own binding of it), its values sent as text, its rows read by
  psycopg's loaders (``psycopg.adapt.Transformer``).
  PostgreSQL took longer to plan the lookup's joins than to run them, and Django sends each
  statement with its values written in, to be parsed and planned again. Should the prepared
  statement vanish from the session (a pooler's ``DISCARD ALL``), it is prepared again and the
  lookup run once more.

Either way database errors become Django's (``wrap_database_errors``), and the statement is
logged as Django logs its own when statements are counted (``DEBUG``, tests).
"""

from __future__ import annotations

import datetime
import re
import time
import weakref
from operator import itemgetter

from django.db import DEFAULT_DB_ALIAS, connections
from psycopg import errors, pq
from psycopg.adapt import Transformer

from motcua.dossiers.models import Dossier, DossierStep, Party
from motcua.workcalendar.clock import VN_TZ

from .models import LookupFailure

_TABLES = (LookupFailure, Dossier, Party, DossierStep)
_OWNER = Party.Kind.OWNER.value

# The statement per database vendor, with the driver's placeholders.
_statements: dict[str, str] = {}


def statement(db) -> str:
    """The lookup's statement for the database of ``db`` (a connection): the failures of both
    keys, then the dossier (none: one row of NULLs), its owner's contact numbers and its control
    slip, by code. Parameters: key 1, since, key 2, since, code, the owner's party kind."""
    vendor = db.vendor
    if vendor not in _statements:
        quote = db.ops.quote_name
        t = {m.__name__: quote(m._meta.db_table) for m in _TABLES}
        key_, at = quote("key"), quote("at")
        count = f"(SELECT COUNT(*) FROM {t['LookupFailure']} WHERE {key_} = %s AND {at} > %s)"
        # Both drivers would parse every instant of every row (the dossier's repeat on each row
        # of its slip) in Python — Django's converters on SQLite, Django's own time-zone loader
        # on PostgreSQL: the dossier's are read as the text of a naive UTC instant, parsed when
        # used; the slip's only as the page prints them, in Vietnam time (``VN_TZ``, a fixed
        # offset), by the database.
        hours = int(VN_TZ.utcoffset(None).total_seconds()) // 3600
        if vendor == "sqlite":
            i = "CAST({} AS TEXT)".format
            shown = f"strftime('%H:%M %d/%m/%Y', {{}}, '{hours:+d} hours')".format
        else:
            i = "CAST(({} AT TIME ZONE 'UTC') AS TEXT)".format
            at_vn = f"AT TIME ZONE INTERVAL '{hours:+03d}:00'"
            shown = f"to_char({{}} {at_vn}, 'HH24:MI DD/MM/YYYY')".format
        instants = ", ".join(
            i(c) for c in ["d.received_at", "d.due_at", "d.appointment_at", "d.finished_at"]
        )
        sql = (
            f"SELECT k.a, k.c, p.phone, p.id_number, d.id, d.state, d.national_status, "
            f"d.procedure_version_id, d.case_id, {instants}, {i('d.returned_at')}, "
            "d.return_method, s.stage, s.name, s.agency_id, "
            f"{shown('s.started_at')}, {shown('s.due_at')}, {shown('s.finished_at')}, "
            "s.timeliness, s.sequence "
            f"FROM (SELECT {count} AS a, {count} AS c) k "
            f"LEFT JOIN {t['Dossier']} d ON d.code = %s "
            f"LEFT JOIN {t['Party']} p ON p.dossier_id = d.id AND p.kind = %s "
            f"LEFT JOIN {t['DossierStep']} s ON s.dossier_id = d.id"
        )
        # The drivers' placeholders (the text has no other "%s"): the sqlite3 module's "?",
        # libpq's numbered "$1", "$2"…
        if vendor == "sqlite":
            sql = sql.replace("%s", "?")
        else:
            numbers = iter(range(1, sql.count("%s") + 1))
            sql = re.sub("%s", lambda _match: f"${next(numbers)}", sql)
        _statements[vendor] = sql
    return _statements[vendor]


# Columns of the statement's rows: the two counts, the dossier's (repeated on every row of its
# slip), the slip row's.
_COUNTS, _DOSSIER, _SLIP = slice(0, 2), slice(2, 15), slice(15, 22)
_DOSSIER_ID, _STAGE, _SEQUENCE = 4, 15, 22


def read(
    code: str, keys: list[str], since: datetime.datetime
) -> tuple[tuple[int, int], tuple | None, list[tuple]]:
    """In one statement: the failures of each key since ``since`` (aware); the row of dossier
    ``code``, ``None`` if there is no such dossier — ``(phone, id_number, id, state,
    national_status, procedure_version_id, case_id, received_at, due_at, appointment_at,
    finished_at, returned_at, return_method)``, the owner's numbers and the dossier's instants
    as the text of a naive UTC instant —; and the rows of its control slip in order, ``(stage,
    name, agency_id, started, due, finished, timeliness)``, the instants as printed in Vietnam
    time."""
    db = connections[DEFAULT_DB_ALIAS]
    sql = statement(db)
    started = time.monotonic()
    with db.wrap_database_errors:
        # As Django's cursor does: a connection the server has ended is opened again.
        db.close_if_health_check_failed()
        if db.connection is None:
            db.ensure_connection()
        if db.vendor == "postgresql":
            at = since.isoformat()  # with its offset, which PostgreSQL reads
            found = _run_prepared(db, sql, (keys[0], at, keys[1], at, code, _OWNER))
        else:
            at = db.ops.adapt_datetimefield_value(since)
            cursor = db.connection.cursor()
            try:
                cursor.execute(sql, (keys[0], at, keys[1], at, code, _OWNER))
                found = _split(cursor.fetchall())
            finally:
                cursor.close()
    if db.queries_logged:  # DEBUG, or a test counting statements: as Django logs them
        params = [keys[0], since, keys[1], since, code, _OWNER]
        db.queries_log.append(
            {"sql": f"{sql} -- {params!r}", "time": f"{time.monotonic() - started:.3f}"}
        )
    return found


def _split(rows: list[tuple]) -> tuple[tuple[int, int], tuple | None, list[tuple]]:
    """The statement's rows as ``read`` returns them."""
    first = rows[0]
    if first[_DOSSIER_ID] is None:
        return first[_COUNTS], None, []
    if first[_STAGE] is None:
        return first[_COUNTS], first[_DOSSIER], []
    # Put in order here: the database took longer to sort a few rows than Python does.
    rows.sort(key=itemgetter(_SEQUENCE))
    slip = [r[_SLIP] for r in rows]
    return first[_COUNTS], first[_DOSSIER], slip


# --- PostgreSQL: a prepared statement run by libpq ------------------------------------------

_NAME = b"motcua_portal_lookup"
# The connections (psycopg's) on which the statement has been prepared.
_prepared_on: weakref.WeakSet = weakref.WeakSet()
_TUPLES_OK, _COMMAND_OK = pq.ExecStatus.TUPLES_OK, pq.ExecStatus.COMMAND_OK


def _run_prepared(db, sql: str, params: tuple[str, ...]):
    """Run ``sql`` (``$n`` placeholders) with ``params`` as the prepared statement of ``db``'s
    open connection, preparing it first on a connection that has not; its rows as ``read``
    returns them. An error is raised as psycopg's own (so as Django's, inside
    ``wrap_database_errors``)."""
    values = [p.encode() for p in params]
    raw = db.connection
    pgconn = raw.pgconn
    for attempt in (1, 2):
        if raw not in _prepared_on:
            _check(pgconn.prepare(_NAME, sql.encode()), raw)
            _prepared_on.add(raw)
        result = pgconn.exec_prepared(_NAME, values)
        if result.status == _TUPLES_OK:
            # psycopg's own loaders (compiled), as its cursors read rows.
            loader = Transformer(raw)
            loader.set_pgresult(result)
            return _split(loader.load_rows(0, result.ntuples, tuple))
        error = errors.error_from_result(result, encoding=raw.info.encoding)
        # Gone from the session (``DISCARD ALL``): prepare it again, unless the failure has
        # spoilt a transaction in progress.
        vanished = isinstance(error, errors.InvalidSqlStatementName)
        if vanished:
            _prepared_on.discard(raw)
        if not vanished or attempt == 2 or not db.get_autocommit() or db.in_atomic_block:
            raise error
    raise AssertionError("unreachable")


def _check(result, raw) -> None:
    if result.status != _COMMAND_OK:
        raise errors.error_from_result(result, encoding=raw.info.encoding)
