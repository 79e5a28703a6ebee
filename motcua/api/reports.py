"""``/api/v1/reports``: reports for supervisors and administrators.

``GET /reports/delays?from=YYYY-MM-DD&to=YYYY-MM-DD&by=agency|officer&agency=CODE`` — the
agencies or officers causing delays (``motcua.reports.delays``; docs/reports.md).

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
    scope = report_scope(request.auth)
    if not scope:
        return Status(
            403,
            error_body("forbidden", _("Only supervisors and administrators may see reports.")),
        )
    if filters.date_from > filters.date_to:
        raise InvalidInput(_("The period ends before it starts."), "to")
    if filters.agency is not None:
        agency = Agency.objects.filter(code=filters.agency).first()
        if agency is None or agency.pk not in scope:
            return Status(404, error_body("not_found", _("No such agency."), "agency"))
        scope = below_ids([agency.pk]) & scope
    report = delay_report(
        date_from=filters.date_from, date_to=filters.date_to, agencies=scope, by=filters.by
    )
    return report.as_dict()
