"""``/api/v1/reports``: the handling report (Biểu 06) and the Decision 766 index.

``GET /reports/bieu06?from=YYYY-MM-DD&to=YYYY-MM-DD&by=agency|level|field|procedure&agency=CODE``
— the command's JSON (``motcua report bieu06``; docs/reports.md).

``GET /reports/index766?period=2025|2025-Q3|2025-07&agency=CODE`` — the index of the agencies in
scope (``motcua report index766``).

The same access rules and errors as ``/reports/delays`` (``reports.py``): 403 without a
supervisor or administrator role, 404 for an agency outside the caller's, 422 for bad input.
"""

from __future__ import annotations

import datetime
from typing import Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from motcua.dossiers.timeliness import vn_date
from motcua.reports.bieu06 import bieu06
from motcua.reports.index766 import index, period_of

from .errors import InvalidInput
from .reports import ERRORS, _scope

router = Router(tags=["reports"])


class Bieu06Filters(Schema):
    date_from: datetime.date = Field(alias="from", description="First day (YYYY-MM-DD).")
    date_to: datetime.date = Field(alias="to", description="Last day (YYYY-MM-DD), included.")
    by: Literal["agency", "level", "field", "procedure"] = Field(
        "agency", description="One row per competent agency, level, field or procedure."
    )
    agency: str | None = Field(
        None, max_length=64, description="Only this agency (code) and those below it."
    )


class Index766Filters(Schema):
    period: str = Field(max_length=7, description="A year (2025), quarter (2025-Q3) or month.")
    agency: str | None = Field(
        None, max_length=64, description="Only this agency (code) and those below it."
    )


@router.get("/bieu06", response={200: dict, **ERRORS}, summary="Handling report (Biểu 06)")
def handling_report(request, filters: Query[Bieu06Filters]):
    """Received, resolved and pending dossiers of the period by the buckets of Biểu 06, one row
    per group and the total; every row carries the twelve figures (docs/reports.md)."""
    scope, error = _scope(request, filters.date_from, filters.date_to, filters.agency)
    if error is not None:
        return error
    today = vn_date(timezone.now())
    if filters.date_from > today:
        raise InvalidInput(_("The period has not started yet."), "from")
    report = bieu06(
        date_from=filters.date_from,
        date_to=filters.date_to,
        agencies=scope,
        by=filters.by,
        today=today,
    )
    return report.as_dict()


@router.get("/index766", response={200: dict, **ERRORS}, summary="Decision 766 index")
def index_766(request, filters: Query[Index766Filters]):
    """Points per group and indicator, "no data" where the product holds none (docs/reports.md)."""
    try:
        date_from, date_to = period_of(filters.period)
    except ValueError:
        raise InvalidInput(
            _("Give a year (2025), a quarter (2025-Q3) or a month (2025-07)."), "period"
        ) from None
    scope, error = _scope(request, date_from, date_to, filters.agency)
    if error is not None:
        return error
    return index(date_from=date_from, date_to=date_to, agencies=scope).as_dict()
