"""The agencies and officers causing delays (cơ quan, cá nhân gây chậm muộn; domain.md §9.3).

The report is read from the control slip (``DossierStep``), row by row, not from the dossiers:
in an interconnected process several agencies hold rows of the same dossier, possibly side by
side, and a dossier late overall may be late because of one agency while another finished
early. The report shows the agency (or officer) whose rows ran over, not the dossier's lateness.

For a period ``[date_from, date_to]`` of Vietnam calendar days, looked at on the instant ``at``
(default: now):

* a **late row** is a control-slip row closed within the period (the Vietnam date of its
  ``finished_at`` is between ``date_from`` and ``date_to``, both included) whose timeliness is
  *late* (closed on a day after its due day, ``dossiers/timeliness.py``). Its **overrun** is its
  ``overrun_seconds``: the working time between its due instant and its closing;
* an **overdue open row** is a row still open at the end of the period — started before it and
  not closed by then (closed later, or not at all) — whose due instant's Vietnam date is before
  ``date_to``, unless its dossier was paused then (an open supplement, financial-obligation or
  stop interval: today, the dossier is in state supplement, payment or stopped). They are
  counted separately from late rows: they have not finished running over yet.

When the period ends after ``at`` (the current month, say), "the end of the period" is ``at``:
an open row is overdue when its due day is before ``at``'s day, and nothing that happened after
``at`` is counted. The report is what could be seen at that instant.

Rows are grouped by **agency** (the row's agency: code, name) or by **officer** (the row's
receiver, ``holder``, with the agency: an officer who held rows at two agencies has a line for
each; a row still open that nobody was named to receive, such as the counter's "return the
result" row before the result is returned, is on a line without an officer — once closed, it
is held by the officer who closed it). Each line gives:

* ``late_rows`` — the number of late rows;
* ``late_dossiers`` — the number of distinct dossiers among them (a dossier with two late rows
  at the same agency counts once);
* ``overrun_seconds`` — the sum of the late rows' overrun, and ``overrun_hours`` the same in
  working hours (2 decimals);
* ``open_overdue_rows`` — the number of overdue open rows.

Lines are ordered by overrun (largest first), then agency code (by officer: username, then
agency code). The **total** counts distinct dossiers over all lines: a dossier late at two
agencies counts once. ``agencies`` (a set of agency ids: the caller's scope) limits the report
to the rows of those agencies.

Everything is computed by the database in two aggregate queries (the lines, the total), on
SQLite and PostgreSQL alike: days are turned into instants (Vietnam midnight) once, so the
filters are plain comparisons of instants. The late-row filter is the condition of the partial
index on ``finished_at`` of late rows; a scope filters on ``agency``, which leads the
(agency, finished_at) index that also holds the open rows (``finished_at`` null).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from motcua.core.dates import vn_midnight
from motcua.dossiers.models import DossierStep, PauseInterval, Timeliness
from motcua.dossiers.timeliness import vn_date

BY_AGENCY = "agency"
BY_OFFICER = "officer"
GROUPINGS = (BY_AGENCY, BY_OFFICER)

# The figures of a line and of the total, in this order (CSV columns, JSON keys).
FIGURES = ("late_rows", "late_dossiers", "overrun_seconds", "overrun_hours", "open_overdue_rows")

_HUNDREDTH = Decimal("0.01")


def working_hours(seconds: int) -> Decimal:
    """Seconds of working time as hours, rounded to 2 decimals (half up)."""
    return (Decimal(seconds) / 3600).quantize(_HUNDREDTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Figures:
    late_rows: int
    late_dossiers: int
    overrun_seconds: int
    open_overdue_rows: int

    @property
    def overrun_hours(self) -> Decimal:
        return working_hours(self.overrun_seconds)

    def figures(self) -> dict:
        """The figures, JSON-ready (hours as a string with 2 decimals: "12.50")."""
        return {
            "late_rows": self.late_rows,
            "late_dossiers": self.late_dossiers,
            "overrun_seconds": self.overrun_seconds,
            "overrun_hours": str(self.overrun_hours),
            "open_overdue_rows": self.open_overdue_rows,
        }


@dataclass(frozen=True)
class DelayLine(Figures):
    """One agency, or one officer at one agency."""

    agency_code: str
    agency_name: str
    # By officer only; ``None`` on the line of rows received by nobody in particular.
    officer_username: str | None = None
    officer_name: str | None = None

    def as_dict(self, by: str) -> dict:
        line: dict = {"agency": {"code": self.agency_code, "name": self.agency_name}}
        if by == BY_OFFICER:
            line["officer"] = (
                {"username": self.officer_username, "name": self.officer_name}
                if self.officer_username is not None
                else None
            )
        line.update(self.figures())
        return line


@dataclass(frozen=True)
class DelayReport:
    date_from: datetime.date
    date_to: datetime.date
    by: str
    at: datetime.datetime
    rows: tuple[DelayLine, ...]
    total: Figures

    def as_dict(self) -> dict:
        """``{"period": {"from", "to"}, "by", "rows": [...], "total": {...}}``, JSON-ready."""
        return {
            "period": {"from": self.date_from.isoformat(), "to": self.date_to.isoformat()},
            "by": self.by,
            "rows": [line.as_dict(self.by) for line in self.rows],
            "total": self.total.figures(),
        }

    def table(self, total_label: str = "total") -> list[list]:
        """The report as a table (CSV): a header row, one row per line, the total last (its
        first column says ``total_label``, the other names are empty)."""
        names = ["agency_code", "agency_name"]
        if self.by == BY_OFFICER:
            names = ["officer_username", "officer_name", *names]
        table: list[list] = [[*names, *FIGURES]]
        for line in self.rows:
            values = [line.agency_code, line.agency_name]
            if self.by == BY_OFFICER:
                values = [line.officer_username or "", line.officer_name or "", *values]
            table.append([*values, *_figure_values(line)])
        blank = [""] * (len(names) - 1)
        table.append([total_label, *blank, *_figure_values(self.total)])
        return table


def _figure_values(figures: Figures) -> list:
    return [
        figures.late_rows,
        figures.late_dossiers,
        figures.overrun_seconds,
        str(figures.overrun_hours),
        figures.open_overdue_rows,
    ]


def delay_report(
    *,
    date_from: datetime.date,
    date_to: datetime.date,
    agencies: set[int] | None = None,
    by: str = BY_AGENCY,
    at: datetime.datetime | None = None,
) -> DelayReport:
    """The agencies (``by="agency"``) or officers (``by="officer"``) causing delays in the
    period; see the module docstring for the definitions. ``agencies``: only rows of these
    agencies (ids); ``None``: all. ``at``: the instant the report is looked at (aware)."""
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {GROUPINGS}, not {by!r}")
    if date_from > date_to:
        raise ValueError("date_from is after date_to")
    at = at or timezone.now()
    if timezone.is_naive(at):
        raise ValueError("at must carry a time zone")

    start = vn_midnight(date_from)
    end = min(vn_midnight(date_to + datetime.timedelta(days=1)), at)  # exclusive
    overdue_before = vn_midnight(min(date_to, vn_date(at)))  # due on an earlier day: overdue

    late = Q(timeliness=Timeliness.LATE, finished_at__gte=start, finished_at__lt=end)
    paused_then = PauseInterval.objects.filter(
        dossier_id=OuterRef("dossier_id"), requested_at__lt=end
    ).filter(Q(resumed_at__isnull=True) | Q(resumed_at__gte=end))
    open_overdue = (
        Q(started_at__lt=end, due_at__lt=overdue_before)
        & (Q(finished_at__isnull=True) | Q(finished_at__gte=end))
        & ~Exists(paused_then)
    )

    steps: QuerySet[DossierStep] = DossierStep.objects.filter(late | open_overdue)
    if agencies is not None:
        steps = steps.filter(agency_id__in=sorted(agencies))

    figures = {
        "late_rows": Count("pk", filter=late),
        "late_dossiers": Count("dossier_id", distinct=True, filter=late),
        "overrun": Coalesce(Sum("overrun_seconds", filter=late), 0),
        "open_overdue_rows": Count("pk", filter=open_overdue),
    }
    if by == BY_AGENCY:
        keys = ["agency_id", "agency__code", "agency__name"]
        order = [F("overrun").desc(), F("agency__code").asc()]
    else:
        keys = [
            "holder_id",
            "holder__username",
            "holder__first_name",
            "holder__last_name",
            "agency_id",
            "agency__code",
            "agency__name",
        ]
        order = [
            F("overrun").desc(),
            F("holder__username").asc(nulls_last=True),
            F("agency__code").asc(),
        ]
    lines = steps.values(*keys).annotate(**figures).order_by(*order)
    total = steps.aggregate(**figures)
    return DelayReport(
        date_from=date_from,
        date_to=date_to,
        by=by,
        at=at,
        rows=tuple(_line(values, by) for values in lines),
        total=Figures(
            late_rows=total["late_rows"],
            late_dossiers=total["late_dossiers"],
            overrun_seconds=total["overrun"],
            open_overdue_rows=total["open_overdue_rows"],
        ),
    )


def _line(values: dict, by: str) -> DelayLine:
    """A line from the aggregate query's values (one per group, not per control-slip row)."""
    officer = {}
    if by == BY_OFFICER and values["holder_id"] is not None:
        # In Vietnamese order, as ``core.people.full_name`` writes it everywhere.
        full = f"{values['holder__last_name']} {values['holder__first_name']}".strip()
        officer = {"officer_username": values["holder__username"], "officer_name": full}
    return DelayLine(
        agency_code=values["agency__code"],
        agency_name=values["agency__name"],
        late_rows=values["late_rows"],
        late_dossiers=values["late_dossiers"],
        overrun_seconds=values["overrun"],
        open_overdue_rows=values["open_overdue_rows"],
        **officer,
    )
