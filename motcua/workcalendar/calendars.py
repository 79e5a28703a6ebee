"""The working calendar of a province, built from the national calendar and stored overrides.

``calendar_for(province)`` returns a :class:`~motcua.workcalendar.clock.WorkCalendar` with the
configured working periods, national overrides and the province's own overrides. Calendars are
cached per process with the reference data (``motcua.core.refdata``) and rebuilt when an
override changes.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q

from motcua.agencies.models import Agency
from motcua.core import refdata

from .clock import WorkCalendar, WorkingPeriods
from .models import CalendarOverride


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


def province_id_of(agency: Agency | None) -> int | None:
    """Primary key of ``agency``'s province (cached with the reference data)."""
    if agency is None:
        return None

    def find() -> int | None:
        province = _province_of(agency)
        return province.pk if province is not None else None

    return refdata.cached(("province-of", agency.pk), find)


def calendar_for(agency: Agency | None = None) -> WorkCalendar:
    """The calendar that applies to ``agency`` (its province's overrides), or the national one."""
    province_id = province_id_of(agency)
    periods = settings.MOTCUA_WORKING_PERIODS
    return refdata.cached(("calendar", province_id, periods), lambda: _build(province_id))


def _build(province_id: int | None) -> WorkCalendar:
    overrides = CalendarOverride.objects.filter(
        Q(province__isnull=True) | Q(province_id=province_id)
    )
    rows = list(overrides.values_list("date", "kind", "province_id"))
    # A province's own override wins over a national one on the same date.
    by_date: dict = {}
    for day, kind, _province in sorted(rows, key=lambda r: r[2] is not None):
        by_date[day] = kind
    return WorkCalendar(
        periods=working_periods(),
        extra_days_off=[d for d, k in by_date.items() if k == CalendarOverride.Kind.DAY_OFF],
        extra_working_days=[
            d for d, k in by_date.items() if k == CalendarOverride.Kind.WORKING_DAY
        ],
    )
