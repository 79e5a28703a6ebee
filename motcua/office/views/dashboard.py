"""The supervisors' dashboard in the staff workspace (``/can-bo/bao-cao/``).

For a month (``?month=YYYY-MM``, default the current one) and an agency (``?agency=CODE``: one of
the officer's agencies and those below it; default all of them): the on-time rate and the online
share of the last 12 months, both by level of the competent agency, the agencies with the most
dossiers resolved late (``motcua.reports.dashboard``) and the points of the Decision 766
indicator groups (``motcua.reports.index766``). Each chart is server-side SVG
(``motcua.reports.svg``) followed by a table of the same figures. Who may see it is the rule of
the handling report (``motcua.reports.access``): supervisors and administrators.
"""

from __future__ import annotations

import datetime
import re

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from motcua.dossiers.timeliness import vn_date
from motcua.reports import svg
from motcua.reports.dashboard import Dashboard
from motcua.reports.dashboard import dashboard as figures
from motcua.reports.index766 import index as index766

from .reports import ReportScope

FIRST_MONTH = datetime.date(2000, 1, 1)
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


def _month(text: str) -> datetime.date | None:
    found = _MONTH.fullmatch(text)
    if not found or not 1 <= int(found[2]) <= 12:
        return None
    return datetime.date(int(found[1]), int(found[2]), 1)


@login_required
def dashboard(request):
    """The filters, then the charts and their tables (400 with the filters for bad ones)."""
    reach = ReportScope.of(request)
    if not isinstance(reach, ReportScope):
        return reach
    agencies, chosen, code = reach.agencies, reach.chosen, reach.code
    today = vn_date(timezone.now())
    this_month = today.replace(day=1)
    text = (request.GET.get("month") or "").strip()
    month = _month(text) if text else this_month
    errors = []
    if month is None:
        errors.append(_("“Month” is not a month: write it as YYYY-MM, e.g. 2026-06."))
    elif not FIRST_MONTH <= month <= this_month:
        errors.append(
            _("Choose a month from %(first)s to %(last)s.")
            % {"first": f"{FIRST_MONTH:%m/%Y}", "last": f"{this_month:%m/%Y}"}
        )
    if reach.unknown:
        errors.append(_("Choose one of your agencies."))
    context = {
        "agencies": agencies,
        "chosen": chosen,
        "month_value": text if text and errors else f"{month or this_month:%Y-%m}",
        "errors": errors,
        "no_data_cell": format_html(
            '<span aria-hidden="true">–</span><span class="visually-hidden">{}</span>',
            _("no data"),
        ),
    }
    if errors:
        return render(request, "office/dashboard.html", context, status=400)
    narrowed = reach.narrowed()
    d = figures(month=month, agencies=narrowed)
    period_end = min(d.date_to, today)  # nothing after today is known yet
    context.update(
        d=d,
        month_label=f"{month:%m/%Y}",
        charts=_charts(d),
        bieu06_query=urlencode(
            {"from": d.date_from.isoformat(), "to": period_end.isoformat(), "agency": code}
        ),
    )
    result = index766(date_from=d.date_from, date_to=period_end, agencies=narrowed)
    context.update(index766=result, chart766=_chart766(result, d), band766=_band(result))
    return render(request, "office/dashboard.html", context)


def _charts(d: Dashboard) -> dict:
    no_data = _("no data")
    first, last = d.months[0].label, d.months[-1].label
    see_table = _("The table below gives the figures.")
    return {
        "on_time": svg.month_chart(
            [(m.label, m.counts.on_time_rate) for m in d.months],
            ident="chart-on-time",
            title=_("On-time rate by month"),
            desc=_(
                "Share of the dossiers resolved early or on time, month by month, from %(first)s "
                "to %(last)s, in per cent. %(table)s"
            )
            % {"first": first, "last": last, "table": see_table},
            no_data=no_data,
        ),
        "online": svg.month_chart(
            [(m.label, m.counts.online_share) for m in d.months],
            ident="chart-online",
            title=_("Online share by month"),
            desc=_(
                "Share of the dossiers received online, month by month, from %(first)s to "
                "%(last)s, in per cent. %(table)s"
            )
            % {"first": first, "last": last, "table": see_table},
            no_data=no_data,
        ),
        "level_on_time": svg.bar_chart(
            [svg.Bar(row.name, row.counts.on_time_rate, 100) for row in d.levels],
            ident="chart-level-on-time",
            title=_("On-time rate by level"),
            desc=_("On-time rate of each level of agency in %(month)s, in per cent. %(table)s")
            % {"month": d.months[-1].label, "table": see_table},
            no_data=no_data,
            unit="%",
            out_of="{value}",
        ),
        "level_online": svg.bar_chart(
            [svg.Bar(row.name, row.counts.online_share, 100) for row in d.levels],
            ident="chart-level-online",
            title=_("Online share by level"),
            desc=_("Online share of each level of agency in %(month)s, in per cent. %(table)s")
            % {"month": d.months[-1].label, "table": see_table},
            no_data=no_data,
            unit="%",
            out_of="{value}",
        ),
        "late": svg.bar_chart(
            [svg.Bar(row.name, row.late) for row in d.late],
            ident="chart-late",
            title=_("Agencies with the most dossiers resolved late"),
            desc=_(
                "Number of dossiers resolved late in %(month)s by the %(count)s agencies with "
                "the most. %(table)s"
            )
            % {"month": d.months[-1].label, "count": len(d.late), "table": see_table},
            no_data=no_data,
        ),
    }


def _band(result) -> str | None:
    """The rank band of the normalised score, worded (settings.MOTCUA_766_BANDS names them)."""
    band = getattr(result, "band", None)
    words = {
        "excellent": _("excellent"),
        "good": _("good"),
        "fair": _("fair"),
        "average": _("average"),
        "weak": _("weak"),
    }
    return None if band is None else words.get(band, band)


def _chart766(result, d: Dashboard):
    return svg.bar_chart(
        [svg.Bar(str(group.name), group.points, group.max_points) for group in result.groups],
        ident="chart-766",
        title=_("Decision 766 indicator groups"),
        desc=_(
            "Points of each indicator group of Decision 766/QĐ-TTg in %(month)s, out of its "
            "maximum. %(table)s"
        )
        % {"month": d.months[-1].label, "table": _("The table below gives the figures.")},
        no_data=_("no data"),
    )
