"""How people's names and numbers are written. A Vietnamese full name puts the family name
first: "Nguyễn Thị Lan" (họ, tên đệm, tên). Accounts keep the given name in ``first_name`` and
the family and middle names in ``last_name``, as Django's fields suggest, so Django's
``get_full_name`` ("Lan Nguyễn Thị") is never used for display. Phone numbers are kept in their
national form (``0912345678``); a citizen ID number (CCCD) has 12 digits."""

from __future__ import annotations

import re

CITIZEN_ID_NUMBER = re.compile(r"\d{12}")
_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")


def full_name(user) -> str:
    """The Vietnamese full name of an account, or its username when no name is recorded."""
    if user is None:
        return ""
    name = " ".join(part for part in (user.last_name.strip(), user.first_name.strip()) if part)
    return name or user.get_username()


def phone_digits(value: str) -> str:
    """A phone number as typed, in its national form: ``+84 912.345.678`` → ``0912345678``.
    Spaces, dots, dashes and brackets are dropped, the country code (+84 or 84) becomes 0;
    whether the result is a valid number is for the caller to check."""
    digits = _PHONE_SEPARATORS.sub("", (value or "").strip())
    if digits.startswith("+84"):
        return "0" + digits[3:]
    if digits.startswith("84") and len(digits) in (11, 12):
        return "0" + digits[2:]
    return digits
