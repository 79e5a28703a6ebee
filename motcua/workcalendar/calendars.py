"""The working calendar of a province, built from the national calendar and stored overrides.

``calendar_for(province)`` returns a :class:`~motcua.workcalendar.clock.WorkCalendar` with the
configured working periods, national overrides and the province's own overrides. Calendars are
cached per process and rebuilt when the overrides change (one indexed query per call checks it).
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.db.models import Count, Max

from motcua.agencies.models import Agency

from .clock import WorkCalendar, WorkingPeriods
from .models import CalendarOverride

_lock = threading.Lock()
_cache: dict[object, tuple[object, WorkCalendar]] = {}


def working_periods() -> WorkingPeriods:
    """The working periods of a day configured for this installation."""
    return WorkingPeriods.parse(settings.MOTCUA_WORKING_PERIODS)


def hours_per_day() -> int | float:
    seconds = working_periods().seconds_per_day
    return seconds // 3600 if seconds % 3600 == 0 else seconds / 3600


def _province_of(agency: Agency | None) -> Agency | None:
    """The province an agency belongs to: its topmost province-level ancestor (departments and
    divisions are province-level agencies too, so the nearest one is not enough)."""
    province = None
    node = agency
    while node is not None:
        if node.level == Agency.Level.PROVINCE:
            province = node
        node = node.parent
    return province


def calendar_for(agency: Agency | None = None) -> WorkCalendar:
    """The calendar that applies to ``agency`` (its province's overrides), or the national one."""
    province = _province_of(agency)
    overrides = CalendarOverride.objects.filter(province__isnull=True)
    if province is not None:
        overrides = CalendarOverride.objects.filter(province__isnull=True) | (
            CalendarOverride.objects.filter(province=province)
        )
    stamp = (
        overrides.aggregate(n=Count("id"), last=Max("updated_at")),
        settings.MOTCUA_WORKING_PERIODS,
    )
    key = province.pk if province is not None else None
    with _lock:
        cached = _cache.get(key)
        if cached is not None and cached[0] == stamp:
            return cached[1]
    rows = list(overrides.values_list("date", "kind", "province_id"))
    # A province's own override wins over a national one on the same date.
    by_date: dict = {}
    for day, kind, _province_id in sorted(rows, key=lambda r: r[2] is not None):
        by_date[day] = kind
    calendar = WorkCalendar(
        periods=working_periods(),
        extra_days_off=[d for d, k in by_date.items() if k == CalendarOverride.Kind.DAY_OFF],
        extra_working_days=[
            d for d, k in by_date.items() if k == CalendarOverride.Kind.WORKING_DAY
        ],
    )
    with _lock:
        _cache[key] = (stamp, calendar)
    return calendar
