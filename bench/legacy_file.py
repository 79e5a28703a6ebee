"""A legacy dossier file for the import benchmark (``motcua import-dossiers``, docs/import.md).

``write_legacy_file(path, count, seed, agencies=…, procedures=…)`` writes ``count`` dossiers as
a former one-stop system would export them, in JSON Lines, reproducibly from ``seed``: every
national status (mostly returned and finished, some open, paused, withdrawn, refused, not yet
received), the three channels, received on working days between ``since`` and ``until`` at
office hours, due after 3 to 20 working days, finished early, on time or late, a tenth with a
supplement pause that ended and every status 5, 6 and 8 with its pause still open. Codes are
``{unit}-{YYMMDD}-{NNNN}`` (the 2018 format), numbered per unit and day. Instants are Vietnam
time, a tenth with an explicit ``+07:00``.

From the command line, against the database of ``DATABASE_URL`` (migrated and seeded: it reads
the agencies and procedures there)::

    DATABASE_URL=sqlite:////tmp/imp.sqlite3 .venv/bin/python -m bench.legacy_file \\
        /tmp/legacy-100k.jsonl --count 100000 [--seed 1]
    DATABASE_URL=sqlite:////tmp/imp.sqlite3 .venv/bin/motcua import-dossiers /tmp/legacy-100k.jsonl
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from collections.abc import Sequence
from pathlib import Path

STATUSES = (10, 9, 4, 2, 5, 6, 8, 7, 3, 1)
STATUS_WEIGHTS = (42, 14, 12, 5, 5, 2, 2, 5, 5, 8)
CHANNELS = ("counter", "online", "postal")
CHANNEL_WEIGHTS = (55, 40, 5)
OPEN_PAUSE = {5: "supplement", 6: "payment", 8: "stop"}
LIMITS = (3, 5, 5, 7, 10, 10, 15, 20)  # working days
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ")
MIDDLE = ("Văn", "Thị", "Hữu", "Đức", "Minh", "Thu", "Ngọc", "Quang", "Thanh", "Xuân")
GIVEN = ("An", "Bình", "Chi", "Dũng", "Hà", "Hải", "Hạnh", "Hùng", "Lan", "Long", "Mai", "Nam",
         "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Yến")  # fmt: skip
SINCE = dt.date(2023, 1, 2)
UNTIL = dt.date(2025, 10, 31)


def _working_days(since: dt.date, until: dt.date) -> list[dt.date]:
    days, day = [], since
    while day <= until:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _add_working_days(at: dt.datetime, n: float) -> dt.datetime:
    """``at`` plus ``n`` working days (weekends skipped; holidays ignored: a benchmark file)."""
    whole, part = int(n), n - int(n)
    day = at
    while whole:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            whole -= 1
    return day + dt.timedelta(hours=round(part * 8, 2))


def write_legacy_file(
    path: Path,
    count: int,
    seed: int = 1,
    *,
    agencies: Sequence[str],
    procedures: Sequence[str | tuple[str, str]],
    units: Sequence[str] = (),
    since: dt.date = SINCE,
    until: dt.date = UNTIL,
) -> Path:
    """Write ``count`` legacy dossiers to ``path`` (JSON Lines) and return it. ``agencies``: the
    competent agencies' codes; ``units``: receiving units (none: the agency receives);
    ``procedures``: codes, or (code, name) pairs. The same arguments give the same file."""
    rng = random.Random(seed)
    days = _working_days(since, until)
    procs = [(p, f"Thủ tục {p}") if isinstance(p, str) else tuple(p) for p in procedures]
    drafts = []
    for _ in range(count):
        day = rng.choice(days)
        minute = 7 * 60 + 30 + rng.randrange(9 * 60)
        at = dt.datetime.combine(day, dt.time(minute // 60, minute % 60, rng.randrange(60)))
        drafts.append((at, rng.random()))
    drafts.sort()
    sequence: dict[tuple[str, dt.date], int] = {}
    with open(path, "w", encoding="utf-8") as out:
        for at, _r in drafts:
            out.write(
                json.dumps(_dossier(rng, at, agencies, units, procs, sequence), ensure_ascii=False)
            )
            out.write("\n")
    return path


def _instant(rng: random.Random, value: dt.datetime) -> str:
    text = value.replace(microsecond=0).isoformat()
    return text + "+07:00" if rng.random() < 0.1 else text


def _dossier(rng, at, agencies, units, procs, sequence) -> dict:
    status = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
    channel = rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0]
    received = status not in (1, 3) and not (status == 7 and rng.random() < 0.4)
    if not received:
        channel = "online"
    agency = rng.choice(agencies)
    unit = rng.choice(units) if units else agency
    code, name = rng.choice(procs)
    key = (unit, at.date())
    sequence[key] = n = sequence.get(key, 0) + 1
    owner = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    y = rng.random()
    id_number = (
        f"0{rng.randrange(10**10, 10**11)}"
        if y < 0.85
        else (f"{rng.randrange(10**8, 10**9)}" if y < 0.95 else "")
    )
    d: dict = {
        "code": f"{unit}-{at:%y%m%d}-{n:04d}",
        "procedure_code": code,
        "procedure_name": name,
        "agency_code": agency,
        "channel": channel,
        "status": status,
        "applicant_name": owner,
        "subject": f"{name} — {owner}",
    }
    if units:
        d["receiving_unit_code"] = unit
    if id_number:
        d["applicant_id_number"] = id_number
    if channel == "online":
        d["submitted_at"] = _instant(rng, at - dt.timedelta(minutes=rng.randrange(10, 3 * 24 * 60)))
    elif channel == "postal":
        d["submitted_at"] = _instant(rng, at - dt.timedelta(days=rng.randrange(1, 4)))
    if not received:
        if channel != "online" or "submitted_at" not in d:
            d["submitted_at"] = _instant(rng, at)
        return d
    d["received_at"] = _instant(rng, at)
    limit = rng.choice(LIMITS)
    due = _add_working_days(at, limit)
    d["due_at"] = _instant(rng, due) if rng.random() < 0.8 else f"{due:%Y-%m-%d}"
    finished = None
    if status in (7, 9, 10):
        finished = _add_working_days(at, limit * rng.uniform(0.2, 1.35))
        d["finished_at"] = _instant(rng, finished)
    if status == 10:
        d["returned_at"] = _instant(rng, finished + dt.timedelta(hours=rng.uniform(0.5, 96)))
    pauses = []
    end = finished or _add_working_days(at, limit)
    if status in (4, 7, 9, 10) and rng.random() < 0.1:
        start = at + dt.timedelta(hours=rng.uniform(1, 30))
        stop = start + dt.timedelta(hours=rng.uniform(4, 72))
        if stop <= end:
            kind = rng.choices(("supplement", "payment", "stop"), (8, 1, 1))[0]
            pauses.append({"kind": kind, "from": _instant(rng, start), "to": _instant(rng, stop)})
    if status in OPEN_PAUSE:
        start = at + dt.timedelta(hours=rng.uniform(1, 60))
        pauses.append({"kind": OPEN_PAUSE[status], "from": _instant(rng, start), "to": None})
    if pauses:
        d["pauses"] = pauses
    return d


def _from_database() -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """Competent agencies, receiving units and procedures of the configured database."""
    import django

    django.setup()
    from motcua.agencies.models import Agency
    from motcua.catalog.models import ProcedureCase

    units = list(
        Agency.objects.filter(kind__in=["service_centre", "one_stop_unit"])
        .order_by("code")
        .values_list("code", flat=True)
    )
    agencies = list(
        Agency.objects.exclude(kind__in=["service_centre", "one_stop_unit"])
        .order_by("code")
        .values_list("code", flat=True)
    )
    procedures = sorted(
        set(
            ProcedureCase.objects.filter(version__procedure__historical=False).values_list(
                "version__procedure__code", "version__procedure__name"
            )
        )
    )
    return agencies, units, procedures


def main(argv: list[str] | None = None) -> None:
    import os

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    agencies, units, procedures = _from_database()
    if not agencies or not procedures:
        raise SystemExit("the database has no agencies or procedures: run seed-demo first")
    write_legacy_file(
        args.path, args.count, args.seed, agencies=agencies, procedures=procedures, units=units
    )
    print(
        f"{args.path}: {args.count:,} dossiers ({len(agencies)} agencies, {len(units)} units, "
        f"{len(procedures)} procedures)"
    )


if __name__ == "__main__":
    main()
