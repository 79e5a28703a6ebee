"""The public status lookup (tra cứu tình trạng hồ sơ) and its rate limit on wrong guesses.

Whoever holds the receipt (Form 01: its QR code links to ``/tra-cuu/?ma=CODE``) types the code
and the last four digits of the owner's phone or ID number (``Party`` of kind "owner"), and sees
the procedure, the state in the national wording, the dates received, promised, finished and
returned, a pause, and the control slip reduced to its agencies (step, agency, started, due,
finished, timeliness) — never a name, ID number, address, phone, officer, note, reason or file.

A wrong code and a wrong factor get the same answer, so the page does not tell whether a code
exists. Each wrong guess stores two ``LookupFailure`` rows, keyed by a keyed hash (HMAC-SHA256
with ``SECRET_KEY``: an IPv4 address hashed alone is easily reversed) of the client address and
of the code; over a sliding window, too many failures for either key refuse every further lookup
for that key — the correct factor too — before anything else is read. Limits (settings, read at
each request, from the environment variables of the same names):

* ``MOTCUA_LOOKUP_WINDOW_MINUTES`` (15) — the sliding window;
* ``MOTCUA_LOOKUP_ADDRESS_FAILURES`` (10) — wrong guesses allowed from one address in it;
* ``MOTCUA_LOOKUP_CODE_FAILURES`` (5) — wrong guesses allowed at one code in it;
* ``MOTCUA_LOOKUP_PRUNE_EVERY`` (100) — one failure in this many deletes the older rows.

The client address is ``REMOTE_ADDR``. Behind a reverse proxy it must be the citizen's, not the
proxy's — e.g. the proxy speaks the PROXY protocol to gunicorn (``--proxy-protocol``,
``--proxy-allow-from``) — or every citizen shares the proxy's address and its limit.

A public page under load (docs/benchmarks.md): a successful lookup runs one statement written
once in SQL — the failures of both keys, and the dossier by its unique code with its owner's
numbers and its control slip, all on indexes — a second while the dossier is paused, reads plain
values, not model instances, and hands the page its dates and labels ready to print. A refused
lookup shows nothing of what the statement read.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import random
import re
import time
from collections import namedtuple
from dataclasses import dataclass, field
from html import escape
from typing import NamedTuple

from django.conf import settings
from django.db import connection
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.catalog.models import ProcedureCase, ProcedureVersion
from motcua.core import refdata
from motcua.core.dates import vn_instant
from motcua.dossiers.models import Dossier, DossierStep, Party, PauseInterval, ReturnMethod
from motcua.dossiers.states import OPEN_STATES, PAUSED_STATES, State
from motcua.dossiers.timeliness import OVERDUE, WITHIN, classify_finished, classify_pending
from motcua.workcalendar.clock import VN_TZ

from .models import LookupFailure

CODE_PARAM = "ma"
FACTOR_PARAM = "xac-thuc"
CODE_MAX_LENGTH = 64  # Dossier.code
_CODE = re.compile(r"[0-9A-Z][0-9A-Z.\-]*")
_FACTOR = re.compile(r"[0-9]{4}")
_NOT_DIGIT = re.compile(r"[^0-9]")
_TABLES = (LookupFailure, Dossier, Party, DossierStep)


# --- What the citizen typed ------------------------------------------------------------------


@dataclass
class Query:
    """The form's values as typed (``code`` normalised) and what is wrong with them."""

    code: str = ""
    factor: str = ""
    submitted: bool = False
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ready(self) -> bool:
        return self.submitted and not self.errors


def read_query(params) -> Query:
    """Read ``ma`` and ``xac-thuc`` from the query string. The QR link carries only the code: it
    pre-fills the form and asks for nothing yet; the form always sends both."""
    raw_code = params.get(CODE_PARAM, "")
    query = Query(
        code="".join(raw_code.split()).upper()[:CODE_MAX_LENGTH],
        factor=params.get(FACTOR_PARAM, "").strip()[:8],
        submitted=FACTOR_PARAM in params,
    )
    if not query.submitted:
        return query
    compact = "".join(raw_code.split())
    if not compact:
        query.errors["code"] = _("Enter the dossier code printed on your receipt.")
    elif len(compact) > CODE_MAX_LENGTH:
        query.errors["code"] = _("A dossier code has at most %(n)d characters.") % {
            "n": CODE_MAX_LENGTH
        }
    elif not _CODE.fullmatch(query.code):
        query.errors["code"] = _(
            "A dossier code has only letters, digits, dots and hyphens, as on your receipt."
        )
    if not _FACTOR.fullmatch(query.factor):
        query.errors["factor"] = _(
            "Enter exactly 4 digits: the end of the phone or ID number given for the dossier's "
            "owner."
        )
    return query


# --- The rate limit ---------------------------------------------------------------------------


Limits = namedtuple("Limits", "window per_address per_code prune_every")


def limits() -> Limits:
    """The settings of the rate limit (see the module's docstring)."""
    return Limits(
        window=datetime.timedelta(
            minutes=float(getattr(settings, "MOTCUA_LOOKUP_WINDOW_MINUTES", 15))
        ),
        per_address=max(1, int(getattr(settings, "MOTCUA_LOOKUP_ADDRESS_FAILURES", 10))),
        per_code=max(1, int(getattr(settings, "MOTCUA_LOOKUP_CODE_FAILURES", 5))),
        prune_every=max(1, int(getattr(settings, "MOTCUA_LOOKUP_PRUNE_EVERY", 100))),
    )


def _key(kind: str, value: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"lookup:{kind}:{value}".encode(), hashlib.sha256
    ).hexdigest()


def address_key(address: str) -> str:
    return _key("address", address)


def code_key(code: str) -> str:  # a code's failures, whoever guesses
    return _key("code", code)


def refused_until(
    keys: dict[str, int], counts, *, now: datetime.datetime, window: datetime.timedelta
) -> datetime.datetime | None:
    """When lookups are allowed again if one of ``keys`` (key → failures allowed) has reached
    its limit — ``counts``, read with the dossier, are each key's failures within the window
    before ``now`` —; ``None`` if none has (then without another statement)."""
    since = now - window
    until = None
    for (key, allowed), n in zip(keys.items(), counts, strict=True):
        if n < allowed:
            continue
        # Below the limit again once the oldest n - allowed + 1 failures have left the window.
        times = list(
            LookupFailure.objects.filter(key=key, at__gt=since)
            .order_by("at")
            .values_list("at", flat=True)[: n - allowed + 1]
        )
        free = times[-1] + window
        until = free if until is None or free > until else until
    return until


def record_failure(keys: list[str], *, now: datetime.datetime, limits: Limits) -> None:
    """Count a wrong guess against each key; now and then (one time in ``prune_every``) delete
    the failures that no window counts any more."""
    LookupFailure.objects.bulk_create([LookupFailure(key=key, at=now) for key in keys])
    if random.randrange(limits.prune_every) == 0:
        LookupFailure.objects.filter(at__lte=now - limits.window).delete()


# --- The answer -------------------------------------------------------------------------------

# The hot reads as plain SQL built once per database vendor: compiling them with the ORM at each
# request would cost more than running them.
_statements: dict[str, str] = {}


def _statement() -> str:
    """The lookup's statement for the connection's database (see ``read``), with the driver's
    own placeholders."""
    key = connection.vendor
    if key not in _statements:
        t = {m.__name__: connection.ops.quote_name(m._meta.db_table) for m in _TABLES}
        key_, at = connection.ops.quote_name("key"), connection.ops.quote_name("at")
        count = f"(SELECT COUNT(*) FROM {t['LookupFailure']} WHERE {key_} = %s AND {at} > %s)"
        # Both drivers would parse every instant of every row (the dossier's repeat on each row
        # of its slip) in Python — Django's converters on SQLite, Django's own time-zone loader
        # on PostgreSQL: the dossier's are read as the text of a naive UTC instant, parsed when
        # used; the slip's only as the page prints them, in Vietnam time (``VN_TZ``, a fixed
        # offset), by the database.
        hours = int(VN_TZ.utcoffset(None).total_seconds()) // 3600
        if connection.vendor == "sqlite":
            i = "CAST({} AS TEXT)".format
            shown = f"strftime('%H:%M %d/%m/%Y', {{}}, '{hours:+d} hours')".format
        else:
            i = "CAST(({} AT TIME ZONE 'UTC') AS TEXT)".format
            at_vn = f"AT TIME ZONE INTERVAL '{hours:+03d}:00'"
            shown = f"to_char({{}} {at_vn}, 'HH24:MI DD/MM/YYYY')".format
        instants = ", ".join(
            i(c) for c in ["d.received_at", "d.due_at", "d.appointment_at", "d.finished_at"]
        )
        # The failures of both keys, then the dossier (none: one row of NULLs), its owner's
        # contact numbers and its control slip, by code.
        _statements[key] = (
            f"SELECT k.a, k.c, p.phone, p.id_number, d.id, d.state, d.national_status, "
            f"d.procedure_version_id, d.case_id, {instants}, {i('d.returned_at')}, "
            "d.return_method, s.stage, s.name, s.agency_id, "
            f"{shown('s.started_at')}, {shown('s.due_at')}, {shown('s.finished_at')}, "
            "s.timeliness "
            f"FROM (SELECT {count} AS a, {count} AS c) k "
            f"LEFT JOIN {t['Dossier']} d ON d.code = %s "
            f"LEFT JOIN {t['Party']} p ON p.dossier_id = d.id AND p.kind = %s "
            f"LEFT JOIN {t['DossierStep']} s ON s.dossier_id = d.id "
            "ORDER BY s.sequence"
        )
        if key == "sqlite":  # the sqlite3 module's placeholders (the text has no other "%s")
            _statements[key] = _statements[key].replace("%s", "?")
    return _statements[key]


def _names() -> tuple[dict[int, str], dict[int, str], dict[int, str]]:
    """Names of procedure versions, cases and agencies: reference data, cached per process
    (``core/refdata``) rather than joined at each lookup."""

    models = (ProcedureVersion, ProcedureCase, Agency)
    build = lambda: tuple(dict(m.objects.order_by().values_list("pk", "name")) for m in models)  # noqa: E731
    return refdata.cached(("portal.lookup", "names"), build)


def _aware(value: str | None) -> datetime.datetime | None:
    """An instant as read: the text of a naive UTC instant (see ``_statement``)."""
    if value is None:
        return None
    return datetime.datetime.fromisoformat(value).replace(tzinfo=datetime.UTC)


class Verdict(NamedTuple):
    label: str  # HTML-escaped
    css: str


_TIMELINESS = {
    "early": (gettext_lazy("Early"), "early"),
    "on_time": (gettext_lazy("On time"), "on-time"),
    "late": (gettext_lazy("Late"), "late"),
    WITHIN: (gettext_lazy("Within the time limit"), "on-time"),
    OVERDUE: (gettext_lazy("Overdue"), "late"),
    "": (gettext_lazy("In progress"), "pending"),
}


_translated: dict[str, dict] = {}


def _words() -> dict:
    """The control slip's words and the timeliness labels in the active language, translated
    once per language (a lookup shows many rows)."""
    language = get_language()
    words = _translated.get(language)
    if words is None:
        # Escaped here once: the page prints the rows' times and verdicts as they are.
        words = {
            "started": escape(_("started %(when)s")).replace("%(when)s", "%s"),
            "due": escape(_("due %(when)s")).replace("%(when)s", "%s"),
            "done": escape(_("done %(when)s")).replace("%(when)s", "%s"),
            "verdicts": {
                k: Verdict(escape(str(label)), css) for k, (label, css) in _TIMELINESS.items()
            },
        }
        _translated[language] = words
    return words


def _verdict(timeliness: str) -> Verdict:
    """The label (in the active language, as a plain string) and CSS class of a timeliness."""
    return _words()["verdicts"][timeliness]


class Step(NamedTuple):
    """One row of the control slip as the public sees it: which agency had the dossier and
    when, the instants as the page prints them in Vietnam time (``09:00 07/07/2025``), and the
    verdict. ``times`` is the three in a sentence, HTML-escaped."""

    stage: int
    name: str
    agency: str
    started: str
    due: str
    finished: str  # "" while the row is open
    timeliness: str  # early / on_time / late; "" while the row is open
    times: str
    verdict: Verdict


def _steps(rows: list[tuple], agencies: dict[int, str]) -> list[Step]:
    words = _words()
    started, due, done, verdicts = words["started"], words["due"], words["done"], words["verdicts"]
    steps = []
    for r in rows:
        if r[13] is None:
            continue
        finished = r[18] or ""
        times = f"{started % r[16]} · {due % r[17]}"
        if finished:
            times += f" · {done % finished}"
        verdict = verdicts[r[19] if finished else ""]
        steps.append(
            Step(r[13], r[14], agencies[r[15]], r[16], r[17], finished, r[19], times, verdict)
        )
    return steps


@dataclass
class Pause:
    """The pause the dossier is in: supplement, financial obligation or stop."""

    kind: str  # PauseInterval.Kind
    label: str
    since: datetime.datetime
    applicant_deadline: datetime.datetime | None


@dataclass
class Status:
    """What the lookup shows: nothing in it names or identifies a person. ``shown`` has the
    instants as the page prints them; ``verdict`` the timeliness' label and CSS class."""

    code: str
    procedure: str
    case: str
    state: str
    state_label: str
    national_status: int
    received_at: datetime.datetime | None
    appointment_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    returned_at: datetime.datetime | None
    return_method: str
    timeliness: str  # finished: early / on_time / late; open: within / overdue; else ""
    pause: Pause | None
    steps: list[Step]

    def __post_init__(self):
        pause = self.pause
        self.shown = {
            "received": vn_instant(self.received_at),
            "appointment": vn_instant(self.appointment_at),
            "finished": vn_instant(self.finished_at),
            "returned": vn_instant(self.returned_at),
            "paused_since": vn_instant(pause.since) if pause else "",
            "send_by": vn_instant(pause.applicant_deadline) if pause else "",
        }
        self.verdict = _verdict(self.timeliness) if self.timeliness else None


def last_digits(value: str) -> str:
    """The last four digits of a phone or ID number, whatever separates them."""
    return _NOT_DIGIT.sub("", value)[-4:]


def _matches(factor: str, phone: str, id_number: str) -> bool:
    by_phone = hmac.compare_digest(factor, last_digits(phone))
    by_id = hmac.compare_digest(factor, last_digits(id_number))
    return by_phone | by_id  # both compared, whichever matches


def _open_pause(dossier_id: int) -> Pause | None:
    row = (
        PauseInterval.objects.filter(dossier_id=dossier_id, resumed_at=None)
        .order_by("-requested_at", "-id")
        .values_list("kind", "requested_at", "applicant_deadline")
        .first()
    )
    return Pause(row[0], str(PauseInterval.Kind(row[0]).label), *row[1:]) if row else None


def read(code: str, keys: list[str], since: datetime.datetime) -> tuple[tuple, list[tuple]]:
    """In one statement: the failures of each key since ``since``, and the rows of dossier
    ``code`` (its owner's numbers and its control slip; none if there is no such dossier).

    Run on the driver's own cursor: Django's cursor wrapper (timing, logging, placeholders) cost
    more than the statement itself; database errors are still turned into Django's."""
    at = connection.ops.adapt_datetimefield_value(since)
    params = [keys[0], at, keys[1], at, code, Party.Kind.OWNER.value]
    started = time.monotonic()
    with connection.wrap_database_errors:
        if connection.vendor == "postgresql":
            rows = _prepared(_statement(), params)
        else:
            connection.ensure_connection()
            cursor = connection.connection.cursor()
            try:
                cursor.execute(_statement(), params)
                rows = cursor.fetchall()
            finally:
                cursor.close()
    if connection.queries_logged:  # DEBUG, or a test counting statements: as Django logs them
        connection.queries_log.append(
            {"sql": f"{_statement()} -- {params!r}", "time": f"{time.monotonic() - started:.3f}"}
        )
    counts = rows[0][:2]
    return counts, [r[2:] for r in rows if r[4] is not None]


# psycopg prepares a statement only while the connection's threshold is set; Django leaves it
# unset (``None``), so that its own statements are never prepared.
_PREPARE_ONLY_WHEN_ASKED = 2**31


def _prepared(sql: str, params: list) -> list[tuple]:
    """PostgreSQL: run ``sql`` as a statement the connection prepared once, its values bound
    apart (psycopg's ``prepare=True`` on a server-side binding cursor). PostgreSQL took longer
    to plan the lookup's joins than to run them, and Django sends each statement with its values
    written in to be parsed and planned again. Should the statement have vanished from the
    session (a pooler's ``DISCARD ALL``), the connection is opened again and the lookup run once
    more."""
    import psycopg

    for attempt in (1, 2):
        connection.ensure_connection()
        raw = connection.connection
        before = raw.prepare_threshold
        raw.prepare_threshold = _PREPARE_ONLY_WHEN_ASKED
        try:
            with psycopg.Cursor(raw) as cursor:
                cursor.execute(sql, params, prepare=True)
                return cursor.fetchall()
        except psycopg.errors.InvalidSqlStatementName:
            if attempt == 2 or not connection.get_autocommit() or connection.in_atomic_block:
                raise
            connection.close()
        finally:
            if not raw.closed:
                raw.prepare_threshold = before
    raise AssertionError("unreachable")


def find(code: str, factor: str, rows: list[tuple], *, now: datetime.datetime) -> Status | None:
    """The status of dossier ``code`` from its ``rows`` (see ``read``) if ``factor`` is the end
    of its owner's phone or ID number; ``None`` otherwise — whether the code is unknown or the
    factor wrong. One more statement while the dossier is paused."""
    if not rows or not _matches(factor, rows[0][0], rows[0][1]):
        return None
    first = rows[0]
    pk, state, national, version_id, case_id = first[2:7]
    received, due, appointment, finished, returned = (_aware(v) for v in first[7:12])
    versions, cases, agencies = _names()
    steps = _steps(rows, agencies)
    paused = state in PAUSED_STATES
    if finished is not None:
        timeliness = classify_finished(finished_at=finished, due_at=due).value
    elif state in OPEN_STATES:
        timeliness = classify_pending(at=now, due_at=due, paused=paused)
    else:
        timeliness = ""
    return Status(
        code=code,
        procedure=versions[version_id],
        case=cases[case_id],
        state=state,
        state_label=str(State(state).label),
        national_status=national,
        received_at=received,
        appointment_at=appointment,
        finished_at=finished,
        returned_at=returned,
        return_method=str(ReturnMethod(first[12]).label) if first[12] else "",
        timeliness=timeliness,
        pause=_open_pause(pk) if paused else None,
        steps=steps,
    )


@dataclass
class Outcome:
    """``status`` if found, ``refused_until`` if refused; neither if nothing matched."""

    status: Status | None = None
    refused_until: datetime.datetime | None = None


def look_up(code: str, factor: str, *, address: str, now: datetime.datetime) -> Outcome:
    """The whole lookup: the rate limit first (nothing is shown, nor counted, when it refuses),
    then the dossier; a miss is counted."""
    config = limits()
    keys = {address_key(address): config.per_address, code_key(code): config.per_code}
    counts, rows = read(code, list(keys), now - config.window)
    until = refused_until(keys, counts, now=now, window=config.window)
    if until is not None:
        return Outcome(refused_until=until)
    status = find(code, factor, rows, now=now)
    if status is None:
        record_failure(list(keys), now=now, limits=config)
    return Outcome(status=status)
