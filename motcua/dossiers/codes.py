"""Dossier codes (mã hồ sơ): ``{agency identification code}-{YYMMDD}-{NNNN}``.

The sequence restarts every day for each receiving agency, has at least four digits and grows
when needed (``-10000``). Numbers are taken from a counter row locked for the rest of the
receiving transaction: two receptions for the same agency and day queue on that row, and a
reception that fails rolls the counter back with it, so the numbers have no gaps and no
duplicates. With the TT 04/2025 centralised format, two digits naming the body that owns the
centralised system precede the sequence.
"""

from __future__ import annotations

import datetime

from motcua.agencies.models import Agency

from .models import DailyCounter
from .policies import CodeFormat, centralised_system_digits, code_format


def next_number(*, scope: str, agency: Agency, day: datetime.date) -> int:
    """The next number of ``scope`` for ``agency`` on ``day``. Call inside a transaction."""
    DailyCounter.objects.bulk_create(
        [DailyCounter(scope=scope, agency=agency, day=day, last=0)], ignore_conflicts=True
    )
    counter = DailyCounter.objects.select_for_update().get(scope=scope, agency=agency, day=day)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def allocate_dossier_code(*, agency: Agency, day: datetime.date) -> str:
    number = next_number(scope="dossier", agency=agency, day=day)
    sequence = f"{number:04d}"
    if code_format() == CodeFormat.CENTRALISED:
        sequence = centralised_system_digits() + sequence
    return f"{agency.code}-{day:%y%m%d}-{sequence}"
