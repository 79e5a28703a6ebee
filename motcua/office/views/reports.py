"""Reports for supervisors and administrators in the staff workspace (``/can-bo/bao-cao/``).

The handling report (Biểu 06) with its filters — period, agency, grouping — shown as the form's
table, and downloaded as Excel (laid out like the official form) or CSV. Who sees what is
``motcua.reports.access``: the agencies where the officer supervises or administers, and those
below them.
"""

from __future__ import annotations

import csv
import datetime
import io

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency, Role
from motcua.dossiers.selectors import below_ids
from motcua.dossiers.timeliness import vn_date
from motcua.reports import bieu06_xlsx
from motcua.reports.access import report_scope
from motcua.reports.bieu06 import BY_AGENCY, GROUPINGS, bieu06, lines

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _day(text: str | None, default: datetime.date) -> datetime.date | None:
    if not text:
        return default
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def _groupings() -> list[tuple[str, str]]:
    labels = {
        "agency": _("By agency"),
        "level": _("By level"),
        "field": _("By field"),
        "procedure": _("By procedure"),
    }
    return [(g, labels[g]) for g in GROUPINGS]


class ReportScope:
    """The agencies whose reports the officer sees, and the one chosen in ``?agency=CODE``."""

    def __init__(self, request, scope: set[int]) -> None:
        self.ids = scope
        self.agencies = list(Agency.objects.filter(pk__in=sorted(scope)).order_by("code"))
        self.code = request.GET.get("agency") or ""
        self.chosen = next((a for a in self.agencies if a.code == self.code), None)
        self.unknown = bool(self.code) and self.chosen is None

    def narrowed(self) -> set[int]:
        """The chosen agency and those below it, or every agency of the scope."""
        return below_ids([self.chosen.pk]) & self.ids if self.chosen else self.ids

    @classmethod
    def of(cls, request):
        """The scope, or the 403 page for an officer without a supervisor or administrator
        role."""
        scope = report_scope(request.user)
        if not scope:
            return render(
                request, "office/no_role.html", {"role": Role.SUPERVISOR.label}, status=403
            )
        return cls(request, scope)


@login_required
def handling(request):
    """Biểu 06: the filters, the table, and the downloads (``?format=xlsx`` or ``csv``)."""
    reach = ReportScope.of(request)
    if not isinstance(reach, ReportScope):
        return reach
    agencies, chosen = reach.agencies, reach.chosen
    today = vn_date(timezone.now())
    date_from = _day(request.GET.get("from"), today.replace(day=1))
    date_to = _day(request.GET.get("to"), today)
    by = request.GET.get("by") or BY_AGENCY
    errors = []
    if date_from is None:
        errors.append(_("“From” is not a date."))
    if date_to is None:
        errors.append(_("“To” is not a date."))
    if date_from and date_to and date_from > date_to:
        errors.append(_("The period ends before it starts."))
    if date_from and date_from > today:
        errors.append(_("The period has not started yet."))
    if by not in GROUPINGS:
        errors.append(_("Choose how to group the rows."))
    if reach.unknown:
        errors.append(_("Choose one of your agencies."))
    context = {
        "agencies": agencies,
        "chosen": chosen,
        "date_from": date_from or today.replace(day=1),
        "date_to": date_to or today,
        "by": by,
        "groupings": _groupings(),
        "errors": errors,
    }
    if errors:
        return render(request, "office/bieu06.html", context, status=400)
    report = bieu06(
        date_from=date_from, date_to=date_to, agencies=reach.narrowed(), by=by, today=today
    )
    name = f"bieu06-{chosen.code if chosen else 'tat-ca'}-{date_from}-{date_to}"
    fmt = request.GET.get("format", "")
    if fmt == "xlsx":
        unit = chosen.name if chosen else _("All agencies under my supervision")
        response = HttpResponse(bieu06_xlsx.workbook(report, unit=unit), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerows(report.table(_("Total")))
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    context.update(report=report, lines=list(lines(report)), query=request.GET.urlencode())
    return render(request, "office/bieu06.html", context)
