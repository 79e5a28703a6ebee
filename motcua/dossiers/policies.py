"""Rules that changed with the law, resolved by a dossier's receipt date (domain.md R-LAW-1).

Two legal regimes coexist: the 2018 rules (NĐ 61/2018, TT 01/2018) until 30 June 2025 and the
2025 rules (NĐ 118/2025, TT 03/2025) from 1 July 2025. A dossier keeps the regime in force on the
day it was received (or submitted, before reception).

Policies:

* **form set** — the numbering of the official forms (2018: control slip = Form 05; 2025: Form 06);
* **supplement mode** — what a supplement request does to the clock. The law is silent
  (domain.md §3.3 S6, [U]); both modes are implemented: ``pause`` adds the working time spent
  waiting to the due instant; ``restart`` recomputes the due instant from scratch from the moment
  the complete supplement is received and processing restarts at the first step. A procedure
  version may override the regime's default (``ProcedureVersion.supplement_mode``);
* **code format** — ``standard`` ``{agency}-{YYMMDD}-{NNNN}`` or ``centralised`` (TT 04/2025,
  from 25/01/2026) ``{agency}-{YYMMDD}-{AA}{NNNN}``, where AA are two digits identifying the body
  that owns the centralised system.

Defaults are set here; ``MOTCUA_SUPPLEMENT_MODE`` (e.g. ``2018=pause,2025=restart``),
``MOTCUA_CODE_FORMAT`` and ``MOTCUA_CENTRALISED_SYSTEM_DIGITS`` change them per installation.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings


class SupplementMode:
    PAUSE = "pause"
    RESTART = "restart"
    CHOICES = (PAUSE, RESTART)


class CodeFormat:
    STANDARD = "standard"
    CENTRALISED = "centralised"
    CHOICES = (STANDARD, CENTRALISED)


@dataclass(frozen=True)
class Regime:
    name: str  # "2018" or "2025"
    valid_from: datetime.date | None
    valid_to: datetime.date | None  # inclusive
    form_set: str
    supplement_mode: str
    label: str


REGIMES = (
    Regime(
        "2018",
        None,
        datetime.date(2025, 6, 30),
        "2018",
        SupplementMode.RESTART,
        "NĐ 61/2018/NĐ-CP, TT 01/2018/TT-VPCP",
    ),
    Regime(
        "2025",
        datetime.date(2025, 7, 1),
        None,
        "2025",
        SupplementMode.RESTART,
        "NĐ 118/2025/NĐ-CP, TT 03/2025/TT-VPCP",
    ),
)


def _overrides(text: str) -> dict[str, str]:
    pairs = (item.split("=", 1) for item in text.split(",") if "=" in item)
    return {k.strip(): v.strip() for k, v in pairs}


def regime_on(day: datetime.date) -> Regime:
    """The legal regime in force on ``day``, with this installation's overrides applied."""
    for regime in REGIMES:
        if (regime.valid_from is None or regime.valid_from <= day) and (
            regime.valid_to is None or day <= regime.valid_to
        ):
            mode = _overrides(getattr(settings, "MOTCUA_SUPPLEMENT_MODE", "")).get(regime.name)
            if mode in SupplementMode.CHOICES:
                return Regime(**{**regime.__dict__, "supplement_mode": mode})
            return regime
    raise LookupError(day)


def code_format() -> str:
    value = getattr(settings, "MOTCUA_CODE_FORMAT", CodeFormat.STANDARD)
    return value if value in CodeFormat.CHOICES else CodeFormat.STANDARD


def centralised_system_digits() -> str:
    return getattr(settings, "MOTCUA_CENTRALISED_SYSTEM_DIGITS", "00")
