"""Small server-side SVG charts: no dependency, no CDN, no JavaScript.

Two kinds, drawn as inline SVG for the supervisors' dashboard:

* ``month_chart``: a line of percentages by month on a 0–100 % axis with grid lines, month
  labels under the axis; a month without a value is a gap in the line, marked "no data";
* ``bar_chart``: horizontal bars with their labels above them and their values after them; a
  bar may have a maximum (drawn as an outlined track: points out of the maximum, as the
  Decision 766 groups), and a bar without a value is shown as "no data".

Accessibility: each chart is ``role="img"`` named by its ``<title>`` and described by its
``<desc>``; every value is also written as text — after each bar, and in a ``<title>`` (a
tooltip) on each point and bar — and the page shows the same figures in a table. Text takes the
page's font (inherited), in colours with a contrast of at least 4.5:1 on white; lines and bars
at least 3:1. The ``viewBox`` lets the chart scale to the width of a phone.

All text is escaped here (names come from the database); the result is marked safe only then.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe

INK = "#1d1d1f"  # text: 16.8:1 on white
MUTED = "#5a5a60"  # secondary text, track outlines: 6.9:1
LINE = "#0b4f8a"  # the data: 8.6:1
GRID = "#c4c9d1"  # grid lines (decoration)
GAP = "#eef0f4"  # the band of a month without data (decoration)
TRACK = "#e3e8ef"  # the inside of a bar's track (decoration)

WIDTH = 360  # user units; the chart scales to its container (a phone: about 300 px)
FONT = 14
SMALL = 12
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # not allowed in XML
_ID = re.compile(r"[^A-Za-z0-9_-]")


def esc(text: object) -> str:
    """Text safe inside an XML element or a double-quoted attribute."""
    return html.escape(_CONTROL.sub("", str(text)), quote=True)


def number(value: int | Decimal) -> str:
    """A number as the page writes it (localised: "97,88" in Vietnamese)."""
    return number_format(value)


def percent(value: int | Decimal) -> str:
    return f"{number(value)}%"


def _n(value: float) -> str:
    """A coordinate: at most 1 decimal, no trailing zeros."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _svg(ident: str, width: int, height: int, title: str, desc: str, body: list[str]) -> SafeString:
    ident = _ID.sub("-", ident) or "chart"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="chart-svg" role="img" aria-labelledby="{ident}-title {ident}-desc" '
        f'font-size="{FONT}" fill="{INK}">'
        f'<title id="{ident}-title">{esc(title)}</title>'
        f'<desc id="{ident}-desc">{esc(desc)}</desc>'
    )
    return mark_safe(head + "".join(body) + "</svg>")  # every text escaped above


# --- Percentages by month ---------------------------------------------------------------------


def month_chart(
    points: Sequence[tuple[str, Decimal | None]],
    *,
    ident: str,
    title: str,
    desc: str,
    no_data: str,
) -> SafeString:
    """A line of percentages (0–100) by month. ``points``: (label "MM/YYYY", value or None),
    oldest first. A None value is a gap in the line, marked ``no_data``."""
    left, right, top, plot_h = 44, 10, 12, 170
    bottom = top + plot_h
    height = bottom + 58  # room for the slanted month labels
    slot = (WIDTH - left - right) / max(len(points), 1)
    body: list[str] = []

    def y_of(value: Decimal) -> float:
        clamped = min(max(float(value), 0.0), 100.0)
        return top + plot_h * (1 - clamped / 100)

    # Grid lines and the axis labels.
    for tick in (0, 25, 50, 75, 100):
        y = _n(y_of(Decimal(tick)))
        stroke = MUTED if tick == 0 else GRID
        body.append(
            f'<line x1="{left}" x2="{WIDTH - right}" y1="{y}" y2="{y}" stroke="{stroke}" '
            f'stroke-width="1"/>'
            f'<text x="{left - 6}" y="{_n(y_of(Decimal(tick)) + 4)}" text-anchor="end" '
            f'fill="{MUTED}">{esc(percent(tick))}</text>'
        )
    # Gaps, month labels.
    for i, (label, value) in enumerate(points):
        x = left + (i + 0.5) * slot
        if value is None:
            body.append(
                f"<g><title>{esc(label)}: {esc(no_data)}</title>"
                f'<rect x="{_n(left + i * slot + 1)}" y="{top}" width="{_n(slot - 2)}" '
                f'height="{plot_h}" fill="{GAP}"/>'
                f'<text x="{_n(x + 4)}" y="{bottom - 6}" transform="rotate(-90 {_n(x + 4)} '
                f'{bottom - 6})" font-size="{SMALL}" fill="{MUTED}">{esc(no_data)}</text></g>'
            )
        ly = bottom + 14
        body.append(
            f'<text x="{_n(x + 4)}" y="{ly}" transform="rotate(-45 {_n(x + 4)} {ly})" '
            f'text-anchor="end" font-size="{SMALL}">{esc(label)}</text>'
        )
    # The line, broken where a month has no value, and a marker on every value.
    run: list[str] = []
    runs: list[list[str]] = []
    for i, (_label, value) in enumerate(points):
        if value is None:
            if run:
                runs.append(run)
            run = []
            continue
        run.append(f"{_n(left + (i + 0.5) * slot)},{_n(y_of(value))}")
    if run:
        runs.append(run)
    for part in runs:
        if len(part) > 1:
            body.append(
                f'<polyline points="{" ".join(part)}" fill="none" stroke="{LINE}" '
                f'stroke-width="2.5" stroke-linejoin="round"/>'
            )
    for i, (label, value) in enumerate(points):
        if value is not None:
            body.append(
                f"<g><title>{esc(label)}: {esc(percent(value))}</title>"
                f'<circle cx="{_n(left + (i + 0.5) * slot)}" cy="{_n(y_of(value))}" r="4.5" '
                f'fill="{LINE}" stroke="#fff" stroke-width="1.5"/></g>'
            )
    return _svg(ident, WIDTH, height, title, desc, body)


# --- Horizontal bars --------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value (None: no data) and, optionally, its maximum."""

    label: str
    value: int | Decimal | None
    max: int | Decimal | None = None


def bar_chart(
    bars: Sequence[Bar],
    *,
    ident: str,
    title: str,
    desc: str,
    no_data: str,
    unit: str = "",
    out_of: str = "{value} / {max}",
) -> SafeString:
    """Horizontal bars, one per line, the label above its bar and the value after it.

    Bars share one scale: the largest maximum or value. A bar with a maximum is drawn inside an
    outlined track as long as the maximum, its value written ``out_of`` ("15.5 / 20"); a bar
    without a value is an empty track (or nothing) marked ``no_data``. ``unit`` follows values
    ("%" for percentages)."""
    label_h, bar_h, gap = 16, 16, 12
    row = label_h + bar_h + gap
    text_room = 96  # right of the longest bar, for its value
    span = WIDTH - 2 - text_room
    scale = max(
        [float(v) for b in bars for v in (b.value, b.max) if v is not None and v > 0] or [1.0]
    )

    def written(value: int | Decimal) -> str:
        return f"{number(value)}{unit}"

    body: list[str] = []
    for i, bar in enumerate(bars):
        y = 4 + i * row
        by = y + label_h + 2
        if bar.value is None:
            shown = no_data
        elif bar.max is not None:
            shown = out_of.format(value=written(bar.value), max=written(bar.max))
        else:
            shown = written(bar.value)
        parts = [
            f"<g><title>{esc(bar.label)}: {esc(shown)}</title>",
            f'<text x="1" y="{y + 12}">{esc(_clip(bar.label, 44))}</text>',
        ]
        end = 1.0
        if bar.max is not None:
            width = span * float(bar.max) / scale
            parts.append(
                f'<rect x="1" y="{by}" width="{_n(width)}" height="{bar_h}" fill="{TRACK}" '
                f'stroke="{MUTED}" stroke-width="1"/>'
            )
            end = max(end, 1 + width)
        if bar.value is not None and bar.value > 0:
            width = span * min(float(bar.value), scale) / scale
            parts.append(
                f'<rect x="1" y="{by}" width="{_n(width)}" height="{bar_h}" fill="{LINE}"/>'
            )
            end = max(end, 1 + width)
        colour = MUTED if bar.value is None else INK
        parts.append(
            f'<text x="{_n(end + 6)}" y="{by + bar_h - 3}" fill="{colour}">{esc(shown)}</text></g>'
        )
        body.append("".join(parts))
    height = 8 + max(len(bars), 1) * row
    if not bars:
        body.append(f'<text x="1" y="{FONT + 8}" fill="{MUTED}">{esc(no_data)}</text>')
    return _svg(ident, WIDTH, height, title, desc, body)
