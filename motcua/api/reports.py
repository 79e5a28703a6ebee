"""``/api/v1/reports``: reports for supervisors and administrators.

``GET /reports/delays?from=YYYY-MM-DD&to=YYYY-MM-DD&by=agency|officer&agency=CODE`` — the
agencies or officers causing delays (``motcua.reports.delays``; docs/reports.md).

``GET /reports/overdue?from=…&to=…&list=late|pending&agency=CODE&after=CURSOR&limit=N`` — the
overdue lists (Phụ lục I: resolved late; Phụ lục II: pending overdue, with who holds each dossier;
``motcua.reports.overdue``), a page at a time in the lists' order, the ``next`` cursor naming the
last row shown (keyset pages, as ``/dossiers`` does).

Only an officer who holds an active supervisor or administrator role may read reports (403
``forbidden`` otherwise); a report covers the agencies where they hold it and every agency below
them (``motcua.reports.access``). ``agency`` narrows it to that agency and those below it; an
agency the caller does not cover answers 404 ``not_found``, like one that does not exist.
"""

from __future__ import annotations

import datetime
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from motcua.agencies.models import Agency
from motcua.dossiers.selectors import below_ids
from motcua.reports import overdue
from motcua.reports.access import report_scope
from motcua.reports.delays import delay_report

from .errors import ErrorOut, InvalidInput, error_body
from .schemas import AgencyOut

router = Router(tags=["reports"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class DelayFilters(Schema):
    date_from: datetime.date = Field(
        alias="from", description="First day of the period (YYYY-MM-DD), Vietnam time."
    )
    date_to: datetime.date = Field(
        alias="to", description="Last day of the period (YYYY-MM-DD), included."
    )
    by: Literal["agency", "officer"] = Field("agency", description="Group by agency or officer.")
    agency: str | None = Field(
        None, max_length=64, description="Only this agency (code) and those below it."
    )


class PeriodOut(Schema):
    date_from: datetime.date = Field(alias="from")
    date_to: datetime.date = Field(alias="to")


class ReportOfficerOut(Schema):
    username: str
    name: str


class DelayFiguresOut(Schema):
    late_rows: int = Field(description="Control-slip rows closed late in the period.")
    late_dossiers: int = Field(description="Distinct dossiers among the late rows.")
    overrun_seconds: int = Field(description="Working time the late rows ran over.")
    overrun_hours: str = Field(description="The same in working hours, 2 decimals.")
    open_overdue_rows: int = Field(
        description="Rows still open at the end of the period, due on an earlier day "
        "(paused dossiers excepted)."
    )


class DelayLineOut(DelayFiguresOut):
    agency: AgencyOut
    officer: ReportOfficerOut | None = Field(
        None,
        description="By officer only: the rows' receiver; null for rows received by nobody "
        "in particular.",
    )


class DelayReportOut(Schema):
    period: PeriodOut
    by: str
    rows: list[DelayLineOut]
    total: DelayFiguresOut = Field(description="Over all lines; dossiers counted once.")


def _scope(request, date_from, date_to, agency_code: str | None):
    """``(scope, None)`` — the agency ids the report covers — or ``(None, error response)``:
    403 without a supervisor or administrator role, 422 for a period ending before it starts,
    404 for an agency the caller does not cover."""
    scope = report_scope(request.auth)
    if not scope:
        return None, Status(
            403,
            error_body("forbidden", _("Only supervisors and administrators may see reports.")),
        )
    if date_from > date_to:
        raise InvalidInput(_("The period ends before it starts."), "to")
    if agency_code is not None:
        agency = Agency.objects.filter(code=agency_code).first()
        if agency is None or agency.pk not in scope:
            return None, Status(404, error_body("not_found", _("No such agency."), "agency"))
        scope = below_ids([agency.pk]) & scope
    return scope, None


@router.get(
    "/delays",
    response={200: DelayReportOut, **ERRORS},
    summary="Agencies and officers causing delays",
    by_alias=True,
    exclude_unset=True,
)
def delays(request, filters: Query[DelayFilters]):
    """Late control-slip rows closed in the period and overdue open rows at its end, by agency
    or by officer, largest overrun first (docs/reports.md)."""
    scope, error = _scope(request, filters.date_from, filters.date_to, filters.agency)
    if error is not None:
        return error
    report = delay_report(
        date_from=filters.date_from, date_to=filters.date_to, agencies=scope, by=filters.by
    )
    return report.as_dict()


# --- Overdue lists --------------------------------------------------------------------------


class OverdueFilters(Schema):
    date_from: datetime.date = Field(
        alias="from", description="First day of the period (YYYY-MM-DD), Vietnam time."
    )
    date_to: datetime.date = Field(
        alias="to", description="Last day of the period (YYYY-MM-DD), included."
    )
    list_name: Literal["late", "pending"] = Field(
        "late",
        alias="list",
        description="late: resolved late in the period (Phụ lục I); pending: pending and "
        "overdue at the end of the period, or today if earlier (Phụ lục II).",
    )
    agency: str | None = Field(
        None,
        max_length=64,
        description="Only dossiers decided by this agency (code) and those below it.",
    )
    after: str | None = Field(None, description="The `next` cursor of the previous page.")
    limit: int = Field(100, ge=1, le=1000)


class ProcedureRefOut(Schema):
    code: str
    name: str


class HolderOut(Schema):
    agency: AgencyOut
    officer: ReportOfficerOut | None = Field(
        description="The row's receiver; null for a row nobody was named to receive."
    )


class OverdueRowOut(Schema):
    code: str
    procedure: ProcedureRefOut
    received_at: datetime.datetime
    due_at: datetime.datetime
    agency: AgencyOut = Field(description="The competent agency (handling unit).")


class LateRowOut(OverdueRowOut):
    finished_at: datetime.datetime
    days_late: int = Field(description="Calendar days from the due day to the finishing day.")


class PendingRowOut(OverdueRowOut):
    holders: list[HolderOut] = Field(
        description="Who holds the dossier: the control-slip rows open at the end of as_of."
    )
    days_overdue: int = Field(description="Calendar days from the due day to as_of.")


class OverduePageOut(Schema):
    period: PeriodOut
    as_of: datetime.date = Field(description="The end of the period for what is pending.")
    list_name: str = Field(alias="list")
    rows: list[LateRowOut] | list[PendingRowOut]
    next: str | None = Field(description="Cursor for the next page (pass as `after`), or null.")


@router.get(
    "/overdue",
    response={200: OverduePageOut, **ERRORS},
    summary="Dossiers resolved late or pending overdue (Phụ lục I, II)",
    by_alias=True,
    exclude_unset=True,
)
def overdue_lists(request, filters: Query[OverdueFilters]):
    """One page of an overdue list, most days late (overdue) first, then by code
    (docs/reports.md)."""
    scope, error = _scope(request, filters.date_from, filters.date_to, filters.agency)
    if error is not None:
        return error
    after = None
    if filters.after:
        try:
            after = overdue.decode_cursor(filters.after, filters.list_name)
        except overdue.BadCursor:
            raise InvalidInput(_("This cursor is not valid."), "after") from None
    period = overdue.Period.of(filters.date_from, filters.date_to)
    read = overdue.resolved_late if filters.list_name == overdue.LATE else overdue.pending_overdue
    rows = list(read(period, agencies=scope, after=after, limit=filters.limit + 1))
    following = (
        overdue.encode_cursor(rows[filters.limit - 1]) if len(rows) > filters.limit else None
    )
    return {
        "period": period.as_dict(),
        "as_of": period.as_of,
        "list": filters.list_name,
        "rows": [row.as_dict() for row in rows[: filters.limit]],
        "next": following,
    }
