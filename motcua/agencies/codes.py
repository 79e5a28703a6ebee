"""Electronic identification codes of agencies (mã định danh điện tử của cơ quan, tổ chức).

Two formats exist in data:

* **Current — QĐ 20/2020/QĐ-TTg art. 4, amended by QĐ 09/2025/QĐ-TTg.** At most 35 characters
  from ``.``, ``0-9`` and ``A-Z``; dot-separated groups developed left to right, each naming a
  unit under the previous one. The level-1 group is ``MX1X2``: a letter ``A``–``Y`` and two
  digits (``H26`` is a province, ``G18`` a ministry). Lengths of the later groups are not
  confirmed in our sources, so they are only checked to be non-empty alphanumeric groups.
* **Legacy — TT 10/2016/TT-BTTTT**, kept for history: four groups read right to left, the level-1
  code last, e.g. ``000.00.06.H56``. The 3.2.2.3 group lengths are inferred from data.

The two shapes cannot be confused: a current code starts with a letter, a legacy code with a
three-character group followed by ``.``, and ends with the level-1 code.
"""

from __future__ import annotations

import enum
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_LENGTH = 35
_CURRENT = re.compile(r"^[A-Y][0-9]{2}(\.[0-9A-Z]{1,10})*$")
_LEGACY = re.compile(r"^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9]{2}$")


class CodeFormat(enum.StrEnum):
    CURRENT = "qd20_2020"
    LEGACY = "tt10_2016"


def code_format(code: str) -> CodeFormat | None:
    """Which format ``code`` follows, or ``None`` if it follows neither."""
    if len(code) > MAX_LENGTH:
        return None
    if _CURRENT.match(code):
        return CodeFormat.CURRENT
    if _LEGACY.match(code):
        return CodeFormat.LEGACY
    return None


def province_group(code: str) -> str | None:
    """The level-1 group (``MX1X2``) of a code in either format."""
    fmt = code_format(code)
    if fmt is CodeFormat.CURRENT:
        return code.split(".", 1)[0]
    if fmt is CodeFormat.LEGACY:
        return code.rsplit(".", 1)[1]
    return None


def validate_agency_code(code: str) -> None:
    """Accept a QĐ 20/2020 code or a legacy TT 10/2016 code; explain what is wrong otherwise."""
    if code != code.strip() or not code:
        raise ValidationError(_("The code must not be empty or contain spaces."), code="blank")
    if len(code) > MAX_LENGTH:
        raise ValidationError(
            _("The code has %(length)d characters; at most %(max)d are allowed."),
            code="too_long",
            params={"length": len(code), "max": MAX_LENGTH},
        )
    if re.search(r"[^.0-9A-Z]", code):
        raise ValidationError(
            _("The code may contain only digits, upper-case letters A–Z and dots."),
            code="characters",
        )
    if code_format(code) is None:
        raise ValidationError(
            _(
                "“%(code)s” is not an electronic identification code: expected the QĐ 20/2020 "
                "form (e.g. H99 or H99.01.05: a letter A–Y and two digits, then dot-separated "
                "groups) or the legacy TT 10/2016 form (e.g. 000.00.06.H56)."
            ),
            code="format",
            params={"code": code},
        )
