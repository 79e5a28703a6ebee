"""Template filters that write values as the official forms do (``{% load form_text %}``).

{{ data.received_at|instant }}         09 giờ 30 phút, ngày 12 tháng 5 năm 2025
{{ data.received_at|day }}             ngày 12 tháng 5 năm 2025
{{ row.received_at|short_day }}        12/5/2025
{{ row.received_at|clock }}            09:30
{{ data.channel|label:"channel" }}     Trực tiếp          (tables in ``wording.LABELS``)
{{ data.time_limit.amount|amount }}    5, 0,5             (Vietnamese decimal comma)
{{ data.sets|two_digits }}             01
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

from .. import dates, wording

register = template.Library()

register.filter("instant", dates.instant_text)
register.filter("day", dates.day_text)
register.filter("short_day", dates.short_day)
register.filter("clock", dates.clock_time)


@register.filter
def label(code, table: str) -> str:
    return wording.label(table, code)


@register.filter
def amount(value) -> str:
    """A quantity such as a time limit (``"5.00"``) without trailing zeros: ``5``, ``0,5``."""
    if value in (None, ""):
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    text = f"{number.normalize():f}"
    return text.replace(".", ",")


@register.filter
def two_digits(value) -> str:
    """A count as forms write it: ``01`` bộ, ``12`` bộ."""
    if value in (None, ""):
        return ""
    return f"{int(value):02d}"
