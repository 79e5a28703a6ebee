"""Writing the validated rows: dossiers, owners, pauses and one event each, in bulk.

Called inside the import's transaction, once every row has passed every check. The rows are
written in chunks, table by table, with statements built once from the models' columns (a field
added to a model later gets its default here, as ``bench/generate/load.py`` does): on SQLite
``executemany``, on PostgreSQL ``COPY``. The dossiers' keys are taken beforehand (``new_keys``),
so a chunk's owners, pauses and events are ready at once. No model instance is built and no
query is made per row.

What each dossier gets, beyond what the file says (docs/import.md):

* the **policies pinned at reception** (``policies.regime_on`` the day it was received, else
  submitted): regime, form set, supplement mode (the version's own, else the regime's); for a
  received dossier also the time limit, unit, cut-off and budget scale of its case and channel
  (``deadlines.limit_for``), as a reception here would have pinned them. ``due_at`` and
  ``appointment_at`` are the file's due instant — never recomputed;
* ``submitted_at`` is ``received_at`` when the file gives none (a counter dossier is submitted
  and received at once);
* ``current_agency``: the competent agency while the dossier is open (2, 4, 5, 6, 8) or was
  withdrawn after reception; the receiving unit once finished or returned; none before reception.
  There is **no control slip**: the former system's hand-overs are not known, so imported
  dossiers appear in no inbox and the delay report (read from control-slip rows) has nothing of
  them; the statutory report, read from the dossiers, counts them;
* the **owner** (``Party``, kind owner): the applicant's name and ID number, its type guessed
  from the digits — 12: citizen ID (CCCD), 9: old ID card (CMND), anything else: other;
* each **pause**: its kind and instants, the clock mode (a supplement: the dossier's supplement
  mode; payment and stop: pause); the due instants before and after it are not known, both are
  the dossier's due instant (``due_after`` empty while the pause is open);
* one **event** (``DossierEvent``, sequence 1): action ``import``, no actor (label "Import of
  legacy dossiers"), dated when the import ran, from no state to the dossier's state, with the
  file's name and line in its payload — the history says where the dossier came from, and no
  later action can be dated before the import.

Then ``tallies.add_facts`` updates the statutory report's summary rows for the new dossiers,
in the same transaction, from the values in hand (nothing is read back).
"""

from __future__ import annotations

import contextlib
import datetime
import json
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import JSONField
from django.utils.translation import gettext as _

from .. import tallies
from ..deadlines import limit_for
from ..models import Dossier, DossierEvent, Party, PauseInterval
from ..policies import SupplementMode, regime_on
from ..states import OPEN_STATES, State
from . import historical
from .references import Resolved, Version
from .rules import Row

CHUNK = 5_000  # dossiers written at a time (their owners, pauses and events with them)
SQLITE_CACHE_KIB = 256 * 1024  # page cache while writing (used as pages are touched)
IMPORT_ACTION = "import"
# Plain strings, read once (an enum member is slower to reach, row after row).
_CITIZEN_ID, _OLD_ID = Party.IdType.CITIZEN_ID.value, Party.IdType.OLD_ID.value
_OTHER_ID = Party.IdType.OTHER.value
_AT_AGENCY = frozenset(s.value for s in OPEN_STATES)  # current agency: the competent one
_AT_UNIT = frozenset({State.FINISHED.value, State.RETURNED.value})  # the receiving unit
_WITHDRAWN = State.WITHDRAWN.value
_SUPPLEMENT = PauseInterval.Kind.SUPPLEMENT.value
_PAUSE_MODE = SupplementMode.PAUSE


@dataclass(frozen=True)
class Written:
    ids: list[int]
    pauses: int
    new_procedures: list[str]


def id_type(number: str) -> str:
    """The type of an ID number, guessed from its digits (``Party.IdType``)."""
    if not number:
        return ""
    if number.isdigit() and number.isascii():
        if len(number) == 12:
            return _CITIZEN_ID
        if len(number) == 9:
            return _OLD_ID
    return _OTHER_ID


class _Table:
    """The columns of a model (all but the key), their default values as the database takes
    them, and the INSERT statements."""

    def __init__(self, model, connection) -> None:
        meta = model._meta
        self.connection = connection
        self.fields = [f for f in meta.concrete_fields if not f.primary_key]
        self.position = {f.attname: i for i, f in enumerate(self.fields)}
        self.template = [self._default(f) for f in self.fields]
        quote = connection.ops.quote_name
        self.table, self.key = quote(meta.db_table), quote(meta.pk.column)
        self.head = (
            f"INSERT INTO {quote(meta.db_table)} "
            f"({', '.join(quote(f.column) for f in self.fields)}) VALUES "
        )
        mark = "?" if connection.vendor == "sqlite" else "%s"
        self.one = f"({', '.join([mark] * len(self.fields))})"
        self.key_name, self.db_table = meta.pk.column, meta.db_table
        columns = ", ".join(quote(f.column) for f in self.fields)
        self.copy = f"COPY {self.table} ({columns}) FROM STDIN"
        self.copy_keyed = f"COPY {self.table} ({self.key}, {columns}) FROM STDIN"
        self.insert_keyed = (
            f"INSERT INTO {self.table} ({self.key}, {columns}) "
            f"VALUES ({', '.join([mark] * (len(self.fields) + 1))})"
        )

    def _default(self, f):
        if not f.has_default() and f.null:
            return None
        value = f.get_default()
        if isinstance(f, JSONField) and value is not None:
            # As JSON text, written once: PostgreSQL's COPY takes the text as it is, where the
            # driver's JSON wrapper would be serialised again for every row.
            return json.dumps(value, cls=f.encoder)
        return f.get_db_prep_save(value, self.connection)

    def prep(self, attname: str, value):
        """``value`` as the database takes it for the column ``attname`` (rarely used: the hot
        columns are adapted by the caller)."""
        return self.fields[self.position[attname]].get_db_prep_save(value, self.connection)

    def insert(self, cursor, rows: list[list], *, keyed: bool = False) -> None:
        """INSERT ``rows`` (``keyed``: each starts with its key): on SQLite one statement
        prepared once for every row (``executemany``); on PostgreSQL a ``COPY`` (the bulk
        load's own protocol: no statement to parse or plan per row)."""
        if not rows:
            return
        if self.connection.vendor == "sqlite":
            cursor.executemany(self.insert_keyed if keyed else self.head + self.one, rows)
            return
        with cursor.copy(self.copy_keyed if keyed else self.copy) as copy:
            for values in rows:
                copy.write_row(values)

    def new_keys(self, cursor, count: int) -> list[int]:
        """``count`` keys for new rows, as the database would have given them. PostgreSQL:
        drawn from the column's sequence. SQLite: after the largest key the table ever had
        (``AUTOINCREMENT`` never gives one again) — the import holds the write lock from its
        first statement (``BEGIN IMMEDIATE``), so no other writer takes them meanwhile."""
        if self.connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [self.table, self.key_name, count],
            )
            return [k for (k,) in cursor.fetchall()]
        cursor.execute(
            f"SELECT MAX(n) FROM (SELECT MAX({self.key}) AS n FROM {self.table} "
            "UNION ALL SELECT seq FROM sqlite_sequence WHERE name = ?)",
            [self.db_table],
        )
        (last,) = cursor.fetchone()
        first = (last or 0) + 1
        return list(range(first, first + count))


def write(rows: list[Row], resolved: Resolved, *, now: datetime.datetime, source: str) -> Written:
    """Write ``rows`` (all valid) inside the caller's transaction."""
    connection = connections[DEFAULT_DB_ALIAS]
    if resolved.new_procedures:
        on = historical.legacy_field()
        for version in resolved.new_procedures.values():
            created, case = historical.create(version.new, on)
            version.id, version.case, version.case_id = created.pk, case, case.pk
    writer = _Writer(connection, now=now, source=source)
    connection.ensure_connection()
    cursor = _raw_cursor(connection)
    try:
        with _sqlite_cache(cursor, connection.vendor):
            ids = writer.dossiers.new_keys(cursor, len(rows))
            for start in range(0, len(rows), CHUNK):
                end = start + CHUNK
                writer.chunk(cursor, rows[start:end], ids[start:end])
    finally:
        cursor.close()
    # The statutory report's summary rows, in this transaction, from the values in hand.
    procedures = {v: tallies.procedure_of(v) for v in {row.version.id for row in rows}}
    tallies.add_facts(
        tallies.facts(
            agency_id=row.agency_id,
            procedure_id=procedures[row.version.id],
            channel=row.channel,
            national_status=row.status,
            received_at=row.received_at,
            due_at=row.due_at,
            finished_at=row.finished_at,
            pauses=[(p.start, p.end) for p in row.pauses],
        )
        for row in rows
    )
    pauses = sum(len(row.pauses) for row in rows)
    return Written(ids=ids, pauses=pauses, new_procedures=sorted(resolved.new_procedures))


def _raw_cursor(connection):
    """The driver's own cursor (Django's wrapper would log and time each statement)."""
    return connection.connection.cursor()


@contextlib.contextmanager
def _sqlite_cache(cursor, vendor: str):
    """On SQLite, a page cache large enough for the transaction's pages while it writes (the
    default 2 MB would spill them to the write-ahead log again and again); as it was after."""
    if vendor != "sqlite":
        yield
        return
    cursor.execute("PRAGMA cache_size")
    (before,) = cursor.fetchone()
    cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        cursor.execute(f"PRAGMA cache_size = {int(before)}")


def _payload_maker(source: str):
    """A function giving the import event's payload ``{"file": source, "line": n}`` as JSON
    text, written directly (one per dossier)."""
    head = '{"file": ' + json.dumps(source) + ', "line": '
    return lambda line: f"{head}{line}}}"


def _instant_adapter(connection):
    """A function giving an aware instant (or None) as the database takes it: what
    ``DateTimeField.get_db_prep_save`` gives, without its checks (every value here is aware) —
    on SQLite the text of the naive UTC instant, on PostgreSQL the instant itself."""
    if connection.vendor != "sqlite":
        return connection.ops.adapt_datetimefield_value
    tz = connection.timezone

    def sqlite_instant(value: datetime.datetime | None) -> str | None:
        return None if value is None else value.astimezone(tz).replace(tzinfo=None).isoformat(" ")

    def sqlite_utc_instant(value: datetime.datetime | None) -> str | None:
        # The text of the UTC instant less its "+00:00": one call fewer, row after row.
        return None if value is None else str(value.astimezone(tz))[:-6]

    return sqlite_utc_instant if tz.utcoffset(None) == datetime.timedelta(0) else sqlite_instant


class _Writer:
    def __init__(self, connection, *, now: datetime.datetime, source: str) -> None:
        self.connection = connection
        self.dossiers = _Table(Dossier, connection)
        self.parties = _Table(Party, connection)
        self.pauses = _Table(PauseInterval, connection)
        self.events = _Table(DossierEvent, connection)
        self.instant = _instant_adapter(connection)
        self.now = self.instant(now)
        self.source = source
        self.actor_label = _("Import of legacy dossiers")
        self.reason = _("Recorded in the former system.")
        self._regimes: dict[datetime.date, tuple[str, str, str]] = {}
        self._limits: dict[tuple[int, str], tuple] = {}
        self._bases: dict[tuple, list] = {}
        self.unreceived_limits = (
            None,
            "",
            None,
            self.dossiers.template[self.dossiers.position["budget_scale"]],
        )
        self.payload = _payload_maker(source)

    def regime(self, day: datetime.date) -> tuple[str, str, str]:
        found = self._regimes.get(day)
        if found is None:
            r = regime_on(day)
            found = self._regimes[day] = (r.name, r.form_set, r.supplement_mode)
        return found

    def limits(self, version: Version, channel: str) -> tuple:
        """(time limit, unit, cut-off, budget scale) pinned at reception, as the database
        takes them."""
        key = (version.case_id, channel)
        found = self._limits.get(key)
        if found is None:
            limit, unit, scale = limit_for(version.case, version.channels.get(channel))
            t = self.dossiers
            found = self._limits[key] = (
                t.prep("time_limit", limit),
                unit,
                t.prep("cutoff", version.case.cutoff),
                t.prep("budget_scale", scale),
            )
        return found

    def _base(self, version: Version, channel: str, received: bool, day) -> list:
        """The columns every dossier of a version, channel and day shares (the policies pinned
        that day, the case's limits), over the constant ones: a copy is each row's start."""
        regime, form_set, mode = self.regime(day)
        key = (version.id, channel, received, regime)
        base = self._bases.get(key)
        if base is None:
            t = self.dossiers
            p = t.position
            base = self._bases[key] = t.template.copy()
            base[p["procedure_version_id"]] = version.id
            base[p["case_id"]] = version.case_id
            base[p["channel"]] = channel
            base[p["regime"]] = regime
            base[p["form_set"]] = form_set
            base[p["supplement_mode"]] = version.supplement_mode or mode
            for name, value in zip(
                ("time_limit", "time_unit", "cutoff", "budget_scale"),
                self.limits(version, channel) if received else self.unreceived_limits,
                strict=True,
            ):
                base[p[name]] = value
            base[p["event_count"]] = 1
            for name in ("last_event_at", "created_at", "updated_at"):
                base[p[name]] = self.now
        return base

    def chunk(self, cursor, rows: list[Row], ids: list[int]) -> None:
        """Write a chunk of dossiers (keys ``ids``) and their owners, pauses and events."""
        t = self.dossiers
        p = t.position
        # Each row starts with its key: the columns come one place later.
        (i_code, i_state, i_status, i_subject, i_unit, i_agency, i_submitted, i_received, i_due,
         i_appointment, i_finished, i_returned, i_current) = (
            p[name] + 1 for name in (
                "code", "state", "national_status", "subject", "receiving_unit_id",
                "competent_agency_id", "submitted_at", "received_at", "due_at", "appointment_at",
                "finished_at", "returned_at", "current_agency_id",
            )
        )  # fmt: skip
        instant, base_of = self.instant, self._base
        dossier_rows = []
        for row, pk in zip(rows, ids, strict=True):
            state = row.state
            received = row.received_at
            values = [pk, *base_of(row.version, row.channel, received is not None, row.day)]
            values[i_code] = row.code
            values[i_state] = state
            values[i_status] = row.status
            values[i_subject] = row.subject
            values[i_unit] = row.unit_id
            values[i_agency] = row.agency_id
            values[i_submitted] = instant(row.submitted_at or received)
            if received is not None:
                values[i_received] = instant(received)
                values[i_due] = values[i_appointment] = instant(row.due_at)
                if row.finished_at is not None:
                    values[i_finished] = instant(row.finished_at)
                    if row.returned_at is not None:
                        values[i_returned] = instant(row.returned_at)
            if state in _AT_AGENCY or (state == _WITHDRAWN and received is not None):
                values[i_current] = row.agency_id
            elif state in _AT_UNIT:
                values[i_current] = row.unit_id
            dossier_rows.append(values)
        t.insert(cursor, dossier_rows, keyed=True)
        self._children(cursor, rows, ids)

    def _children(self, cursor, rows: list[Row], ids: list[int]) -> None:
        parties, pauses, events = self.parties, self.pauses, self.events
        pp, sp, ep = parties.position, pauses.position, events.position
        i_p_dossier, i_p_kind, i_p_name, i_p_type, i_p_number = (
            pp[n] for n in ("dossier_id", "kind", "name", "id_type", "id_number")
        )
        (i_s_dossier, i_s_kind, i_s_mode, i_s_at, i_s_reason, i_s_before, i_s_resumed,
         i_s_after) = (
            sp[n] for n in ("dossier_id", "kind", "mode", "requested_at", "reason", "due_before",
                            "resumed_at", "due_after")
        )  # fmt: skip
        i_e_dossier, i_e_sequence, i_e_at, i_e_label, i_e_action, i_e_to, i_e_payload = (
            ep[n] for n in ("dossier_id", "sequence", "at", "actor_label", "action", "to_state",
                            "payload")
        )  # fmt: skip
        owner = Party.Kind.OWNER.value
        instant, now, payload = self.instant, self.now, self.payload
        label, reason = self.actor_label, self.reason
        party_rows, pause_rows, event_rows = [], [], []
        for row, pk in zip(rows, ids, strict=True):
            values = parties.template.copy()
            values[i_p_dossier] = pk
            values[i_p_kind] = owner
            values[i_p_name] = row.applicant_name
            values[i_p_type] = id_type(row.applicant_id_number)
            values[i_p_number] = row.applicant_id_number
            party_rows.append(values)
            if row.pauses:
                due = instant(row.due_at)
                supplement_mode = None
                for pause in row.pauses:
                    values = pauses.template.copy()
                    values[i_s_dossier] = pk
                    values[i_s_kind] = pause.kind
                    if pause.kind == _SUPPLEMENT:
                        if supplement_mode is None:
                            supplement_mode = row.version.supplement_mode or self.regime(row.day)[2]
                        values[i_s_mode] = supplement_mode
                    else:
                        values[i_s_mode] = _PAUSE_MODE
                    values[i_s_at] = instant(pause.start)
                    values[i_s_reason] = reason
                    values[i_s_before] = due
                    values[i_s_resumed] = instant(pause.end)
                    values[i_s_after] = due if pause.end is not None else None
                    pause_rows.append(values)
            values = events.template.copy()
            values[i_e_dossier] = pk
            values[i_e_sequence] = 1
            values[i_e_at] = now
            values[i_e_label] = label
            values[i_e_action] = IMPORT_ACTION
            values[i_e_to] = row.state
            values[i_e_payload] = payload(row.line)
            event_rows.append(values)
        parties.insert(cursor, party_rows)
        pauses.insert(cursor, pause_rows)
        events.insert(cursor, event_rows)
