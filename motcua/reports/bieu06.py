"""The handling report: Biểu số 06 "Tình hình, kết quả giải quyết TTHC" (TT 01/2020/TT-VPCP).

For a period [From, To] of Vietnam calendar days it counts the dossiers of each group — agency,
level, field or procedure — in the official columns (domain.md §9.1, docs/reports.md):

* **received** (số hồ sơ nhận giải quyết) = online + direct and postal + carried over from the
  previous period;
* **resolved** (đã giải quyết) = early + on time + late;
* **pending** at the end of the period (đang giải quyết) = within time + overdue;
* the **on-time rate** = (early + on time) ÷ resolved, in per cent, 2 decimals (none when
  nothing was resolved).

The buckets are those of domain.md §6.4, counted by ``bieu06_counts`` from the daily tallies.
Received total = resolved total + pending total always holds: a dossier received by the end is
either resolved during the period, or still pending. When To is after today, the period ends
today: nothing later is known yet.

Rows are grouped by the dossier's **competent agency** (the agency that settles it), by that
agency's **level**, by the procedure's **field**, or by **procedure**. ``agencies`` (ids: the
caller's scope) keeps the dossiers of those agencies only.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.catalog.models import Field, Procedure
from motcua.dossiers.timeliness import vn_date

from . import bieu06_counts
from .bieu06_counts import COUNTS

BY_AGENCY, BY_LEVEL, BY_FIELD, BY_PROCEDURE = "agency", "level", "field", "procedure"
GROUPINGS = (BY_AGENCY, BY_LEVEL, BY_FIELD, BY_PROCEDURE)
LEVELS = tuple(Agency.Level.values)  # ministry, province, district, commune: the form's order

# The figures of a row and of the total, in this order (JSON keys, CSV and Excel columns).
FIGURES = (
    "received_total",
    "received_online",
    "received_direct_postal",
    "received_carried_over",
    "resolved_total",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "pending_total",
    "pending_within",
    "pending_overdue",
    "on_time_rate",
)
_HUNDREDTH = Decimal("0.01")


def percent(part: int, whole: int) -> Decimal | None:
    """``part`` ÷ ``whole`` in per cent, 2 decimals (half up); None when ``whole`` is 0."""
    if not whole:
        return None
    return (Decimal(100 * part) / whole).quantize(_HUNDREDTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Figures:
    received_online: int = 0
    received_direct_postal: int = 0
    received_carried_over: int = 0
    resolved_early: int = 0
    resolved_on_time: int = 0
    resolved_late: int = 0
    pending_total: int = 0
    pending_overdue: int = 0

    @classmethod
    def of(cls, counts: tuple[int, ...]) -> Figures:
        values = dict(zip(COUNTS, counts, strict=True))
        return cls(
            values["received_online"],
            values["received_direct_postal"],
            values["carried_over"],
            values["resolved_early"],
            values["resolved_on_time"],
            values["resolved_late"],
            values["pending"],
            values["overdue"],
        )

    def __add__(self, other: Figures) -> Figures:
        return Figures(*(a + b for a, b in zip(self._tuple(), other._tuple(), strict=True)))

    def _tuple(self) -> tuple[int, ...]:
        return (
            self.received_online,
            self.received_direct_postal,
            self.received_carried_over,
            self.resolved_early,
            self.resolved_on_time,
            self.resolved_late,
            self.pending_total,
            self.pending_overdue,
        )

    @property
    def received_total(self) -> int:
        return self.received_online + self.received_direct_postal + self.received_carried_over

    @property
    def resolved_total(self) -> int:
        return self.resolved_early + self.resolved_on_time + self.resolved_late

    @property
    def pending_within(self) -> int:
        return self.pending_total - self.pending_overdue

    @property
    def on_time_rate(self) -> Decimal | None:
        """(early + on time) ÷ resolved, in per cent, 2 decimals (half up); None: none resolved."""
        return percent(self.resolved_early + self.resolved_on_time, self.resolved_total)

    def as_dict(self) -> dict:
        out = {name: getattr(self, name) for name in FIGURES}
        rate = out["on_time_rate"]
        out["on_time_rate"] = None if rate is None else str(rate)
        return out


@dataclass(frozen=True)
class Row:
    """One group of the report: its identity (``group``: the JSON keys naming it) and figures."""

    group: dict[str, str]
    name: str
    figures: Figures

    def as_dict(self) -> dict:
        return {**self.group, "name": self.name, **self.figures.as_dict()}


@dataclass(frozen=True)
class Bieu06:
    date_from: datetime.date
    date_to: datetime.date
    as_of: datetime.date  # the end of the period as counted: To, or today if To is later
    by: str
    rows: list[Row]
    total: Figures

    def as_dict(self) -> dict:
        return {
            "period": {"from": self.date_from.isoformat(), "to": self.date_to.isoformat()},
            "by": self.by,
            "rows": [row.as_dict() for row in self.rows],
            "total": self.total.as_dict(),
        }

    def group_keys(self) -> tuple[str, ...]:
        return GROUP_KEYS[self.by]

    def table(self, total_label: str) -> list[list]:
        """Rows for CSV: a header of the JSON keys, one row per group, the total last (its
        first cell ``total_label``)."""
        keys = [*self.group_keys(), "name"]
        out: list[list] = [[*keys, *FIGURES]]
        for row in self.rows:
            values = row.as_dict()
            out.append([values[k] for k in keys] + [values[f] for f in FIGURES])
        total = self.total.as_dict()
        out.append([total_label] + [""] * (len(keys) - 1) + [total[f] for f in FIGURES])
        return out


# The keys naming a row, by grouping (then "name").
GROUP_KEYS = {
    BY_AGENCY: ("agency_code", "level"),
    BY_LEVEL: ("level",),
    BY_FIELD: ("field_code",),
    BY_PROCEDURE: ("procedure_code",),
}


def period_end(date_to: datetime.date, today: datetime.date | None = None) -> datetime.date:
    """The last day counted: ``date_to``, or today when the period has not ended yet."""
    today = today or vn_date(timezone.now())
    return min(date_to, today)


def bieu06(
    *,
    date_from: datetime.date,
    date_to: datetime.date,
    agencies: set[int] | None = None,
    by: str = BY_AGENCY,
    today: datetime.date | None = None,
) -> Bieu06:
    """The report for [date_from, date_to] (``date_from`` ≤ today and ≤ ``date_to``)."""
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}")
    as_of = period_end(date_to, today)
    counts = bieu06_counts.from_tallies(date_from, as_of, agencies=agencies)
    rows = _group(counts, by)
    total = sum((row.figures for row in rows), Figures())
    return Bieu06(date_from, date_to, as_of, by, rows, total)


def _group(counts: dict[tuple[int, int], tuple[int, ...]], by: str) -> list[Row]:
    agency_ids = {a for a, _ in counts}
    procedure_ids = {p for _, p in counts}
    agencies = {
        a.pk: a
        for a in Agency.objects.filter(pk__in=sorted(agency_ids)).only("code", "name", "level")
    }
    procedures = {
        p.pk: p
        for p in Procedure.objects.filter(pk__in=sorted(procedure_ids)).only(
            "code", "name", "field"
        )
    }
    groups: dict[tuple, Figures] = {}
    for (agency_id, procedure_id), values in counts.items():
        agency, procedure = agencies[agency_id], procedures[procedure_id]
        key = {
            BY_AGENCY: (agency.code,),
            BY_LEVEL: (agency.level,),
            BY_FIELD: (procedure.field_id,),
            BY_PROCEDURE: (procedure.code,),
        }[by]
        groups[key] = groups.get(key, Figures()) + Figures.of(values)
    if by == BY_AGENCY:
        by_code = {a.code: a for a in agencies.values()}
        rows = [
            Row({"agency_code": code, "level": by_code[code].level}, by_code[code].name, figures)
            for (code,), figures in groups.items()
        ]
        order = {level: i for i, level in enumerate(LEVELS)}
        return sorted(rows, key=lambda r: (order[r.group["level"]], r.group["agency_code"]))
    if by == BY_LEVEL:
        labels = dict(Agency.Level.choices)
        return [
            Row({"level": level}, str(labels[level]), groups[(level,)])
            for level in LEVELS
            if (level,) in groups
        ]
    if by == BY_FIELD:
        fields = {f.pk: f for f in Field.objects.filter(pk__in=[k[0] for k in groups])}
        rows = [
            Row({"field_code": fields[pk].code}, fields[pk].name, figures)
            for (pk,), figures in groups.items()
        ]
        return sorted(rows, key=lambda r: r.group["field_code"])
    by_code = {p.code: p for p in procedures.values()}
    rows = [
        Row({"procedure_code": code}, by_code[code].name, figures)
        for (code,), figures in groups.items()
    ]
    return sorted(rows, key=lambda r: r.group["procedure_code"])


def level_labels() -> dict[str, str]:
    """The subtotal rows' names, as the form words them."""
    return {
        "ministry": _("Ministry level"),
        "province": _("Province level"),
        "district": _("District level"),
        "commune": _("Commune level"),
    }


def lines(report: Bieu06) -> Iterator[tuple[str, Row]]:
    """The table's lines: ("row", row) for each group; by agency, a ("subtotal", row) for each
    level before its agencies, as the form lays them out."""
    if report.by != BY_AGENCY:
        for row in report.rows:
            yield "row", row
        return
    labels = level_labels()
    for level in LEVELS:
        rows = [r for r in report.rows if r.group["level"] == level]
        if rows:
            subtotal = sum((r.figures for r in rows), Figures())
            yield "subtotal", Row({"level": level}, labels[level], subtotal)
            yield from (("row", r) for r in rows)
