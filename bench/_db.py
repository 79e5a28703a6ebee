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
from dataclasses import dataclass
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


@dataclass
class World:
    province: object
    centre: object
    department: object
    division: object
    case: object
    counter: object  # Actor of the counter officer at the centre


def build_world() -> World:
    """Province H99 with a service centre, the Department of Justice and one of its divisions;
    procedure "Cấp Phiếu lý lịch tư pháp", case 01 (5 working days, counter/postal/online) with
    a six-stage internal process; one officer per role."""
    import datetime
    from decimal import Decimal

    from django.contrib.auth import get_user_model

    from motcua.agencies.models import Agency, Role
    from motcua.agencies.services import assign_role
    from motcua.catalog.models import (
        CaseChannel,
        Field,
        Procedure,
        ProcedureAgency,
        ProcedureCase,
        ProcedureVersion,
        ProcessStep,
        RequiredComponent,
    )
    from motcua.dossiers.services import Actor

    def agency(code, name, kind, parent=None):
        return Agency.objects.create(
            code=code, name=name, level="province", kind=kind, parent=parent
        )

    province = agency("H99", "UBND tỉnh Sơn Hà", "peoples_committee")
    centre = agency("H99.20", "Trung tâm PVHCC tỉnh", "service_centre", province)
    department = agency("H99.01", "Sở Tư pháp", "department", province)
    division = agency("H99.01.01", "Phòng Hành chính tư pháp", "division", department)
    field = Field.objects.create(code="LLTP", name="Lý lịch tư pháp")
    procedure = Procedure.objects.create(
        code="2.000488.H99", name="Cấp Phiếu lý lịch tư pháp", field=field
    )
    version = ProcedureVersion.objects.create(
        procedure=procedure,
        number=1,
        valid_from=datetime.date(2018, 1, 1),
        name=procedure.name,
        levels="province",
    )
    ProcedureAgency.objects.create(version=version, agency=department, part="deciding")
    case = ProcedureCase.objects.create(
        version=version,
        code="01",
        name="Phiếu số 1",
        time_limit=Decimal(5),
        time_unit="working_days",
    )
    for channel in ("counter", "postal"):
        CaseChannel.objects.create(case=case, channel=channel)
    CaseChannel.objects.create(
        case=case, channel="online", time_limit=Decimal(4), time_unit="working_days"
    )
    RequiredComponent.objects.create(case=case, position=1, name="Tờ khai", originals=1)
    for stage, name, role, where, hours in [
        (1, "Tiếp nhận", Role.COUNTER_OFFICER, centre, 4),
        (2, "Phân công", Role.DEPARTMENT_HEAD, department, 4),
        (3, "Thẩm định, dự thảo", Role.SPECIALIST, division, 24),
        (4, "Ký duyệt", Role.SIGNING_LEADER, department, 4),
        (5, "Phát hành", Role.CLERK, department, 2),
        (6, "Trả kết quả", Role.COUNTER_OFFICER, centre, 2),
    ]:
        ProcessStep.objects.create(
            case=case, stage=stage, name=name, role=role, agency=where, budget_hours=Decimal(hours)
        )
    users = get_user_model().objects
    officers = {}
    for username, first, last, where, role in [
        ("motcua", "Lan", "Nguyễn Thị", centre, Role.COUNTER_OFFICER),
        ("truongphong", "Minh", "Trần Văn", department, Role.DEPARTMENT_HEAD),
        ("chuyenvien", "Hà", "Phạm Thu", division, Role.SPECIALIST),
        ("lanhdao", "Thắng", "Hoàng Đức", department, Role.SIGNING_LEADER),
        ("vanthu", "Hạnh", "Đỗ Thị", department, Role.CLERK),
    ]:
        user = users.create_user(username, first_name=first, last_name=last)  # no password
        assign_role(user=user, agency=where, role=role)
        officers[role] = user
    return World(
        province=province,
        centre=centre,
        department=department,
        division=division,
        case=case,
        counter=Actor.officer(officers[Role.COUNTER_OFFICER]),
    )
