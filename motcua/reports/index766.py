"""The Decision 766/QĐ-TTg index of service quality, as far as the product's data goes.

Decision 766 scores each agency and province out of 100 in five groups (domain.md §9.2):
publicity and transparency (CKMB, 18), progress and results of handling (TDGQ, 20), online
service provision (22: online public services CLGQ 12 + online payment TTTT 10), digitisation
(MDSH, 22) and satisfaction (MDHL, 18). The Decision's annex with the per-indicator formulas was
not found: only the satisfaction group's first two ratios are known from the text. So:

* every indicator is written out in ``docs/reports.md``, and those that follow a provincial
  system's approximation rather than an official formula are marked ``approximate``;
* an indicator whose data the product does not hold — publication on the national portal,
  online payments, citizens' verdicts on answers to feedback, the digitisation indicators not
  known — is **no data**: it gives no points and its maximum is left out of ``available_max``.
  Nothing is invented.

The **score** is the points of the indicators with data; ``normalised`` rescales it to 100 over
``available_max``; the **rank band** (90–100 excellent, under 50 weak; the bands between are
unconfirmed and set by ``MOTCUA_766_BANDS``) is read on the normalised score.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from motcua.core.dates import last_of

from . import bieu06_counts, index766_data
from .bieu06 import Figures
from .index766_data import Period, Ratio

_HUNDREDTH = Decimal("0.01")


def _points(value: float) -> Decimal:
    return Decimal(str(value)).quantize(_HUNDREDTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Indicator:
    key: str
    name: str
    max_points: Decimal
    ratio: Ratio | None  # None: the product does not hold the data
    points: Decimal | None
    approximate: bool

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "name": str(self.name),
            "max_points": str(self.max_points),
            "points": None if self.points is None else str(self.points),
            "numerator": None if self.ratio is None else self.ratio.numerator,
            "denominator": None if self.ratio is None else self.ratio.denominator,
            "approximate": self.approximate,
            "no_data": self.points is None,
        }


@dataclass(frozen=True)
class Group:
    key: str
    name: str
    max_points: Decimal
    indicators: list[Indicator]

    @property
    def points(self) -> Decimal | None:
        found = [i.points for i in self.indicators if i.points is not None]
        return sum(found, Decimal(0)) if found else None

    @property
    def available_max(self) -> Decimal:
        return sum((i.max_points for i in self.indicators if i.points is not None), Decimal(0))

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "name": str(self.name),
            "max_points": str(self.max_points),
            "points": None if self.points is None else str(self.points),
            "available_max": str(self.available_max),
            "indicators": [i.as_dict() for i in self.indicators],
        }


@dataclass(frozen=True)
class Index766:
    date_from: datetime.date
    date_to: datetime.date
    groups: list[Group]

    @property
    def total_points(self) -> Decimal:
        return sum((g.points or Decimal(0) for g in self.groups), Decimal(0))

    @property
    def available_max(self) -> Decimal:
        return sum((g.available_max for g in self.groups), Decimal(0))

    @property
    def normalised(self) -> Decimal | None:
        if not self.available_max:
            return None
        return (self.total_points * 100 / self.available_max).quantize(
            _HUNDREDTH, rounding=ROUND_HALF_UP
        )

    @property
    def band(self) -> str | None:
        """The rank band of the normalised score (``MOTCUA_766_BANDS``), None without data."""
        score = self.normalised
        if score is None:
            return None
        for floor, name in bands():
            if score >= floor:
                return name
        return bands()[-1][1]

    def as_dict(self) -> dict:
        normalised = self.normalised
        return {
            "period": {"from": self.date_from.isoformat(), "to": self.date_to.isoformat()},
            "total_points": str(self.total_points),
            "available_max": str(self.available_max),
            "normalised": None if normalised is None else str(normalised),
            "band": self.band,
            "groups": [g.as_dict() for g in self.groups],
        }


def bands() -> list[tuple[Decimal, str]]:
    """(lowest score, band) from the highest band down."""
    return sorted(
        ((Decimal(str(floor)), name) for floor, name in settings.MOTCUA_766_BANDS), reverse=True
    )


def _scaled(ratio: Ratio, max_points: int, *, full_at: float = 1.0) -> Decimal | None:
    """``max_points`` × share, full marks from the share ``full_at`` up; None with nothing to
    count."""
    share = ratio.share
    if share is None:
        return None
    return _points(max_points * min(1.0, share / full_at))


def _indicator(
    key: str,
    name,
    max_points: int,
    read: Callable[[], Ratio] | None,
    *,
    full_at: float = 1.0,
    approximate: bool = True,
) -> Indicator:
    ratio = read() if read is not None else None
    points = _scaled(ratio, max_points, full_at=full_at) if ratio is not None else None
    if points is None:
        ratio = ratio if ratio is not None and ratio.denominator else None
    return Indicator(key, name, Decimal(max_points), ratio, points, approximate)


def _progress(period: Period, agencies: set[int] | None) -> Ratio:
    """(Resolved early or on time + pending within time) over (resolved + pending): the
    handling report's figures for the period."""
    counts = bieu06_counts.from_tallies(period.date_from, period.date_to, agencies=agencies)
    f = sum((Figures.of(v) for v in counts.values()), Figures())
    good = f.resolved_early + f.resolved_on_time + f.pending_within
    return Ratio(good, f.resolved_total + f.pending_total)


def index(
    *, date_from: datetime.date, date_to: datetime.date, agencies: set[int] | None = None
) -> Index766:
    """The index for the period and the agencies (ids; None: every agency)."""
    p = Period(date_from, date_to)
    a = agencies
    data = index766_data
    weight = settings.MOTCUA_766_SATISFACTION_WEIGHTS
    if len(weight) != 3 or sum(weight) != 18:
        raise ImproperlyConfigured("MOTCUA_766_SATISFACTION_WEIGHTS: three points adding to 18")
    groups = [
        Group(
            "CKMB",
            _("Publicity and transparency"),
            Decimal(18),
            [_indicator("CKMB", _("Publicity on the national portal"), 18, None)],
        ),
        Group(
            "TDGQ",
            _("Progress and results of handling"),
            Decimal(20),
            [
                _indicator(
                    "TDGQ.1",
                    _("Dossiers resolved early or on time, or pending within time"),
                    20,
                    lambda: _progress(p, a),
                )
            ],
        ),
        Group(
            "CLGQ",
            _("Online public services"),
            Decimal(12),
            [
                _indicator(
                    "CLGQ.1",
                    _("Procedures offered online"),
                    2,
                    lambda: data.offered_online(p, a),
                    full_at=0.8,
                ),
                _indicator(
                    "CLGQ.2",
                    _("Online procedures that received an online dossier"),
                    4,
                    lambda: data.online_procedures_used(p, a),
                ),
                _indicator(
                    "CLGQ.3",
                    _("Dossiers received online"),
                    6,
                    lambda: data.received_online(p, a),
                    full_at=0.5,
                ),
            ],
        ),
        Group(
            "TTTT",
            _("Online payment"),
            Decimal(10),
            [_indicator("TTTT", _("Fees and charges paid online"), 10, None)],
        ),
        Group(
            "MDSH",
            _("Digitisation of dossiers"),
            Decimal(22),
            [
                _indicator(
                    "MDSH.1",
                    _("Results issued electronically"),
                    6,
                    lambda: data.electronic_results(p, a),
                ),
                _indicator(
                    "MDSH.2",
                    _("Dossiers with digitised components"),
                    4,
                    lambda: data.digitised_components(p, a, reused=False),
                    full_at=0.8,
                ),
                _indicator(
                    "MDSH.3",
                    _("Dossiers reusing digitised data"),
                    2,
                    lambda: data.digitised_components(p, a, reused=True),
                    full_at=0.8,
                ),
                _indicator("MDSH.4", _("Other digitisation indicators"), 10, None),
            ],
        ),
        Group(
            "MDHL",
            _("Satisfaction"),
            Decimal(18),
            [
                _indicator(
                    "MDHL.1",
                    _("Feedback answered on time"),
                    weight[0],
                    lambda: data.feedback_answered_on_time(p, a),
                    approximate=False,
                ),
                _indicator(
                    "MDHL.2",
                    _("Satisfaction with the answers to feedback"),
                    weight[1],
                    None,
                    approximate=False,
                ),
                _indicator(
                    "MDHL.3",
                    _("Satisfaction with the handling of procedures"),
                    weight[2],
                    lambda: data.satisfied_ratings(p, a),
                ),
            ],
        ),
    ]
    return Index766(date_from, date_to, groups)


def period_of(text: str) -> tuple[datetime.date, datetime.date]:
    """A month ("2025-07"), a quarter ("2025-Q3") or a year ("2025") as its first and last
    days. ValueError for anything else."""
    text = text.strip().upper()
    if len(text) == 4 and text.isdigit():
        year = int(text)
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if len(text) == 7 and text[4:6] == "-Q" and text[:4].isdigit() and text[6] in "1234":
        year, quarter = int(text[:4]), int(text[6])
        first = datetime.date(year, 3 * quarter - 2, 1)
        return first, last_of(datetime.date(year, 3 * quarter, 1))
    if len(text) == 7 and text[4] == "-" and text[:4].isdigit() and text[5:].isdigit():
        year, month = int(text[:4]), int(text[5:])
        if 1 <= month <= 12:
            first = datetime.date(year, month, 1)
            return first, last_of(first)
    raise ValueError(text)
