"""``import_dossiers``: a legacy file read, checked whole, then written all at once — or not at all.

1. **read** (``formats``): the file's records, JSON Lines or CSV;
2. **check each row alone** (``rules``): values, the status and the instants it implies, pauses;
3. **check against the database and the other rows** (``references``): unique codes, agencies,
   procedures and their versions, the due instant a time limit requires;
4. if any problem was found, raise :class:`DossiersRejected` with every problem (the first
   ``MAX_PROBLEMS`` of them, in the order of the file) — nothing was written;
5. else **write** (``writing``) in one transaction: historical procedures, dossiers, owners,
   pauses, events and the report's tallies. Any failure there rolls everything back.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.errors import InputRejected, Problem

from . import formats, instants, references, rules, writing

MAX_PROBLEMS = 50


class DossiersRejected(InputRejected):
    """The file was refused; ``problems`` are the first ``MAX_PROBLEMS`` of ``total``."""

    def __init__(self, problems: list[Problem], total: int):
        super().__init__(problems)
        self.total = total


@dataclass(frozen=True)
class ImportResult:
    dossiers: int
    pauses: int
    new_procedures: list[str]  # codes of the historical procedures created
    ids: list[int]


def import_dossiers(
    *,
    data: bytes | str,
    name: str,
    allow_new_procedures: bool = False,
    now: datetime.datetime | None = None,
) -> ImportResult:
    """Import the legacy dossiers of ``data`` (the file's content; ``name`` tells its format by
    its suffix and is recorded in each dossier's import event). ``now``: when the import runs
    (instants after it are refused; the events are dated by it)."""
    now = now or timezone.now()
    problems: list[Problem] = []
    text = formats.decode(data, problems)
    if text is None:
        raise DossiersRejected(problems, len(problems))
    day_end = instants.day_end()
    rows = [
        rules.check(record, now=now, day_end=day_end, problems=problems)
        for record in formats.read(text, formats.detect(name, text), problems)
    ]
    if not rows and not problems:
        problems.append(formats.problem(0, None, _("The file has no dossier rows.")))
    resolved = references.resolve(
        rows, allow_new_procedures=allow_new_procedures, problems=problems
    )
    if problems:
        ordered = sorted(problems, key=lambda p: getattr(p, "line", 0))
        raise DossiersRejected(ordered[:MAX_PROBLEMS], len(ordered))
    with transaction.atomic():
        written = writing.write(rows, resolved, now=now, source=name)
    return ImportResult(
        dossiers=len(written.ids),
        pauses=written.pauses,
        new_procedures=written.new_procedures,
        ids=written.ids,
    )
