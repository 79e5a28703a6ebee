"""Dossier codes (mã hồ sơ): ``{agency identification code}-{YYMMDD}-{NNNN}``.

The sequence restarts every day for each receiving agency, has at least four digits and grows
when needed (``-10000``). Numbers come from a counter row incremented with one atomic
``INSERT … ON CONFLICT DO UPDATE … RETURNING`` (PostgreSQL, and SQLite ≥ 3.35): the row stays
locked until the receiving transaction ends, so two receptions for the same agency and day queue
on it, and a reception that fails rolls the counter back with it — the numbers have no gaps and
no duplicates. With the TT 04/2025 centralised format, two digits naming the body that owns the
centralised system precede the sequence.
"""

from __future__ import annotations

import datetime

from django.db import connection

from motcua.agencies.models import Agency

from .models import DailyCounter
from .policies import CodeFormat, centralised_system_digits, code_format


def next_number(*, scope: str, agency: Agency, day: datetime.date) -> int:
    """The next number of ``scope`` for ``agency`` on ``day``. Call inside a transaction."""
    table = connection.ops.quote_name(DailyCounter._meta.db_table)
    sql = (
        f"INSERT INTO {table} (scope, agency_id, day, last) VALUES (%s, %s, %s, 1) "
        f"ON CONFLICT (scope, agency_id, day) DO UPDATE SET last = {table}.last + 1 "
        "RETURNING last"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [scope, agency.pk, connection.ops.adapt_datefield_value(day)])
        return cursor.fetchone()[0]


def allocate_dossier_code(*, agency: Agency, day: datetime.date) -> str:
    number = next_number(scope="dossier", agency=agency, day=day)
    sequence = f"{number:04d}"
    if code_format() == CodeFormat.CENTRALISED:
        sequence = centralised_system_digits() + sequence
    return f"{agency.code}-{day:%y%m%d}-{sequence}"
