"""Keyset pagination of dossier lists in the order (due instant ascending, dossiers without
one last, then id): the ``next`` cursor names the last row shown, so pages stay consistent
while dossiers are added or change state, and a page costs the same at any depth."""

from __future__ import annotations

import base64
import binascii
import datetime
import json

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from .models import Dossier


class BadCursor(ValueError):
    """The cursor was not made by :func:`encode_cursor`."""


def ordered(queryset: QuerySet[Dossier]) -> QuerySet[Dossier]:
    return queryset.order_by(F("due_at").asc(nulls_last=True), "id")


def encode_cursor(dossier: Dossier) -> str:
    key = [dossier.due_at.isoformat() if dossier.due_at else None, dossier.pk]
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime.datetime | None, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        due, pk = json.loads(raw)
        due = datetime.datetime.fromisoformat(due) if due is not None else None
        if not isinstance(pk, int) or (due is not None and timezone.is_naive(due)):
            raise ValueError(cursor)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise BadCursor(cursor) from None
    return due, pk


def after(queryset: QuerySet[Dossier], cursor: str) -> QuerySet[Dossier]:
    """Rows strictly after the cursor in the order (due_at ASC NULLS LAST, id ASC)."""
    due, pk = decode_cursor(cursor)
    if due is None:
        return queryset.filter(due_at__isnull=True, pk__gt=pk)
    return queryset.filter(Q(due_at__gt=due) | Q(due_at=due, pk__gt=pk) | Q(due_at__isnull=True))


def page(queryset: QuerySet[Dossier], *, cursor: str | None, limit: int) -> tuple[list, str | None]:
    """One page of ``queryset`` (already filtered) and the cursor of the next, if any."""
    if cursor:
        queryset = after(queryset, cursor)
    rows = list(ordered(queryset)[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (encode_cursor(rows[-1]) if more and rows else None)
