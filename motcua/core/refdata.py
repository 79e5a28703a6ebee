"""Process-local caches of reference data, kept right across processes by one stamp.

Reference data — agencies and their tree, officers' roles, the procedure catalogue (cases,
channels, internal processes), calendar overrides — is read far more often than it changes: a
service centre receives hundreds of dossiers a day against the same few procedures. Whatever is
derived from it (a province's calendar, a case's reception plan, an officer's roles) is cached
here, per process, tagged with the value of :class:`~motcua.core.models.ReferenceStamp` it was
built under.

* Every change of a watched model (``watch()``, from the apps' ``ready()``) increments the stamp
  **in the transaction of the change** (``post_save``/``post_delete``; bulk writes call
  ``bump()`` themselves), and clears this process's cache at once.
* ``refresh()`` reads the stamp (one single-row query) and drops the cache when it moved. The
  dossier services call it at the start of every transaction, so a role withdrawn or a holiday
  added in another process counts from the next action on; other readers (views, commands)
  refresh on their own when the last read is more than ``MAX_AGE`` seconds old.
* An entry built under an older stamp is never returned, even if a slow builder stores it after
  the stamp moved.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.db import connection
from django.db.models.signals import post_delete, post_save

from .models import ReferenceStamp

T = TypeVar("T")
MAX_AGE = 1.0  # seconds; only for readers that do not call refresh() themselves

_lock = threading.Lock()
_cache: dict[Hashable, tuple[int, object]] = {}
_stamp: int | None = None
_checked_at = float("-inf")


def _table() -> str:
    return connection.ops.quote_name(ReferenceStamp._meta.db_table)


def bump(**_signal_kwargs) -> None:
    """Record that reference data changed (call inside the transaction of the change)."""
    table = _table()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (id, value) VALUES (1, 1) "
            f"ON CONFLICT (id) DO UPDATE SET value = {table}.value + 1"
        )
    clear()


def refresh() -> int:
    """Read the stamp; drop this process's cache if it moved. Returns the stamp."""
    global _stamp, _checked_at
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {_table()} WHERE id = 1")
        row = cursor.fetchone()
    value = row[0] if row else 0
    with _lock:
        if value != _stamp:
            _cache.clear()
            _stamp = value
        _checked_at = time.monotonic()
    return value


def cached(key: Hashable, build: Callable[[], T]) -> T:
    """The value cached under ``key`` for the current stamp, built by ``build()`` if absent."""
    if _stamp is None or time.monotonic() - _checked_at > MAX_AGE:
        refresh()
    stamp = _stamp
    entry = _cache.get(key)
    if entry is not None and entry[0] == stamp:
        return entry[1]  # type: ignore[return-value]
    value = build()
    with _lock:
        if stamp == _stamp:
            _cache[key] = (stamp, value)
    return value


def clear() -> None:
    """Forget everything cached in this process (the next reader refreshes)."""
    global _stamp
    with _lock:
        _cache.clear()
        _stamp = None


def watch(*models) -> None:
    """Bump the stamp whenever an instance of one of ``models`` is saved or deleted."""
    for model in models:
        uid = f"refdata:{model._meta.label}"
        post_save.connect(bump, sender=model, dispatch_uid=uid + ":save", weak=False)
        post_delete.connect(bump, sender=model, dispatch_uid=uid + ":delete", weak=False)
