"""The public status lookup (tra cứu tình trạng hồ sơ) and its rate limit on wrong guesses.

Whoever holds the receipt (Form 01: its QR code links to ``/tra-cuu/?ma=CODE``) types the code
and the last four digits of the owner's phone or ID number (``Party`` of kind "owner"), and sees
the procedure, the state in the national wording, the dates received, promised, finished and
returned, a pause, and the control slip reduced to its agencies (step, agency, started, due,
finished, timeliness) — never a name, ID number, address, phone, officer, note, reason or file.

A wrong code and a wrong factor get the same answer, so the page does not tell whether a code
exists. Each wrong guess stores two ``LookupFailure`` rows, keyed by a keyed hash (BLAKE2b, keyed
with a digest of ``SECRET_KEY``: an IPv4 address hashed alone is easily reversed) of the client
address and of the code; over a sliding window, too many failures for either key refuse every
further lookup for that key — the correct factor too — before anything else is read. Limits
(settings, from the environment variables of the same names; read once per process, and again
when Django announces a change of settings):

* ``MOTCUA_LOOKUP_WINDOW_MINUTES`` (15) — the sliding window;
* ``MOTCUA_LOOKUP_ADDRESS_FAILURES`` (10) — wrong guesses allowed from one address in it;
* ``MOTCUA_LOOKUP_CODE_FAILURES`` (5) — wrong guesses allowed at one code in it;
* ``MOTCUA_LOOKUP_PRUNE_EVERY`` (100) — one failure in this many deletes the older rows.

The client address is ``REMOTE_ADDR``. Behind a reverse proxy it must be the citizen's, not the
proxy's — e.g. the proxy speaks the PROXY protocol to gunicorn (``--proxy-protocol``,
``--proxy-allow-from``) — or every citizen shares the proxy's address and its limit.

A public page under load (docs/benchmarks.md): a successful lookup runs one statement written
once in SQL (``lookup_sql``) — the failures of both keys, and the dossier by its unique code
with its owner's numbers and its control slip, all on indexes — a second while the dossier is
paused, reads plain values, not model instances, and hands the page its dates and labels ready
to print. A refused lookup shows nothing of what the statement read.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import hmac
import random
import re
from collections import namedtuple
from dataclasses import dataclass, field
from html import escape
from typing import NamedTuple
from urllib.parse import unquote_plus

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.catalog.models import ProcedureCase, ProcedureVersion
from motcua.core import refdata
from motcua.core.dates import vn_instant
from motcua.dossiers.models import PauseInterval, ReturnMethod
from motcua.dossiers.states import OPEN_STATES, PAUSED_STATES, State
from motcua.dossiers.timeliness import OVERDUE, WITHIN, classify_finished, classify_pending

from .lookup_sql import read
from .models import LookupFailure

CODE_PARAM = "ma"
FACTOR_PARAM = "xac-thuc"
CODE_MAX_LENGTH = 64  # Dossier.code
_CODE = re.compile(r"[0-9A-Z][0-9A-Z.\-]*")
_FACTOR = re.compile(r"[0-9]{4}")
_NOT_DIGIT = re.compile(r"[^0-9]")


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


def query_params(query_string: str) -> dict[str, str]:
    """``ma`` and ``xac-thuc`` from a URL's query string as WSGI hands it over (its bytes as
    ISO-8859-1 characters), decoded as Django's ``request.GET`` decodes them (raw bytes as UTF-8
    if they are, ``+`` a space, ``%XY`` a UTF-8 byte, invalid bytes replaced; the last of
    repeated names counts); other names are skipped unread. Parsing the whole string into a
    ``QueryDict`` was a visible share of a lookup's time under load."""
    if not query_string.isascii():  # raw bytes, not %-escaped (a browser escapes them)
        with contextlib.suppress(UnicodeDecodeError):  # else kept as ISO-8859-1, as Django
            query_string = query_string.encode("iso-8859-1").decode("utf-8")
    found: dict[str, str] = {}
    for pair in query_string.split("&"):
        name, _equals, value = pair.partition("=")
        name = unquote_plus(name, errors="replace")
        if name in (CODE_PARAM, FACTOR_PARAM):
            found[name] = unquote_plus(value, errors="replace")
    return found


def read_query(params: dict[str, str]) -> Query:
    """Read ``ma`` and ``xac-thuc`` (see ``query_params``). The QR link carries only the code: it
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


# The rate limit's settings and the hashes' key, read once per process: and again whenever Django
# announces a change of settings (``override_settings`` in tests).
_from_settings: dict[str, object] = {}


@receiver(setting_changed)
def _forget_settings(*, setting: str, **_kwargs) -> None:
    if setting.startswith("MOTCUA_LOOKUP_") or setting == "SECRET_KEY":
        _from_settings.clear()


def limits() -> Limits:
    """The settings of the rate limit (see the module's docstring)."""
    found = _from_settings.get("limits")
    if found is None:
        found = _from_settings["limits"] = Limits(
            window=datetime.timedelta(
                minutes=float(getattr(settings, "MOTCUA_LOOKUP_WINDOW_MINUTES", 15))
            ),
            per_address=max(1, int(getattr(settings, "MOTCUA_LOOKUP_ADDRESS_FAILURES", 10))),
            per_code=max(1, int(getattr(settings, "MOTCUA_LOOKUP_CODE_FAILURES", 5))),
            prune_every=max(1, int(getattr(settings, "MOTCUA_LOOKUP_PRUNE_EVERY", 100))),
        )
    return found  # type: ignore[return-value]


def _key(kind: str, value: str) -> str:
    secret = _from_settings.get("secret")
    if secret is None:  # BLAKE2b takes a key of at most 64 bytes: SECRET_KEY's SHA-256
        secret = _from_settings["secret"] = hashlib.sha256(settings.SECRET_KEY.encode()).digest()
    message = f"lookup:{kind}:{value}".encode()
    return hashlib.blake2b(message, key=secret, digest_size=32).hexdigest()  # type: ignore[arg-type]


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


def _names() -> tuple[dict[int, str], dict[int, str], dict[int, str]]:
    """Names of procedure versions, cases and agencies: reference data, cached per process
    (``core/refdata``) rather than joined at each lookup."""

    models = (ProcedureVersion, ProcedureCase, Agency)
    build = lambda: tuple(dict(m.objects.order_by().values_list("pk", "name")) for m in models)  # noqa: E731
    return refdata.cached(("portal.lookup", "names"), build)


def _aware(value: str | None) -> datetime.datetime | None:
    """An instant as read: the text of a naive UTC instant (see ``lookup_sql``). (Parsed with
    its offset written in: ``datetime.replace`` cost eight times the parsing.)"""
    if value is None:
        return None
    return datetime.datetime.fromisoformat(value + "+00:00")


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


def _words(language: str | None = None) -> dict:
    """The control slip's words, the timeliness labels and the names of states and ways of
    return in ``language`` (the active one by default), translated once per language (a lookup
    shows many rows)."""
    language = language or get_language()
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
            "states": {state.value: str(state.label) for state in State},
            "returns": {method.value: str(method.label) for method in ReturnMethod},
        }
        _translated[language] = words
    return words


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


def _steps(rows: list[tuple], agencies: dict[int, str], words: dict) -> list[Step]:
    started, due, done, verdicts = words["started"], words["due"], words["done"], words["verdicts"]
    steps = []
    for stage, name, agency, start, until, finished, timeliness in rows:
        times = f"{started % start} · {due % until}"
        if finished:
            times += f" · {done % finished}"
        else:
            finished = ""
        verdict = verdicts[timeliness if finished else ""]
        steps.append(
            Step(stage, name, agencies[agency], start, until, finished, timeliness, times, verdict)
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
    instants as the page prints them; ``verdict`` the timeliness' label and CSS class (``None``
    without a timeliness)."""

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
    verdict: Verdict | None

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


def last_digits(value: str | None) -> str:
    """The last four digits of a phone or ID number, whatever separates them."""
    if not value:
        return ""
    if value.isascii() and value.isdigit():  # most are digits only
        return value[-4:]
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


def find(
    code: str,
    factor: str,
    dossier: tuple | None,
    slip: list[tuple],
    *,
    now: datetime.datetime,
    language: str | None = None,
) -> Status | None:
    """The status of dossier ``code`` from its row and its slip's (see ``read``) if ``factor``
    is the end of its owner's phone or ID number; ``None`` otherwise — whether the code is
    unknown or the factor wrong. Labels in ``language`` (the active one by default). One more
    statement while the dossier is paused."""
    if dossier is None or not _matches(factor, dossier[0], dossier[1]):
        return None
    pk, state, national, version_id, case_id = dossier[2:7]
    received, due, appointment, finished, returned = (_aware(v) for v in dossier[7:12])
    versions, cases, agencies = _names()
    words = _words(language)
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
        state_label=words["states"][state],
        national_status=national,
        received_at=received,
        appointment_at=appointment,
        finished_at=finished,
        returned_at=returned,
        return_method=words["returns"][dossier[12]] if dossier[12] else "",
        timeliness=timeliness,
        pause=_open_pause(pk) if paused else None,
        steps=_steps(slip, agencies, words),
        verdict=words["verdicts"][timeliness] if timeliness else None,
    )


@dataclass
class Outcome:
    """``status`` if found, ``refused_until`` if refused; neither if nothing matched."""

    status: Status | None = None
    refused_until: datetime.datetime | None = None


def look_up(
    code: str, factor: str, *, address: str, now: datetime.datetime, language: str | None = None
) -> Outcome:
    """The whole lookup: the rate limit first (nothing is shown, nor counted, when it refuses),
    then the dossier; a miss is counted. Labels in ``language`` (the active one by default)."""
    config = limits()
    keys = {address_key(address): config.per_address, code_key(code): config.per_code}
    counts, dossier, slip = read(code, list(keys), now - config.window)
    until = refused_until(keys, counts, now=now, window=config.window)
    if until is not None:
        return Outcome(refused_until=until)
    status = find(code, factor, dossier, slip, now=now, language=language)
    if status is None:
        record_failure(list(keys), now=now, limits=config)
    return Outcome(status=status)
