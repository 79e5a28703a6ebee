"""The supervisors' dashboard: a month's handling figures at a glance (domain.md §9.3).

Every figure is read from the daily tallies (``motcua/dossiers/tallies.py``), never from the
dossiers, so the cost grows with agencies × procedures × days and not with dossiers. Dossiers are
counted as the handling report (Biểu 06, ``bieu06.py``) counts them: by **competent agency**,
received during a month (online; directly or by post) and resolved during it (early, on time,
late). From those counts:

* the **on-time rate** = (early + on time) ÷ resolved, in per cent, 2 decimals (half up) — the
  Biểu 06 rate; none when nothing was resolved;
* the **online share** = received online ÷ (received online + directly or by post), in per cent,
  2 decimals; none when nothing was received.

``dashboard(month=, agencies=)`` gives, for the chosen month:

* ``months``: both rates for each of the 12 months ending with it (one aggregate query over the
  tallies, grouped by month) — a month without any tally has no rate;
* ``levels``: both rates by level of the competent agency (ministry, province, district,
  commune, in that order; levels without any tally in the month are left out);
* ``late``: the 10 agencies with the most dossiers resolved late in the month (then by code),
  with their resolved count and on-time rate.

The last two come from one aggregate query over the month's tallies grouped by agency (joined
with the agency's level, code and name). ``agencies`` (ids: the caller's scope, e.g.
``report_scope(user)``) keeps the tallies of those agencies only; ``None``: every agency.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, fields
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import TruncMonth

from motcua.core.dates import add_months, last_of
from motcua.dossiers.models import DailyTally

from .bieu06 import LEVELS, level_labels, percent

MONTHS = 12  # months in the monthly charts, the chosen one last
TOP = 10  # agencies in the list of the most late


def first_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


@dataclass(frozen=True)
class Counts:
    """Sums of the tallies' received and resolved columns."""

    received_online: int = 0
    received_direct_postal: int = 0
    resolved_early: int = 0
    resolved_on_time: int = 0
    resolved_late: int = 0

    @classmethod
    def of(cls, row: dict) -> Counts:
        return cls(*(int(row[name] or 0) for name in SUMMED))

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(getattr(self, n) + getattr(other, n) for n in SUMMED))

    @property
    def received(self) -> int:
        return self.received_online + self.received_direct_postal

    @property
    def resolved(self) -> int:
        return self.resolved_early + self.resolved_on_time + self.resolved_late

    @property
    def in_time(self) -> int:
        """Resolved early or on time."""
        return self.resolved_early + self.resolved_on_time

    @property
    def on_time_rate(self) -> Decimal | None:
        return percent(self.in_time, self.resolved)

    @property
    def online_share(self) -> Decimal | None:
        return percent(self.received_online, self.received)


SUMMED = tuple(f.name for f in fields(Counts))


@dataclass(frozen=True)
class MonthFigures:
    month: datetime.date  # its first day
    counts: Counts

    @property
    def label(self) -> str:
        return f"{self.month:%m/%Y}"


@dataclass(frozen=True)
class LevelFigures:
    level: str
    name: str
    counts: Counts


@dataclass(frozen=True)
class AgencyFigures:
    agency_id: int
    code: str
    name: str
    level: str
    counts: Counts

    @property
    def late(self) -> int:
        return self.counts.resolved_late


@dataclass(frozen=True)
class Dashboard:
    month: datetime.date  # the chosen month's first day
    date_from: datetime.date  # the chosen month: its first day…
    date_to: datetime.date  # …and its last day
    months: list[MonthFigures]
    levels: list[LevelFigures]
    late: list[AgencyFigures]


class MonthOf(TruncMonth):
    """The first day of a date's month. Django's ``TruncMonth`` calls a Python function once per
    row on SQLite (0.7 s over the 90,000 tallies of a year of a million dossiers); SQLite's own
    ``date(…, 'start of month')`` does the same in the database. PostgreSQL: ``DATE_TRUNC``."""

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"date({sql}, 'start of month')", params


def _tallies(date_from: datetime.date, date_to: datetime.date, agencies: set[int] | None):
    rows = DailyTally.objects.filter(day__gte=date_from, day__lte=date_to)
    if agencies is not None:
        rows = rows.filter(agency_id__in=sorted(agencies))
    return rows


def _sums() -> dict:
    return {name: Sum(name) for name in SUMMED}


def by_month(
    first: datetime.date, last: datetime.date, *, agencies: set[int] | None = None
) -> list[MonthFigures]:
    """The counts of each month from ``first``'s to ``last``'s, both included (zero counts for a
    month without tallies): one query grouped by month."""
    first, last = first_of(first), first_of(last)
    found: dict[datetime.date, Counts] = {}
    if agencies is None or agencies:
        rows = (
            _tallies(first, last_of(last), agencies)
            .annotate(month=MonthOf("day"))
            .values("month")
            .annotate(**_sums())
            .order_by()
        )
        found = {row["month"]: Counts.of(row) for row in rows}
    out, month = [], first
    while month <= last:
        out.append(MonthFigures(month, found.get(month, Counts())))
        month = add_months(month, 1)
    return out


def by_agency(
    date_from: datetime.date, date_to: datetime.date, *, agencies: set[int] | None = None
) -> list[AgencyFigures]:
    """The counts of each agency with tallies in [date_from, date_to]: one query grouped by
    agency, joined with its code, name and level. Ordered by agency code."""
    if agencies is not None and not agencies:
        return []
    rows = (
        _tallies(date_from, date_to, agencies)
        .values("agency_id", "agency__code", "agency__name", "agency__level")
        .annotate(**_sums())
        .order_by("agency__code")
    )
    return [
        AgencyFigures(
            row["agency_id"],
            row["agency__code"],
            row["agency__name"],
            row["agency__level"],
            Counts.of(row),
        )
        for row in rows
    ]


def by_level(rows: list[AgencyFigures]) -> list[LevelFigures]:
    """Agencies' counts summed by level, in the form's order of levels."""
    sums: dict[str, Counts] = {}
    for row in rows:
        sums[row.level] = sums.get(row.level, Counts()) + row.counts
    labels = level_labels()
    return [LevelFigures(level, labels[level], sums[level]) for level in LEVELS if level in sums]


def most_late(rows: list[AgencyFigures], top: int = TOP) -> list[AgencyFigures]:
    """The ``top`` agencies with the most dossiers resolved late (then by code); none late: none."""
    late = [row for row in rows if row.late > 0]
    return sorted(late, key=lambda row: (-row.late, row.code))[:top]


def dashboard(*, month: datetime.date, agencies: set[int] | None = None) -> Dashboard:
    """The dashboard's figures for the month of ``month`` (any day of it)."""
    month = first_of(month)
    last = last_of(month)
    months = by_month(add_months(month, 1 - MONTHS), month, agencies=agencies)
    agency_rows = by_agency(month, last, agencies=agencies)
    return Dashboard(month, month, last, months, by_level(agency_rows), most_late(agency_rows))
