"""What a legacy record must say to be a dossier: the national status, the instants it implies,
their order, and the pauses (docs/import.md, "Validation").

The file gives the **national status code** (domain.md §3.2); it maps onto one internal state
(``STATE_OF_STATUS``; status 5 is a supplement requested during handling, never the request to
complete before reception). Each status implies which instants exist:

======  ======================  ===========  ==========  ===========  ===========  ==========
status  state                   submitted    received    due          finished     returned
======  ======================  ===========  ==========  ===========  ===========  ==========
1       submitted               required     —           —            —            —
3       refused                 required     —           —            —            —
2, 4    received, processing    optional     required    (required)   —            —
5, 6, 8 supplement, payment,    optional     required    (required)   —            —
        stopped
7       withdrawn               (required)   optional    (required)   (required)   —
9       finished                optional     required    (required)   required     —
10      returned                optional     required    (required)   required     required
======  ======================  ===========  ==========  ===========  ===========  ==========

"—": must be empty. ``submitted_at`` is required whenever ``received_at`` is empty (a dossier
not received exists only as a submission); when empty, it is taken to be ``received_at``.
``due_at`` exists only for a received dossier and is then required, unless its procedure case
has no appointment date (``ProcedureCase.no_appointment``, and every historical procedure).
A withdrawn dossier (7) that was received has ``finished_at``, the withdrawal; one withdrawn
before reception has neither (as ``services.handling.withdraw`` leaves them).

Order: submitted ≤ received ≤ finished ≤ returned, received ≤ due; none of them but the due
instant after the moment the import started.

Pauses (supplement, financial obligation, stop) belong to received dossiers only. Each starts at
or after reception and ends at or after it starts, at the latest when the dossier finished (or
now); they do not overlap. A pause still open (no end) exists exactly when the status is 5, 6 or
8: exactly one, the last, of the kind the status names (5 supplement, 6 payment, 8 stop).
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass

from django.utils.translation import gettext as _

from motcua.catalog.models import Channel
from motcua.core.errors import Problem
from motcua.workcalendar.clock import VN_TZ

from ..models import PauseInterval
from ..states import NATIONAL_STATUS, State
from .formats import Record, pause_field, problem
from .instants import BadInstant, parse_instant

STATE_OF_STATUS: dict[int, str] = {
    1: State.SUBMITTED.value,
    2: State.RECEIVED.value,
    3: State.REFUSED.value,
    4: State.PROCESSING.value,
    5: State.SUPPLEMENT.value,
    6: State.PAYMENT.value,
    7: State.WITHDRAWN.value,
    8: State.STOPPED.value,
    9: State.FINISHED.value,
    10: State.RETURNED.value,
}
assert all(NATIONAL_STATUS[state] == status for status, state in STATE_OF_STATUS.items())

RECEIVED = frozenset({2, 4, 5, 6, 8, 9, 10})  # statuses that need received_at
NEVER_RECEIVED = frozenset({1, 3})
FINISHED = frozenset({9, 10})  # need finished_at (and 7 when received)
OPEN_PAUSE = {
    5: PauseInterval.Kind.SUPPLEMENT.value,
    6: PauseInterval.Kind.PAYMENT.value,
    8: PauseInterval.Kind.STOP.value,
}
PAUSE_KINDS = tuple(PauseInterval.Kind.values)
CHANNELS = tuple(Channel.values)
INSTANTS = ("submitted_at", "received_at", "due_at", "finished_at", "returned_at")
MAX_LENGTH = {
    "code": 64,
    "procedure_code": 32,
    "procedure_name": 500,
    "agency_code": 35,
    "receiving_unit_code": 35,
    "applicant_name": 255,
    "applicant_id_number": 32,
    "subject": 500,
}
_MAX_LENGTH = tuple(MAX_LENGTH.items())
_STATUS_OF_TEXT = {str(status): status for status in STATE_OF_STATUS}
_NOTHING_BAD: frozenset[str] = frozenset()
_REQUIRED_TEXT = ("code", "procedure_code", "agency_code", "channel", "status", "applicant_name")


@dataclass(slots=True)
class Pause:
    kind: str
    start: datetime.datetime
    end: datetime.datetime | None


@dataclass(slots=True)
class Row:
    """A record whose values were read; ``None`` where a value was absent or unreadable (then
    ``bad`` names the field). Filled further by the cross-checks (``references``). ``check``
    builds it with positional arguments: keep the order of the fields."""

    line: int
    code: str
    procedure_code: str
    procedure_name: str
    agency_code: str
    receiving_unit_code: str
    channel: str
    status: int | None
    submitted_at: datetime.datetime | None
    received_at: datetime.datetime | None
    due_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    returned_at: datetime.datetime | None
    applicant_name: str
    applicant_id_number: str
    subject: str
    pauses: list[Pause]
    bad: frozenset[str]
    # Set by the cross-checks: the procedure version and case, the agencies.
    version: object = None
    agency_id: int | None = None
    unit_id: int | None = None

    @property
    def state(self) -> str:
        return STATE_OF_STATUS[self.status]

    @property
    def day(self) -> datetime.date:
        """The Vietnam day that pins the dossier's rules: received, else submitted."""
        return (self.received_at or self.submitted_at).astimezone(VN_TZ).date()


def check(
    record: Record, *, now: datetime.datetime, day_end: datetime.time, problems: list[Problem]
) -> Row:
    """Read and check one record alone (no database); every problem goes to ``problems``."""
    line, cells = record.line, record.cells
    bad: set[str] = set()

    def refuse(field: str, message: str) -> None:
        problems.append(problem(line, field, message))
        bad.add(field.split(".", 1)[0].split("[", 1)[0])

    code, procedure_code, agency_code = cells["code"], cells["procedure_code"], cells["agency_code"]
    channel, text, applicant_name = cells["channel"], cells["status"], cells["applicant_name"]
    if not (code and procedure_code and agency_code and channel and text and applicant_name):
        for name in _REQUIRED_TEXT:
            if not cells[name]:
                if cells[name] is None:
                    bad.add(name)
                else:
                    refuse(name, _("A value is required."))
    for name, limit in _MAX_LENGTH:
        value = cells[name]
        if value is None:
            bad.add(name)
        elif len(value) > limit:
            refuse(
                name,
                _("At most %(limit)d characters (%(length)d given).")
                % {"limit": limit, "length": len(value)},
            )
    if channel and channel not in CHANNELS:
        refuse(
            "channel",
            _("“%(value)s” is not a channel; use one of: %(choices)s.")
            % {"value": channel, "choices": ", ".join(CHANNELS)},
        )
    status = _STATUS_OF_TEXT.get(text) if text else None
    if text and status is None:
        if text.isdigit() and text.isascii() and 1 <= int(text) <= 10:  # "04"
            status = int(text)
        else:
            refuse(
                "status",
                _("“%(value)s” is not a national status code (1 to 10).") % {"value": text},
            )
    values = []
    for name in INSTANTS:
        text = cells[name]
        value = None
        if text:
            try:
                value = parse_instant(text, date_allowed=name == "due_at", end_of_day=day_end)
            except BadInstant as exc:
                refuse(name, str(exc))
        elif text is None:
            bad.add(name)
        values.append(value)
    pauses = _pauses(record, day_end, refuse) if record.pauses else record.pauses
    row = Row(
        line,
        code or "",
        procedure_code or "",
        cells["procedure_name"] or "",
        agency_code or "",
        cells["receiving_unit_code"] or "",
        channel or "",
        status,
        *values,
        applicant_name or "",
        cells["applicant_id_number"] or "",
        cells["subject"] or "",
        pauses or [],
        _NOTHING_BAD,
    )
    if status is not None:
        _check_status(row, cells, record.pauses is not None and pauses is not None, now, refuse)
    if bad:
        row.bad = frozenset(bad)
    return row


def _pauses(record: Record, day_end, refuse) -> list[Pause] | None:
    """The pauses read (kinds and instants), or None if one could not be read."""
    if record.pauses is None:
        return None
    pauses: list[Pause] = []
    ok = True
    for index, raw in enumerate(record.pauses, start=1):
        if raw.kind not in PAUSE_KINDS:
            refuse(
                pause_field(index, "kind"),
                _("“%(value)s” is not a pause kind; use one of: %(choices)s.")
                % {"value": raw.kind, "choices": ", ".join(PAUSE_KINDS)},
            )
            ok = False
        start = end = None
        if not raw.start:
            refuse(pause_field(index, "from"), _("A value is required."))
            ok = False
        else:
            try:
                start = parse_instant(raw.start)
            except BadInstant as exc:
                refuse(pause_field(index, "from"), str(exc))
                ok = False
        if raw.end:
            try:
                end = parse_instant(raw.end)
            except BadInstant as exc:
                refuse(pause_field(index, "to"), str(exc))
                ok = False
        if ok:
            pauses.append(Pause(raw.kind, start, end))
    return pauses if ok else None


def _check_status(row: Row, cells, pauses_ok: bool, now, refuse) -> None:
    """The instants and pauses the status requires or forbids (messages are translated only
    when a rule is broken: this runs for every row)."""
    status = row.status
    s_given, r_given = cells["submitted_at"] != "", cells["received_at"] != ""
    d_given, f_given = cells["due_at"] != "", cells["finished_at"] != ""
    t_given = cells["returned_at"] != ""

    if not r_given:
        if status in RECEIVED:
            refuse("received_at", _required(status))
        if not s_given:
            refuse("submitted_at", _("Required when the dossier has no received_at."))
        if d_given:
            refuse("due_at", _("Must be empty when the dossier has no received_at."))
    elif status in NEVER_RECEIVED:
        refuse(
            "received_at",
            _("Must be empty for status %(status)d: the dossier was never received.")
            % {"status": status},
        )
    if f_given:
        if status == 7:
            if not r_given:
                refuse(
                    "finished_at", _("Must be empty for a dossier withdrawn before its reception.")
                )
        elif status not in FINISHED:
            refuse("finished_at", _empty(status))
    elif status in FINISHED:
        refuse("finished_at", _required(status))
    elif status == 7 and r_given:
        refuse(
            "finished_at",
            _("Required for a withdrawn dossier that was received: when it was withdrawn."),
        )
    if t_given and status != 10:
        refuse("returned_at", _empty(status))
    elif not t_given and status == 10:
        refuse("returned_at", _required(status))

    submitted, received, due = row.submitted_at, row.received_at, row.due_at
    finished, returned = row.finished_at, row.returned_at
    for later, earlier, later_name, earlier_name in (
        (received, submitted, "received_at", "submitted_at"),
        (finished, received, "finished_at", "received_at"),
        (returned, finished, "returned_at", "finished_at"),
        (due, received, "due_at", "received_at"),
    ):
        if later is not None and earlier is not None and later < earlier:
            refuse(later_name, _("Must not be earlier than %(other)s.") % {"other": earlier_name})
    for value, name in (
        (submitted, "submitted_at"),
        (received, "received_at"),
        (finished, "finished_at"),
        (returned, "returned_at"),
    ):
        if value is not None and value > now:
            refuse(name, _("Is in the future (after the start of the import)."))

    pauses = row.pauses
    if not pauses_ok or (not pauses and status not in OPEN_PAUSE):
        return
    if pauses and not r_given:
        refuse("pauses", _("A dossier that was never received has no pauses."))
        return
    # Pauses end at the latest when the dossier finished, or now (unreadable: already reported).
    bound = finished if finished is not None else (None if f_given else now)
    for index, p in enumerate(pauses, start=1):
        if received is not None and p.start < received:
            refuse(pause_field(index, "from"), _("Must not be earlier than received_at."))
        if p.end is not None and p.end < p.start:
            refuse(
                pause_field(index, "to"),
                _("Must not be earlier than %(other)s.") % {"other": pause_field(index, "from")},
            )
        for key, value in (("from", p.start), ("to", p.end)):
            if bound is not None and value is not None and value > bound:
                refuse(
                    pause_field(index, key),
                    _("Must not be later than finished_at.")
                    if finished is not None
                    else _("Is in the future (after the start of the import)."),
                )
    open_ = [i for i, p in enumerate(pauses, start=1) if p.end is None]
    kind = OPEN_PAUSE.get(status)
    if kind is None:
        for index in open_:
            refuse(
                pause_field(index, "to"),
                _("Required: only a dossier with status 5, 6 or 8 has a pause still open."),
            )
    elif len(open_) != 1:
        refuse(
            "pauses",
            _(
                "Status %(status)d needs exactly one pause still open (without “to”), "
                "of kind %(kind)s."
            )
            % {"status": status, "kind": kind},
        )
    elif pauses[open_[0] - 1].kind != kind:
        refuse(
            pause_field(open_[0], "kind"),
            _("The pause still open must be of kind %(kind)s for status %(status)d.")
            % {"kind": kind, "status": status},
        )
    if len(pauses) > 1:
        ordered = sorted(enumerate(pauses, start=1), key=lambda ip: ip[1].start)
        for (i, a), (j, b) in itertools.pairwise(ordered):
            if a.end is None or b.start < a.end:
                refuse(
                    pause_field(j, "from"),
                    _("Overlaps %(other)s: pauses do not overlap, and one still open is the last.")
                    % {"other": pause_field(i)},
                )


def _required(status: int) -> str:
    return _("Required for status %(status)d.") % {"status": status}


def _empty(status: int) -> str:
    return _("Must be empty for status %(status)d.") % {"status": status}
