"""Writing the generated rows: ``executemany`` on SQLite, ``COPY … FROM STDIN`` on PostgreSQL.

Rows come as tuples in the column order of ``COLUMNS``; primary keys are assigned by the
generator (``Ids``, from the current maximum of each table). A column of the model that the
generator does not fill (a field added since) gets its default, or NULL, so the load keeps working
as the models grow — or fails at once, naming the column, when neither exists.

In *bulk* mode (a database of its own, outside any transaction) the load takes the shortcuts of
a bulk load: on SQLite no rollback journal, no ``fsync``, no foreign-key checks and a large page
cache; on PostgreSQL ``session_replication_role = replica`` (no foreign-key triggers). The
secondary indexes of the big tables are dropped before and built again after the load, which is
faster than maintaining them row by row (docs/benchmarks.md); then the sequences are set past the
new rows, and ``ANALYZE`` (and SQLite's ``PRAGMA optimize``) runs. Outside bulk mode (the test
suite, in its transaction) the rows are simply inserted.
"""

from __future__ import annotations

import contextlib
import time

COLUMNS: dict[str, tuple[str, ...]] = {
    "dossier": (
        "id", "code", "procedure_version_id", "case_id", "channel", "state", "national_status",
        "subject", "sets", "receiving_unit_id", "competent_agency_id", "applicant_user_id",
        "regime", "form_set", "supplement_mode", "time_limit", "time_unit", "cutoff",
        "budget_scale", "submitted_at", "received_at", "due_at", "appointment_at",
        "finished_at", "returned_at", "current_step_id", "current_agency_id",
        "current_holder_id", "result_kind", "result_number", "result_signer", "result_date",
        "result_summary", "return_method", "returned_to", "rating", "rating_comment",
        "rated_at", "event_count", "last_event_at", "step_count", "created_at", "updated_at",
    ),
    "party": (
        "id", "dossier_id", "kind", "name", "id_type", "id_number", "address", "phone", "email",
    ),
    "component": (
        "id", "dossier_id", "required_id", "name", "originals", "copies", "digitisation",
        "supplemented",
    ),
    "step": (
        "id", "dossier_id", "sequence", "process_step_id", "stage", "name", "role",
        "agency_id", "holder_id", "giver_id", "giver_agency_id", "started_at",
        "budget_seconds", "due_at", "finished_at", "action", "note", "timeliness",
        "overrun_seconds",
    ),
    "event": (
        "id", "dossier_id", "sequence", "at", "actor_id", "actor_label", "action",
        "from_state", "to_state", "payload",
    ),
    "notice": (
        "id", "dossier_id", "form", "form_set", "form_number", "number", "issued_at",
        "issued_by_id", "data",
    ),
    "pause": (
        "id", "dossier_id", "kind", "mode", "step_id", "requested_at", "requested_by_id",
        "reason", "requested_items", "applicant_deadline", "due_before", "resumed_at",
        "resumed_by_id", "due_after",
    ),
    "extension": (
        "id", "dossier_id", "reason", "previous_appointment", "new_appointment", "issued_at",
        "issued_by_id", "cause_agency_id", "cause_step_id",
    ),
    "counter": ("id", "scope", "agency_id", "day", "last"),
}  # fmt: skip
# Columns holding ids numbered within a chunk (``build.simulate_chunk``), shifted when written:
# column -> the table whose offset applies.
SHIFTED: dict[str, dict[str, str]] = {
    "dossier": {"current_step_id": "step"},
    "party": {"id": "party"},
    "component": {"id": "component"},
    "step": {"id": "step"},
    "event": {"id": "event"},
    "notice": {"id": "notice"},
    "pause": {"id": "pause", "step_id": "step"},
    "extension": {"id": "extension", "cause_step_id": "step"},
}
# Written in this order: every row's references are written before it or in the same chunk.
ORDER = ("dossier", "party", "component", "step", "pause", "extension", "notice", "event")
BIG = ("dossier", "party", "component", "step", "event", "notice")


def models() -> dict[str, type]:
    from motcua.dossiers.models import (
        DailyCounter,
        Dossier,
        DossierComponent,
        DossierEvent,
        DossierStep,
        Extension,
        Notice,
        Party,
        PauseInterval,
    )

    return {
        "dossier": Dossier,
        "party": Party,
        "component": DossierComponent,
        "step": DossierStep,
        "event": DossierEvent,
        "notice": Notice,
        "pause": PauseInterval,
        "extension": Extension,
        "counter": DailyCounter,
    }


SQLITE_BULK = (
    "PRAGMA foreign_keys = OFF",
    "PRAGMA journal_mode = OFF",
    "PRAGMA synchronous = OFF",
    "PRAGMA cache_size = -1000000",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA threads = 2",  # CREATE INDEX sorts with a helper thread
    # The JSON_VALID and ">= 0" checks cost a third of an insert; the rows are valid by
    # construction (tests/bench parses every payload back).
    "PRAGMA ignore_check_constraints = ON",
)


class Loader:
    def __init__(self, connection, *, bulk: bool, keep_indexes: bool = False) -> None:
        self.connection = connection
        self.vendor = connection.vendor
        self.bulk = bulk
        self.keep_indexes = keep_indexes
        self.models = models()
        self.tables = {k: m._meta.db_table for k, m in self.models.items()}
        self.extras: dict[str, tuple] = {}
        self.statements: dict[str, str] = {}
        self.heads: dict[str, tuple[str, list[str]]] = {}
        self.dropped: list[tuple[str, str]] = []
        self.timings: dict[str, float] = {}
        for kind, model in self.models.items():
            self._columns(kind, model)

    def _columns(self, kind: str, model) -> None:
        mine = COLUMNS[kind]
        extra_names, extra_values = [], []
        for f in model._meta.concrete_fields:
            if f.attname in mine:
                continue
            if f.has_default():
                value = f.get_db_prep_save(f.get_default(), self.connection)
            elif f.null:
                value = None
            else:
                raise RuntimeError(
                    f"bench.generate does not fill {model.__name__}.{f.name}, which has no "
                    "default and is not nullable"
                )
            extra_names.append(f.column)
            extra_values.append(value)
        missing = [c for c in mine if c not in {f.attname for f in model._meta.concrete_fields}]
        if missing:
            raise RuntimeError(f"{model.__name__} has no column {missing}")
        columns = [_attname_column(model, c) for c in mine] + extra_names
        self.extras[kind] = tuple(extra_values)
        q = self.connection.ops.quote_name
        names = ", ".join(q(c) for c in columns)
        table = q(self.tables[kind])
        if self.vendor == "postgresql":
            self.statements[kind] = f"COPY {table} ({names}) FROM STDIN"
        else:
            self.heads[kind] = (f"INSERT INTO {table} ({names}) VALUES (", ["?"] * len(columns))

    def _insert(self, kind: str, offsets: dict[str, int]) -> str:
        """The SQLite INSERT of ``kind``, the chunk's ``offsets`` added in SQL."""
        head, marks = self.heads[kind]
        marks = list(marks)
        for column, table in SHIFTED.get(kind, {}).items():
            if offsets.get(table):
                marks[COLUMNS[kind].index(column)] = f"? + {int(offsets[table])}"
        return head + ", ".join(marks) + ")"

    def _shift(self, kind: str, data: list[tuple], offsets: dict[str, int]) -> list[tuple]:
        """``data`` with the chunk's ``offsets`` added (PostgreSQL: COPY cannot add them)."""
        shifts = [
            (COLUMNS[kind].index(column), int(offsets[table]))
            for column, table in SHIFTED.get(kind, {}).items()
            if offsets.get(table)
        ]
        if not shifts:
            return data
        if len(shifts) == 1 and shifts[0][0] == 0:
            off = shifts[0][1]
            return [(r[0] + off, *r[1:]) for r in data]
        out = []
        for r in data:
            r = list(r)
            for i, off in shifts:
                if r[i] is not None:
                    r[i] += off
            out.append(tuple(r))
        return out

    # ------------------------------------------------------------------ ids

    def starts(self) -> dict[str, int]:
        out = {}
        with self.connection.cursor() as cursor:
            for kind, table in self.tables.items():
                cursor.execute(f"SELECT MAX(id) FROM {self.connection.ops.quote_name(table)}")
                out[kind] = (cursor.fetchone()[0] or 0) + 1
        return out

    def count(self, kind: str) -> int:
        with self.connection.cursor() as cursor:
            table = self.connection.ops.quote_name(self.tables[kind])
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            return cursor.fetchone()[0]

    # ------------------------------------------------------------------ phases

    def begin(self) -> None:
        """Session settings and index drops of bulk mode."""
        if not self.bulk:
            return
        t0 = time.perf_counter()
        raw = self._raw()
        if self.vendor == "sqlite":
            raw.execute("PRAGMA journal_mode = DELETE")  # out of WAL, while no one else is in
            for pragma in SQLITE_BULK:
                raw.execute(pragma)
            tables = [] if self.keep_indexes else [self.tables[k] for k in BIG]
            rows = raw.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                f"AND tbl_name IN ({', '.join('?' * len(tables)) or 'NULL'})",
                tables,
            ).fetchall()
            for name, sql in rows:
                raw.execute(f'DROP INDEX "{name}"')
                self.dropped.append((name, sql))
        else:
            with raw.cursor() as cursor:
                # Not allowed unless superuser: the foreign keys are then checked, slower.
                with contextlib.suppress(Exception):
                    cursor.execute("SET session_replication_role = replica")
                cursor.execute(
                    "SELECT i.indexname, i.indexdef FROM pg_indexes i "
                    "WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s) "
                    "AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
                    "WHERE c.conname = i.indexname AND c.contype IN ('p', 'u'))",
                    [[] if self.keep_indexes else [self.tables[k] for k in BIG]],
                )
                for name, sql in cursor.fetchall():
                    cursor.execute(f'DROP INDEX "{name}"')
                    self.dropped.append((name, sql))
        self.timings["prepare"] = time.perf_counter() - t0

    def _raw(self):
        self.connection.ensure_connection()
        return self.connection.connection

    def open_raw(self):
        """A connection of this process's own (a worker's), set up for the bulk load."""
        settings = self.connection.settings_dict
        if self.vendor == "sqlite":
            import sqlite3

            raw = sqlite3.connect(settings["NAME"], isolation_level=None, timeout=600)
            for pragma in SQLITE_BULK:
                raw.execute(pragma)
            return raw
        import psycopg

        params = {
            "dbname": settings["NAME"],
            "user": settings["USER"] or None,
            "password": settings["PASSWORD"] or None,
            "host": settings["HOST"] or None,
            "port": settings["PORT"] or None,
        }
        raw = psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True)
        raw.execute("SET TIME ZONE 'UTC'")
        with contextlib.suppress(psycopg.Error):  # not a superuser: slower, keys checked
            raw.execute("SET session_replication_role = replica")
        return raw

    def write(self, rows: dict[str, list[tuple]], offsets: dict[str, int], raw=None) -> None:
        """Insert ``rows`` (by table), their chunk-numbered ids shifted by ``offsets``, through
        ``raw`` (a worker's connection) or Django's."""
        own = raw is None
        raw = self._raw() if own else raw
        if self.vendor == "sqlite":
            transaction = self.bulk or not own
            if transaction:
                raw.execute("BEGIN")
            for kind in (*ORDER, "counter"):
                data = rows.get(kind)
                if not data:
                    continue
                extra = self.extras[kind]
                if extra:
                    data = [r + extra for r in data]
                raw.executemany(self._insert(kind, offsets), data)
            if transaction:
                raw.execute("COMMIT")
            return
        with raw.cursor() as cursor:
            for kind in (*ORDER, "counter"):
                data = rows.get(kind)
                if not data:
                    continue
                data = self._shift(kind, data, offsets)
                extra = self.extras[kind]
                with cursor.copy(self.statements[kind]) as copy:
                    write = copy.write_row
                    if extra:
                        for row in data:
                            write(row + extra)
                    else:
                        for row in data:
                            write(row)

    def finish(self, progress=None) -> None:
        """Indexes back, sequences past the new rows, statistics."""
        raw = self._raw()
        t0 = time.perf_counter()
        if self.vendor == "sqlite":
            if self.bulk:  # a new connection (after the workers): bulk settings again
                raw.execute("PRAGMA journal_mode = DELETE")
                for pragma in SQLITE_BULK:
                    raw.execute(pragma)
            for name, sql in self.dropped:
                if progress:
                    progress(f"index {name}")
                raw.execute(sql)
        elif self.dropped:
            self._build_in_parallel(progress)
        self.timings["indexes"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        self._sequences()
        self.timings["sequences"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        if self.vendor == "sqlite":
            raw.execute("ANALYZE")
            raw.execute("PRAGMA optimize")
            if self.bulk:
                raw.execute("PRAGMA ignore_check_constraints = OFF")
                raw.execute("PRAGMA journal_mode = WAL")
                raw.execute("PRAGMA synchronous = NORMAL")
                raw.execute("PRAGMA foreign_keys = ON")
        else:
            with raw.cursor() as cursor:
                if self.bulk:
                    cursor.execute("ANALYZE")
                    cursor.execute("SET session_replication_role = DEFAULT")
                else:
                    for table in self.tables.values():
                        cursor.execute(f'ANALYZE "{table}"')
        self.timings["analyze"] = time.perf_counter() - t0

    def _build_in_parallel(self, progress) -> None:
        """PostgreSQL: the dropped indexes built again, two at a time (one per core) on two
        connections, the biggest tables first."""
        import queue
        import threading

        big_first = {self.tables[k]: n for n, k in enumerate(("event", "step", "component"))}
        todo: queue.Queue = queue.Queue()
        for name, sql in sorted(
            self.dropped,
            key=lambda d: min((v for t, v in big_first.items() if t in d[1]), default=9),
        ):
            todo.put((name, sql))
        errors: list[BaseException] = []

        def build(raw) -> None:
            with raw.cursor() as cursor:
                cursor.execute("SET maintenance_work_mem = '1GB'")
                cursor.execute("SET max_parallel_maintenance_workers = 0")
                while not errors:
                    try:
                        name, sql = todo.get_nowait()
                    except queue.Empty:
                        return
                    if progress:
                        progress(f"index {name}")
                    try:
                        cursor.execute(sql)
                    except BaseException as exc:  # reported in the calling thread
                        errors.append(exc)

        other = self.open_raw()
        try:
            helper = threading.Thread(target=build, args=(other,))
            helper.start()
            build(self._raw())
            helper.join()
        finally:
            other.close()
        if errors:
            raise errors[0]

    def _sequences(self) -> None:
        if self.vendor != "postgresql":
            return  # SQLite's AUTOINCREMENT records the largest id inserted by itself
        from django.core.management.color import no_style

        statements = self.connection.ops.sequence_reset_sql(no_style(), list(self.models.values()))
        with self.connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _attname_column(model, attname: str) -> str:
    for f in model._meta.concrete_fields:
        if f.attname == attname:
            return f.column
    raise RuntimeError(f"{model.__name__} has no column {attname}")
