"""The overdue lists (danh sách hồ sơ quá hạn; Phụ lục I and II beside Biểu 06, domain.md §9.1).

For a period ``[date_from, date_to]`` of Vietnam calendar days and a Vietnam date ``today``
(default: today), the end of the period for anything *pending* is ``as_of = min(date_to,
today)``. A dossier is **counted** when it was received (``received_at`` set) and its national
status is neither 1 (not yet received) nor 3 (refused). The day of an instant is its Vietnam date
(``motcua.dossiers.timeliness.vn_date``).

* **Resolved late** (Phụ lục I): counted, national status 9 or 10, the day of ``finished_at``
  within the period, ``due_at`` set and the day of ``finished_at`` after the day of ``due_at``.
  Its **days late** are the calendar days from the due day to the finishing day.
* **Pending overdue** (Phụ lục II): counted, received on or before ``as_of``, not resolved by
  then (national status not 7, 9 or 10 — or finished on a day after ``as_of``), ``due_at`` set
  and its day before ``as_of``, and not paused at ``as_of`` (no pause requested on or before
  ``as_of`` and resumed after it, or not at all). Its **days overdue** are the calendar days from
  the due day to ``as_of``. It names who holds it: the control-slip rows (``DossierStep``) open
  at the end of ``as_of`` — started before the next Vietnam midnight and closed after it or not
  at all — with their agency and receiver (several in a parallel stage).

``due_at`` is the dossier's due instant as it stands (moved only by pauses). Both lists carry the
dossier's procedure and its **competent agency** (the handling unit); ``agencies`` (a set of
agency ids, the caller's scope) keeps the dossiers whose competent agency is in it. Rows come
most days late (overdue) first, then by dossier code.

In SQL, days are compared as instants against Vietnam midnights; the day *differences* (and the
order) are computed by ``VnDay``, the Vietnam day number of an instant, written for each
database (never a date of UTC). Each list reads one index range, whatever the scope: the late
list ``finished_at`` in the period (its statuses read from the unindexed ``national_status``);
the pending list the ``(state, due_at)`` index for what is still open and ``finished_at`` for
what finished after ``as_of`` (its open statuses read through the internal states that map onto
them, ``states.NATIONAL_STATUS``; both columns are written together). The scope is a filter on
those rows (``not_indexed``), and the query joins nothing — SQLite, which has no statistics to
weigh the indexes by, would otherwise start from a joined table or from the competent agency's
index and read every dossier; codes and names are looked up a chunk of rows at a time
(``Names``).

Each list is one query, streamed ``chunk_size`` rows at a time (a few more per chunk: the names
not seen yet, and for the pending list the open control-slip rows), or a page of it after a
keyset cursor (``after``: the days and code of the last row shown).
"""

from __future__ import annotations

import base64
import binascii
import datetime
import itertools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import NotSupportedError
from django.db.models import (
    BigIntegerField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.utils import timezone

from motcua.agencies.models import Agency
from motcua.catalog.models import ProcedureVersion
from motcua.core.dates import vn_midnight
from motcua.dossiers.models import Dossier, DossierStep, PauseInterval
from motcua.dossiers.states import NATIONAL_STATUS
from motcua.dossiers.timeliness import vn_date
from motcua.workcalendar.clock import VN_TZ

LATE = "late"
PENDING = "pending"
LISTS = (LATE, PENDING)

CHUNK = 2000  # rows fetched at a time when streaming

_DAY = datetime.timedelta(days=1)
_EPOCH = datetime.date(1970, 1, 1)
_OFFSET_SECONDS = int(VN_TZ.utcoffset(None).total_seconds())


def _states(*codes: int) -> list[str]:
    """The internal states reported with these national status codes."""
    return sorted(state for state, code in NATIONAL_STATUS.items() if code in codes)


NOT_COUNTED = (1, 3)  # not yet received, refused
RESOLVED = (9, 10)  # result ready, result returned
# Counted, and not resolved or withdrawn (not 7, 9 or 10).
UNRESOLVED_STATES = _states(2, 4, 5, 6, 8)


class VnDay(Func):
    """The Vietnam calendar day of an instant as a day number (days since 1970-01-01), for day
    differences and orderings in SQL. Vietnam time is UTC+7 all year (``clock.VN_TZ``)."""

    output_field = IntegerField()
    arity = 1

    def as_sql(self, compiler, connection, **extra):  # pragma: no cover - other databases
        raise NotSupportedError(f"VnDay is not written for {connection.vendor}")

    def as_sqlite(self, compiler, connection, **extra):
        # Django stores instants as UTC text "YYYY-MM-DD HH:MM:SS[.ffffff]": drop the fraction
        # (so that no rounding can carry 23:59:59.9999 into the next day), move to Vietnam time,
        # keep the date; julianday of a date is a whole day + 0.5, exactly.
        template = (
            "CAST(julianday(date(substr(%(expressions)s, 1, 19), "
            f"'+{_OFFSET_SECONDS} seconds')) - 2440587.5 AS INTEGER)"
        )
        return super().as_sql(compiler, connection, template=template, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        template = (
            f"(CAST((%(expressions)s AT TIME ZONE 'UTC') + INTERVAL '{_OFFSET_SECONDS} seconds' "
            "AS date) - DATE '1970-01-01')"
        )
        return super().as_sql(compiler, connection, template=template, **extra)


def not_indexed(field: str) -> ExpressionWrapper:
    """A foreign key as an expression no index answers (``field + 0``): a filter on it keeps the
    query planner on the index of the period (SQLite has no statistics to weigh them by)."""
    return ExpressionWrapper(F(field) + 0, output_field=BigIntegerField())


def day_number(day: datetime.date) -> int:
    """``VnDay``'s number of a calendar day."""
    return (day - _EPOCH).days


# --- The period --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    date_from: datetime.date
    date_to: datetime.date
    today: datetime.date

    @classmethod
    def of(
        cls, date_from: datetime.date, date_to: datetime.date, today: datetime.date | None = None
    ) -> Period:
        """The period; ``today`` defaults to today's Vietnam date."""
        if date_from > date_to:
            raise ValueError("date_from is after date_to")
        return cls(date_from, date_to, today or vn_date(timezone.now()))

    @property
    def as_of(self) -> datetime.date:
        """The end of the period for what is pending: its last day, or today if earlier."""
        return min(self.date_to, self.today)

    def as_dict(self) -> dict:
        return {"from": self.date_from.isoformat(), "to": self.date_to.isoformat()}


# --- Rows --------------------------------------------------------------------------------------


def _local(value: datetime.datetime | None) -> str | None:
    return value.astimezone(VN_TZ).isoformat() if value else None


@dataclass(frozen=True)
class Holder:
    """An open control-slip row of a pending dossier: its agency and its receiver (none for a
    row nobody was named to receive)."""

    agency_code: str
    agency_name: str
    officer_username: str | None
    officer_name: str | None

    def as_dict(self) -> dict:
        officer = None
        if self.officer_username is not None:
            officer = {"username": self.officer_username, "name": self.officer_name}
        return {"agency": {"code": self.agency_code, "name": self.agency_name}, "officer": officer}


@dataclass(frozen=True)
class ListRow:
    """What both lists show of a dossier."""

    id: int
    code: str
    procedure_code: str
    procedure_name: str
    agency_code: str  # the competent agency (handling unit)
    agency_name: str
    received_at: datetime.datetime
    due_at: datetime.datetime
    days: int  # late (resolved) or overdue (pending)

    def _base(self) -> dict:
        return {
            "code": self.code,
            "procedure": {"code": self.procedure_code, "name": self.procedure_name},
            "received_at": _local(self.received_at),
            "due_at": _local(self.due_at),
        }


@dataclass(frozen=True)
class LateRow(ListRow):
    finished_at: datetime.datetime | None = None

    list_name = LATE

    def as_dict(self) -> dict:
        return {
            **self._base(),
            "finished_at": _local(self.finished_at),
            "agency": {"code": self.agency_code, "name": self.agency_name},
            "days_late": self.days,
        }


@dataclass(frozen=True)
class PendingRow(ListRow):
    holders: tuple[Holder, ...] = ()

    list_name = PENDING

    def as_dict(self) -> dict:
        return {
            **self._base(),
            "agency": {"code": self.agency_code, "name": self.agency_name},
            "holders": [holder.as_dict() for holder in self.holders],
            "days_overdue": self.days,
        }


# The columns of both lists in one table (CSV): ``list`` says which; the other list's columns are
# empty. Several holders are joined with "; ", in the same order in the four holder columns.
TABLE_COLUMNS = (
    "list",
    "code",
    "procedure_code",
    "procedure_name",
    "received_at",
    "due_at",
    "finished_at",
    "agency_code",
    "agency_name",
    "holder_agency_codes",
    "holder_agency_names",
    "holder_usernames",
    "holder_names",
    "days_late",
    "days_overdue",
)
HOLDER_SEPARATOR = "; "


def table_row(row: LateRow | PendingRow) -> list:
    """A row of either list as the values of ``TABLE_COLUMNS``."""
    late = isinstance(row, LateRow)
    holders = () if late else row.holders
    join = HOLDER_SEPARATOR.join
    return [
        row.list_name,
        row.code,
        row.procedure_code,
        row.procedure_name,
        _local(row.received_at),
        _local(row.due_at),
        _local(row.finished_at) if late else "",
        row.agency_code,
        row.agency_name,
        join(h.agency_code for h in holders),
        join(h.agency_name for h in holders),
        join(h.officer_username or "" for h in holders),
        join(h.officer_name or "" for h in holders),
        row.days if late else "",
        "" if late else row.days,
    ]


# --- Keyset cursors ----------------------------------------------------------------------------


class BadCursor(ValueError):
    """The cursor was not made by :func:`encode_cursor` for this list."""


def encode_cursor(row: LateRow | PendingRow) -> str:
    key = [row.list_name, row.days, row.code]
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, list_name: str) -> tuple[int, str]:
    """The (days, code) of the row the cursor names; ``BadCursor`` unless it was made for a row
    of ``list_name``."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        name, days, code = json.loads(raw)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise BadCursor(cursor) from None
    if name != list_name or type(days) is not int or not isinstance(code, str):
        raise BadCursor(cursor)
    return days, code


# --- Queries -----------------------------------------------------------------------------------

# The dossier's own columns only: a join would lead SQLite's planner (it has no statistics to
# weigh the indexes by) to start from the joined table and read every dossier.
_FIELDS = (
    "pk",
    "code",
    "procedure_version_id",
    "competent_agency_id",
    "received_at",
    "due_at",
    "days",
)


class Names:
    """Codes and names of the agencies, procedure versions and officers that rows refer to,
    looked up a chunk of rows at a time for those not seen yet (the list's own query joins
    nothing). Shared by the reports that stream rows."""

    def __init__(self):
        self.agencies: dict[int, tuple[str, str]] = {}
        self.versions: dict[int, tuple[str, str]] = {}
        self.officers: dict[int, tuple[str, str]] = {}

    def load(
        self,
        *,
        agencies: Iterable[int | None] = (),
        versions: Iterable[int | None] = (),
        officers: Iterable[int | None] = (),
    ) -> None:
        missing = {pk for pk in agencies if pk is not None} - self.agencies.keys()
        if missing:
            found = Agency.objects.filter(pk__in=sorted(missing))
            for pk, code, name in found.values_list("pk", "code", "name"):
                self.agencies[pk] = (code, name)
        missing = {pk for pk in versions if pk is not None} - self.versions.keys()
        if missing:
            found = ProcedureVersion.objects.filter(pk__in=sorted(missing))
            for pk, code, name in found.values_list("pk", "procedure__code", "name"):
                self.versions[pk] = (code, name)
        missing = {pk for pk in officers if pk is not None} - self.officers.keys()
        if missing:
            found = get_user_model().objects.filter(pk__in=sorted(missing))
            for pk, username, last, first in found.values_list(
                "pk", "username", "last_name", "first_name"
            ):
                # In Vietnamese order, as ``core.people.full_name`` writes it.
                self.officers[pk] = (username, f"{last} {first}".strip() or username)


def _scoped(queryset: QuerySet[Dossier], agencies: set[int] | None) -> QuerySet[Dossier]:
    """Only the dossiers of these competent agencies — as a filter on the rows the period
    selects, not through the (competent_agency, received_at) index, which would read every
    dossier the agencies ever had (``not_indexed``)."""
    if agencies is None:
        return queryset
    return queryset.alias(scope=not_indexed("competent_agency_id")).filter(
        scope__in=sorted(agencies)
    )


def _ordered(queryset: QuerySet[Dossier], after: tuple[int, str] | None) -> QuerySet[Dossier]:
    """Most days first, then code; strictly after the (days, code) ``after``, if given."""
    if after is not None:
        days, code = after
        queryset = queryset.filter(Q(days__lt=days) | Q(days=days, code__gt=code))
    return queryset.order_by(F("days").desc(), "code", "pk")


def late_queryset(
    period: Period, agencies: set[int] | None = None, after: tuple[int, str] | None = None
) -> QuerySet[Dossier]:
    """Phụ lục I as one query: ``values()`` rows with ``days`` late, in the list's order."""
    queryset = (
        Dossier.objects.filter(
            finished_at__gte=vn_midnight(period.date_from),
            finished_at__lt=vn_midnight(period.date_to + _DAY),
            national_status__in=RESOLVED,
            received_at__isnull=False,
        )
        # Null when there is no due instant: not late.
        .annotate(days=VnDay("finished_at") - VnDay("due_at"))
        .filter(days__gt=0)
    )
    queryset = _ordered(_scoped(queryset, agencies), after)
    return queryset.values(*_FIELDS, "finished_at")


def pending_queryset(
    period: Period, agencies: set[int] | None = None, after: tuple[int, str] | None = None
) -> QuerySet[Dossier]:
    """Phụ lục II as one query (without the holders): ``values()`` rows with ``days``
    overdue, in the list's order."""
    end = vn_midnight(period.as_of + _DAY)  # the end of as_of
    due_before = vn_midnight(period.as_of)  # due on an earlier day
    paused_then = PauseInterval.objects.filter(dossier_id=OuterRef("pk"), requested_at__lt=end)
    paused_then = paused_then.filter(Q(resumed_at__isnull=True) | Q(resumed_at__gte=end))
    # Not resolved by as_of: a status other than 7, 9 and 10 (read from the states, through the
    # (state, due_at) index), or finished after as_of (through the finished_at index). Every
    # condition an index could answer is inside the two branches, so that the planner reads
    # the two indexes (MULTI-INDEX OR, BitmapOr) rather than all dossiers due before as_of.
    overdue = Q(due_at__lt=due_before, received_at__lt=end)
    unresolved = (Q(state__in=UNRESOLVED_STATES) & overdue) | (Q(finished_at__gte=end) & overdue)
    queryset = (
        Dossier.objects.filter(unresolved)
        .exclude(national_status__in=NOT_COUNTED)
        .filter(~Exists(paused_then))
        .annotate(days=Value(day_number(period.as_of)) - VnDay("due_at"))
    )
    queryset = _ordered(_scoped(queryset, agencies), after)
    return queryset.values(*_FIELDS)


def _row_values(values: dict, names: Names) -> dict:
    procedure_code, procedure_name = names.versions[values["procedure_version_id"]]
    agency_code, agency_name = names.agencies[values["competent_agency_id"]]
    return {
        "id": values["pk"],
        "code": values["code"],
        "procedure_code": procedure_code,
        "procedure_name": procedure_name,
        "agency_code": agency_code,
        "agency_name": agency_name,
        "received_at": values["received_at"],
        "due_at": values["due_at"],
        "days": values["days"],
    }


def _named_chunks(rows: Iterable[dict], size: int, names: Names) -> Iterator[list[dict]]:
    for chunk in _chunks(rows, size):
        names.load(
            agencies=(v["competent_agency_id"] for v in chunk),
            versions=(v["procedure_version_id"] for v in chunk),
        )
        yield chunk


def _fetch(queryset: QuerySet, limit: int | None, chunk_size: int) -> Iterator[dict]:
    if limit is not None:
        return iter(list(queryset[:limit]))
    return queryset.iterator(chunk_size=chunk_size)


def resolved_late(
    period: Period,
    *,
    agencies: set[int] | None = None,
    after: tuple[int, str] | None = None,
    limit: int | None = None,
    chunk_size: int = CHUNK,
) -> Iterator[LateRow]:
    """Phụ lục I, streamed (or ``limit`` rows after the cursor ``after``)."""
    rows = _fetch(late_queryset(period, agencies, after), limit, chunk_size)
    names = Names()
    for chunk in _named_chunks(rows, chunk_size, names):
        for values in chunk:
            yield LateRow(**_row_values(values, names), finished_at=values["finished_at"])


def pending_overdue(
    period: Period,
    *,
    agencies: set[int] | None = None,
    after: tuple[int, str] | None = None,
    limit: int | None = None,
    chunk_size: int = CHUNK,
) -> Iterator[PendingRow]:
    """Phụ lục II, streamed (or ``limit`` rows after the cursor ``after``), with the holders of
    each dossier at the end of ``as_of`` (one more query per chunk)."""
    rows = _fetch(pending_queryset(period, agencies, after), limit, chunk_size)
    end = vn_midnight(period.as_of + _DAY)
    names = Names()
    for chunk in _named_chunks(rows, chunk_size, names):
        holders = holders_at(end, [values["pk"] for values in chunk], names)
        for values in chunk:
            yield PendingRow(**_row_values(values, names), holders=holders.get(values["pk"], ()))


def _chunks(rows: Iterable[dict], size: int) -> Iterator[list[dict]]:
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def holders_at(
    end: datetime.datetime, dossier_ids: list[int], names: Names | None = None
) -> dict[int, tuple[Holder, ...]]:
    """The control-slip rows of these dossiers open at the instant ``end`` (started before it,
    closed at or after it or not at all), by dossier, in slip order."""
    if not dossier_ids:
        return {}
    names = names or Names()
    steps = list(
        DossierStep.objects.filter(dossier_id__in=dossier_ids, started_at__lt=end)
        .filter(Q(finished_at__isnull=True) | Q(finished_at__gte=end))
        .order_by("dossier_id", "sequence")
        .values_list("dossier_id", "agency_id", "holder_id")
    )
    names.load(agencies=(s[1] for s in steps), officers=(s[2] for s in steps))
    found: dict[int, list[Holder]] = {}
    for dossier_id, agency_id, holder_id in steps:
        officer = names.officers[holder_id] if holder_id is not None else (None, None)
        found.setdefault(dossier_id, []).append(Holder(*names.agencies[agency_id], *officer))
    return {key: tuple(value) for key, value in found.items()}
