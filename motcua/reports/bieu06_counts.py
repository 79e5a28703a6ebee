"""The counts behind the handling report (Biểu 06), two ways that must agree number for number.

For a period [From, To] of Vietnam calendar days, both functions return, per competent agency
and procedure, the eight additive counts ``COUNTS`` of the dossiers the report counts (received,
and neither "not yet received" (status 1) nor refused at reception (status 3)):

* ``received_online`` / ``received_direct_postal``: received during the period, by channel
  (online; at the counter or by post);
* ``carried_over``: received before From and still pending at the end of the day before From;
* ``resolved_early`` / ``resolved_on_time`` / ``resolved_late``: resolved during the period —
  result ready or returned (statuses 9 and 10) on a day before, on or after their due day (on
  time when there is no due day), or withdrawn after reception (status 7: on time);
* ``pending``: received by To and not resolved by To;
* ``overdue``: among them, those whose due day is before To and that are not paused at the end
  of To (a supplement, financial-obligation or stop interval asked on or before To and not
  resumed by then). Paused dossiers count as within time.

``from_tallies`` sums the daily tallies (``motcua/dossiers/tallies.py``): its cost grows with
agencies × procedures × days. ``from_dossiers`` is the plain aggregate query over the dossiers
and their pauses, the reference the tallies are tested and measured against.

To must not be after ``today`` (the caller clamps it: nothing after today is known).
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import TruncDate

from motcua.core.dates import vn_midnight
from motcua.dossiers import tallies
from motcua.dossiers.models import DailyTally, Dossier, MonthlyTally, PauseInterval

COUNTS = (
    "received_online",
    "received_direct_postal",
    "carried_over",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "pending",
    "overdue",
)
Key = tuple[int, int]  # competent agency id, procedure id
# The databases' date functions need a zone name (VN_TZ is a fixed offset without one).
_VN_ZONE = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def from_tallies(
    date_from: datetime.date, date_to: datetime.date, *, agencies: set[int] | None = None
) -> dict[Key, tuple[int, ...]]:
    """The counts from the tallies: what happened up to the day before From, and up to To —
    each the monthly tallies of the whole months, plus the daily tallies of the month not yet
    whole — in one statement; the period is the difference."""
    parts, params = [], []
    for tag, last in ((0, date_from - datetime.timedelta(days=1)), (1, date_to)):
        for sql, values in _prefix(last, agencies):
            parts.append(f"SELECT {tag} AS tag, {sql}")
            params += values
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        found = cursor.fetchall()
    sums: dict[Key, list[list[int]]] = {}
    for tag, agency_id, procedure_id, *values in found:
        pair = sums.setdefault((agency_id, procedure_id), [[0] * 6, [0] * 6])
        for i, value in enumerate(values):
            pair[tag][i] += int(value or 0)
    out = {}
    for key, (before, until) in sums.items():
        online, direct_postal, early, on_time, late = (until[i] - before[i] for i in range(5))
        counts = (
            online,
            direct_postal,
            _pending(before),
            early,
            on_time,
            late,
            _pending(until),
            until[5],
        )
        if any(counts):
            out[key] = counts
    return out


def _pending(sums: list[int]) -> int:
    """Received − resolved: the dossiers pending after the days summed."""
    return sums[0] + sums[1] - sums[2] - sums[3] - sums[4]


def _prefix(last: datetime.date, agencies: set[int] | None) -> list[tuple[str, list]]:
    """The selects summing every tally up to ``last`` (included), per agency and procedure:
    whole months from the monthly tallies, the rest of ``last``'s month from the daily ones."""
    q = connection.ops.quote_name
    day = connection.ops.adapt_datefield_value
    sums = ", ".join(f"SUM({c})" for c in tallies.COLUMNS)
    scope, scope_params = "", []
    if agencies is not None:
        scope = (
            f" AND agency_id IN ({', '.join(['%s'] * len(agencies))})" if agencies else " AND 1 = 0"
        )
        scope_params = sorted(agencies)
    following = last + datetime.timedelta(days=1)
    whole_month = following.day == 1  # ``last`` ends its month
    first_open = following if whole_month else last.replace(day=1)  # first day not in a month row
    group = " GROUP BY agency_id, procedure_id"
    out = [
        (
            f"agency_id, procedure_id, {sums} FROM {q(MonthlyTally._meta.db_table)} "
            f"WHERE {q('month')} < %s{scope}{group}",
            [day(first_open), *scope_params],
        )
    ]
    if not whole_month:
        out.append(
            (
                f"agency_id, procedure_id, {sums} FROM {q(DailyTally._meta.db_table)} "
                f"WHERE {q('day')} >= %s AND {q('day')} <= %s{scope}{group}",
                [day(first_open), day(last), *scope_params],
            )
        )
    return out


def from_dossiers(
    date_from: datetime.date, date_to: datetime.date, *, agencies: set[int] | None = None
) -> dict[Key, tuple[int, ...]]:
    """The counts straight from the dossiers: one aggregate query (the reference)."""
    start = vn_midnight(date_from)
    end = vn_midnight(date_to + datetime.timedelta(days=1))  # first instant after the period
    last = vn_midnight(date_to)  # a due day before To means due before this
    dossiers = Dossier.objects.filter(received_at__lt=end).exclude(national_status__in=(1, 3))
    if agencies is not None:
        dossiers = dossiers.filter(competent_agency_id__in=sorted(agencies))
    resolved = Q(national_status__in=(7, 9, 10), finished_at__isnull=False)
    resolved_before = resolved & Q(finished_at__lt=start)
    in_period = resolved & Q(finished_at__gte=start, finished_at__lt=end)
    result = Q(national_status__in=(9, 10), due_at__isnull=False)
    pending = ~(resolved & Q(finished_at__lt=end))
    paused = PauseInterval.objects.filter(dossier_id=OuterRef("pk"), requested_at__lt=end).filter(
        Q(resumed_at__isnull=True) | Q(resumed_at__gte=end)
    )
    late_by_day = Q(finished_day__gt=F("due_day"))
    early_by_day = Q(finished_day__lt=F("due_day"))
    rows = (
        dossiers.annotate(
            finished_day=TruncDate("finished_at", tzinfo=_VN_ZONE),
            due_day=TruncDate("due_at", tzinfo=_VN_ZONE),
        )
        .values("competent_agency_id", "procedure_version__procedure_id")
        .annotate(
            received_online=Count("pk", filter=Q(received_at__gte=start, channel="online")),
            received_direct_postal=Count(
                "pk", filter=Q(received_at__gte=start) & ~Q(channel="online")
            ),
            carried_over=Count("pk", filter=Q(received_at__lt=start) & ~resolved_before),
            resolved_early=Count("pk", filter=in_period & result & early_by_day),
            resolved_on_time=Count(
                "pk", filter=in_period & ~(result & (early_by_day | late_by_day))
            ),
            resolved_late=Count("pk", filter=in_period & result & late_by_day),
            pending=Count("pk", filter=pending),
            overdue=Count("pk", filter=pending & Q(due_at__lt=last) & ~Exists(paused)),
        )
        .order_by()
    )
    return {
        (r["competent_agency_id"], r["procedure_version__procedure_id"]): tuple(
            r[name] for name in COUNTS
        )
        for r in rows
        if any(r[name] for name in COUNTS)
    }
