"""Database helpers for the benchmarks that need Django: a fresh database of their own, and a
minimal province with one procedure and its officers (the shape of ``tests/dossiers/conftest``).

``prepare(kind)`` must run before anything imports Django models: it points ``DATABASE_URL`` at
a new SQLite file in a temporary directory, or at a new database ``motcua_bench`` (dropped first)
in the PostgreSQL server named by the ``DATABASE_URL`` already in the environment; then it sets
Django up and migrates. ``cleanup()`` removes what ``prepare`` created.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from urllib.parse import urlsplit, urlunsplit

_created: dict[str, str] = {}


class SetupError(RuntimeError):
    pass


def _postgres_url(database: str) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if urlsplit(url).scheme not in ("postgres", "postgresql"):
        raise SetupError(
            "--database postgres needs DATABASE_URL=postgres://… naming a server (any database "
            "in it) where a fresh benchmark database can be created"
        )
    import psycopg
    from psycopg import sql

    with psycopg.connect(url, autocommit=True) as conn:
        name = sql.Identifier(database)
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))
    _created.update(server_url=url, database=database)
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{database}"))


def prepare(kind: str, *, pg_database: str = "motcua_bench") -> None:
    """Configure Django against a fresh database of ``kind`` ("sqlite" or "postgres"), migrate."""
    if kind == "sqlite":
        directory = tempfile.mkdtemp(prefix="motcua-bench-")
        _created["directory"] = directory
        os.environ["MOTCUA_VAR_DIR"] = directory
        os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
    elif kind == "postgres":
        os.environ["DATABASE_URL"] = _postgres_url(pg_database)
    else:
        raise SetupError(f"unknown database {kind!r}")
    # Production-like: no query log (DEBUG=0), and no SMTP server to wait for — mails are built
    # and handed to a backend that drops them.
    os.environ["DEBUG"] = "0"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.dummy.EmailBackend"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def cleanup() -> None:
    """Close the connections and remove the temporary SQLite directory or PostgreSQL database."""
    from django.db import connections

    connections.close_all()
    if "directory" in _created:
        shutil.rmtree(_created.pop("directory"), ignore_errors=True)
    if "database" in _created:
        import psycopg
        from psycopg import sql

        with psycopg.connect(_created["server_url"], autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(_created.pop("database"))
                )
            )


def database_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
        cursor.execute("SELECT sqlite_version()")
        return f"SQLite {cursor.fetchone()[0]}"


def build_world():
    """The tests' small province (``tests/dossiers/world.py``): a service centre, the Department
    of Justice and a division, procedure "Cấp Phiếu lý lịch tư pháp" case 01 (5 working days)
    with its six-stage process, one officer per role — without usable passwords."""
    from tests.dossiers.world import build_world as build

    return build(password=None)


def generate_timed(dossiers: int, seed: int) -> float:
    """Fill the prepared database with ``dossiers`` generated dossiers (``bench/generate``);
    the seconds it took."""
    from .generate import generate

    t0 = time.perf_counter()
    generate(dossiers, seed)
    return round(time.perf_counter() - t0, 1)


def run_facts() -> dict:
    """What a result file records about the run: Python, Django, the machine, the date."""
    import datetime as dt
    import platform

    import django

    from .clock import _cpu

    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "machine": f"{platform.machine()}, {_cpu()}, {os.cpu_count()} CPUs",
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
