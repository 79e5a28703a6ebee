"""How people's names are written. A Vietnamese full name puts the family name first:
"Nguyễn Thị Lan" (họ, tên đệm, tên). Accounts keep the given name in ``first_name`` and the
family and middle names in ``last_name``, as Django's fields suggest, so Django's
``get_full_name`` ("Lan Nguyễn Thị") is never used for display."""

from __future__ import annotations


def full_name(user) -> str:
    """The Vietnamese full name of an account, or its username when no name is recorded."""
    if user is None:
        return ""
    name = " ".join(part for part in (user.last_name.strip(), user.first_name.strip()) if part)
    return name or user.get_username()
