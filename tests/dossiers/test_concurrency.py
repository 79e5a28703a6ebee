"""Concurrent receptions at one counter: the daily code sequence has no duplicate and no gap.

16 threads, each with its own database connection, wait on a barrier and then call
``receive_at_counter`` for the same receiving unit on the same Vietnam day. The per-agency daily
counter (``motcua.dossiers.codes``) is locked for the rest of each receiving transaction, so the
receptions queue on it and take the numbers 0001…0016 in some order.

PostgreSQL runs it as it is. SQLite serialises writers (``BEGIN IMMEDIATE`` and a busy timeout),
but only for a database *file*: the suite's in-memory test database is shared between threads
through SQLite's shared cache, whose table locks fail at once with "database table is locked"
instead of waiting on the busy timeout. On that database the test therefore runs itself again in
a child pytest whose test database is a file (``MOTCUA_TEST_SQLITE``), and passes or fails
with it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest
from django.db import connection

from motcua.dossiers import services as s
from motcua.dossiers.models import DailyCounter, Dossier, DossierEvent, Notice
from motcua.dossiers.services import PartyIn

from .conftest import vn

THREADS = 16


def _receive_concurrently(world, at):
    barrier = threading.Barrier(THREADS)
    results: list[tuple[int, str, int]] = []
    errors: list[tuple[int, BaseException]] = []
    lock = threading.Lock()

    def work(i: int) -> None:
        application = world.application(
            subject=f"Hồ sơ đồng thời số {i + 1}",
            parties=[PartyIn(kind="owner", name=f"Công dân {i + 1}", id_number=f"{i:012d}")],
        )
        try:
            barrier.wait(timeout=30)
            dossier = s.receive_at_counter(application=application, actor=world.counter, at=at)
            with lock:
                results.append((i, dossier.code, dossier.pk))
        except BaseException as exc:  # collected and asserted on below
            with lock:
                errors.append((i, exc))
        finally:
            connection.close()  # this thread's own connection

    threads = [
        threading.Thread(target=work, args=(i,), name=f"counter-{i}") for i in range(THREADS)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a receiving thread is stuck"
    return results, errors


def _rerun_on_sqlite_file(request, tmp_path) -> None:
    """Run this test in a child pytest whose SQLite test database is a file."""
    env = {**os.environ, "MOTCUA_TEST_SQLITE": str(tmp_path / "concurrency.sqlite3")}
    child = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", request.node.nodeid],
        cwd=request.config.rootpath,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = f"on an SQLite file database: exit {child.returncode}\n{child.stdout}\n{child.stderr}"
    assert child.returncode == 0, report
    assert "1 passed" in child.stdout, report  # ran, not skipped or deselected


@pytest.mark.django_db(transaction=True)
def test_concurrent_receptions_take_consecutive_codes(request, tmp_path):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        _rerun_on_sqlite_file(request, tmp_path)
        return
    # Built inside this transactional test: the rows are committed, so the threads' own
    # connections see them.
    world = request.getfixturevalue("world")
    at = vn(2025, 4, 28, 9, 0)
    results, errors = _receive_concurrently(world, at)

    assert errors == []
    assert len(results) == THREADS
    codes = sorted(code for _, code, _ in results)
    assert codes == [f"H99.20-250428-{n:04d}" for n in range(1, THREADS + 1)]
    assert Dossier.objects.count() == THREADS
    assert sorted(Dossier.objects.values_list("code", flat=True)) == codes
    counter = DailyCounter.objects.get(scope="dossier", agency=world.centre)
    assert (counter.day.isoformat(), counter.last) == ("2025-04-28", THREADS)
    assert DossierEvent.objects.filter(action="receive").count() == THREADS
    assert Notice.objects.filter(form=Notice.Form.RECEIPT).count() == THREADS
    assert sorted(Notice.objects.values_list("number", flat=True)) == codes
