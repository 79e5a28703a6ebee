"""The public status lookup (tra cứu tình trạng hồ sơ) and its rate limit on wrong guesses.

Anyone holding the receipt (Form 01, whose QR code links to ``/tra-cuu/?ma=CODE``) may follow a
dossier: they type its code and a second factor, the last four digits of the owner's phone or
ID number (the owner is the ``Party`` of kind "owner"). The answer carries what the province
publishes about the handling anyway — the procedure, the state in the national wording, the
dates received, promised, finished and returned, a pause, and the control slip reduced to its
agencies (step, agency, started, due, finished, timeliness) — and never anything personal: no
name, ID number, address, phone, officer, note, reason or file.

A wrong code and a wrong factor get the same answer, so the page does not tell whether a code
exists. Each wrong guess stores two ``LookupFailure`` rows, keyed by a keyed hash (HMAC-SHA256
with ``SECRET_KEY``: an IPv4 address hashed alone is easily reversed) of the client address and
of the code; over a sliding window, too many failures for either key refuse every further lookup
for that key — the correct factor too — before anything else is read. Limits (settings, read at
each request, from the environment variables of the same names):

* ``MOTCUA_LOOKUP_WINDOW_MINUTES`` (15) — the sliding window;
* ``MOTCUA_LOOKUP_ADDRESS_FAILURES`` (10) — wrong guesses allowed from one address in it;
* ``MOTCUA_LOOKUP_CODE_FAILURES`` (5) — wrong guesses allowed at one code in it;
* ``MOTCUA_LOOKUP_PRUNE_EVERY`` (100) — about one failure in this many also deletes the rows
  that left the window (1: every failure).

The client address is ``REMOTE_ADDR``: behind a reverse proxy, the proxy must set it to the
real client's address (e.g. gunicorn's ``--forwarded-allow-ips`` with the proxy's
``X-Forwarded-For``), or every citizen shares the proxy's address and its limit.

It is a public page under load, so a successful lookup costs three indexed queries (the failures
counted for both keys; the dossier with its owner's contact digits, by the unique code; its
control slip with the agencies' names), a fourth only while the dossier is paused, and reads
plain values, not model instances.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import random
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from motcua.agencies.models import Agency
from motcua.catalog.models import ProcedureCase, ProcedureVersion
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
_TABLES = (LookupFailure, Dossier, Party, ProcedureVersion, ProcedureCase, DossierStep, Agency)


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


@dataclass(frozen=True)
class Limits:
    window: datetime.timedelta
    per_address: int
    per_code: int
    prune_every: int


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


def code_key(code: str) -> str:
    return _key("code", code)


def refused_until(
    keys: dict[str, int], *, now: datetime.datetime, window: datetime.timedelta
) -> datetime.datetime | None:
    """When lookups are allowed again if one of ``keys`` (key → failures allowed) has reached
    its limit within the window before ``now``; ``None`` if none has. One statement (a count
    per key on the ``(key, at)`` index) when none has."""
    since = now - window
    at = connection.ops.adapt_datetimefield_value(since)
    with connection.cursor() as cursor:
        cursor.execute(_statement("failures", len(keys)), [v for k in keys for v in (k, at)])
        counts = cursor.fetchone()
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
    """Count a wrong guess against each key; now and then drop the rows past the window."""
    LookupFailure.objects.bulk_create([LookupFailure(key=key, at=now) for key in keys])
    if random.randrange(limits.prune_every) == 0:
        prune(now=now, window=limits.window)


def prune(*, now: datetime.datetime, window: datetime.timedelta) -> int:
    """Delete the failures that no window counts any more; how many were deleted."""
    deleted, _by_model = LookupFailure.objects.filter(at__lte=now - window).delete()
    return deleted


# --- The answer -------------------------------------------------------------------------------

# The hot reads as plain SQL built once per database vendor: compiling them with the ORM at each
# request would cost more than running them.
_statements: dict[tuple, str] = {}


def _statement(name: str, n: int = 0) -> str:
    key = (connection.vendor, name, n)
    if key not in _statements:
        t = {m.__name__: connection.ops.quote_name(m._meta.db_table) for m in _TABLES}
        if name == "failures":
            count = f"(SELECT COUNT(*) FROM {t['LookupFailure']} WHERE key = %s AND at > %s)"
            _statements[key] = "SELECT " + ", ".join([count] * n)
        else:  # the dossier, its owner's contact numbers and its control slip, by code
            _statements[key] = (
                "SELECT p.phone, p.id_number, d.id, d.state, d.national_status, v.name, c.name, "
                "d.received_at, d.due_at, d.appointment_at, d.finished_at, d.returned_at, "
                "d.return_method, s.stage, s.name, a.name, s.started_at, s.due_at, "
                f"s.finished_at, s.timeliness FROM {t['Dossier']} d "
                f"JOIN {t['Party']} p ON p.dossier_id = d.id AND p.kind = %s "
                f"JOIN {t['ProcedureVersion']} v ON v.id = d.procedure_version_id "
                f"JOIN {t['ProcedureCase']} c ON c.id = d.case_id "
                f"LEFT JOIN {t['DossierStep']} s ON s.dossier_id = d.id "
                f"LEFT JOIN {t['Agency']} a ON a.id = s.agency_id "
                "WHERE d.code = %s ORDER BY s.sequence"
            )
    return _statements[key]


def _aware(value: datetime.datetime | None) -> datetime.datetime | None:
    """SQLite hands back naive UTC instants (the ORM would make them aware the same way)."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=datetime.UTC)
    return value


def _when(value: datetime.datetime | None) -> str:
    """An instant as the forms write it, in Vietnam time: 09:00 07/07/2025."""
    return value.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y") if value is not None else ""


class Verdict(NamedTuple):
    label: str
    css: str


_TIMELINESS = {
    "early": (_lazy("Early"), "early"),
    "on_time": (_lazy("On time"), "on-time"),
    "late": (_lazy("Late"), "late"),
    WITHIN: (_lazy("Within the time limit"), "on-time"),
    OVERDUE: (_lazy("Overdue"), "late"),
    "": (_lazy("In progress"), "pending"),
}


def _verdict(timeliness: str) -> Verdict:
    """The label (in the active language, as a plain string) and CSS class of a timeliness."""
    label, css = _TIMELINESS[timeliness]
    return Verdict(str(label), css)


@dataclass
class Step:
    """One row of the control slip as the public sees it: which agency had the dossier, with
    the instants and the verdict ready to print (cheaper in Python than in template filters)."""

    stage: int
    name: str
    agency: str
    started_at: datetime.datetime
    due_at: datetime.datetime
    finished_at: datetime.datetime | None
    timeliness: str  # early / on_time / late; "" while the row is open

    def __post_init__(self):
        times = [
            _("started %(when)s") % {"when": _when(self.started_at)},
            _("due %(when)s") % {"when": _when(self.due_at)},
        ]
        if self.finished_at:
            times.append(_("done %(when)s") % {"when": _when(self.finished_at)})
        self.times = " · ".join(times)
        self.verdict = _verdict(self.timeliness if self.finished_at else "")


@dataclass
class Pause:
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
            "received": _when(self.received_at),
            "appointment": _when(self.appointment_at),
            "finished": _when(self.finished_at),
            "returned": _when(self.returned_at),
            "paused_since": _when(pause.since) if pause else "",
            "send_by": _when(pause.applicant_deadline) if pause else "",
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
    if row is None:
        return None
    kind, since, deadline = row
    return Pause(kind, str(PauseInterval.Kind(kind).label), since, deadline)


def find(code: str, factor: str, *, now: datetime.datetime) -> Status | None:
    """The status of dossier ``code`` if ``factor`` is the end of its owner's phone or ID
    number; ``None`` otherwise — whether the code is unknown or the factor wrong. One statement
    (by the unique code, the owner by ``(dossier, kind)``, the control slip by ``(dossier,
    sequence)``), and one more while the dossier is paused."""
    with connection.cursor() as cursor:
        cursor.execute(_statement("dossier"), [Party.Kind.OWNER.value, code])
        rows = cursor.fetchall()
    if not rows or not _matches(factor, rows[0][0], rows[0][1]):
        return None
    first = rows[0]
    pk, state, national, procedure, case = first[2:7]
    received, due, appointment, finished, returned = (_aware(v) for v in first[7:12])
    steps = [
        Step(r[13], r[14], r[15], _aware(r[16]), _aware(r[17]), _aware(r[18]), r[19])
        for r in rows
        if r[13] is not None
    ]
    paused = state in PAUSED_STATES
    if finished is not None:
        timeliness = classify_finished(finished_at=finished, due_at=due).value
    elif state in OPEN_STATES:
        timeliness = classify_pending(at=now, due_at=due, paused=paused)
    else:
        timeliness = ""
    return Status(
        code=code,
        procedure=procedure,
        case=case,
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
    """``status`` when found; ``refused_until`` when the rate limit refused the lookup; neither
    when nothing matched (the same for an unknown code and a wrong factor)."""

    status: Status | None = None
    refused_until: datetime.datetime | None = None


def look_up(code: str, factor: str, *, address: str, now: datetime.datetime) -> Outcome:
    """The whole lookup: the rate limit first, then the dossier; a miss is counted."""
    config = limits()
    keys = {address_key(address): config.per_address, code_key(code): config.per_code}
    until = refused_until(keys, now=now, window=config.window)
    if until is not None:
        return Outcome(refused_until=until)
    status = find(code, factor, now=now)
    if status is None:
        record_failure(list(keys), now=now, limits=config)
    return Outcome(status=status)
