"""Legacy records for the import tests: one valid record per national status, in the world of
``world.py`` (procedure 2.000488.H99, competent department H99.01, one-stop centre H99.20), and
writers of JSON Lines and CSV files."""

from __future__ import annotations

import csv
import io
import json

from motcua.dossiers.imports.formats import FIELDS

SUBMITTED = "2025-03-03T08:45"
RECEIVED = "2025-03-03T09:30"
DUE = "2025-03-10T09:30"
FINISHED = "2025-03-07T15:00"
RETURNED = "2025-03-10T08:00"
OPEN_PAUSE = {5: "supplement", 6: "payment", 8: "stop"}


def record(status: int, code: str | None = None, **changes) -> dict:
    """A valid legacy record of ``status``: a counter dossier received on Monday 03/03/2025
    (a status 1 or 3 dossier: submitted online, never received), with its pause still open for
    statuses 5, 6 and 8; ``changes`` replace fields (``None`` removes one)."""
    values: dict = {
        "code": code or f"CU-{status:02d}",
        "procedure_code": "2.000488.H99",
        "procedure_name": "Cấp Phiếu lý lịch tư pháp",
        "agency_code": "H99.01",
        "receiving_unit_code": "H99.20",
        "channel": "counter",
        "status": status,
        "applicant_name": "Nguyễn Văn An",
        "applicant_id_number": "001088012345",
        "subject": "Cấp Phiếu lý lịch tư pháp số 1",
        "submitted_at": SUBMITTED,
    }
    if status in (1, 3):
        values["channel"] = "online"
    else:
        values.update(received_at=RECEIVED, due_at=DUE)
    if status in OPEN_PAUSE:
        values["pauses"] = [{"kind": OPEN_PAUSE[status], "from": "2025-03-05T10:00", "to": None}]
    if status in (7, 9, 10):
        values["finished_at"] = FINISHED
    if status == 10:
        values["returned_at"] = RETURNED
    for key, value in changes.items():
        if value is None:
            values.pop(key, None)
        else:
            values[key] = value
    return values


def every_status() -> list[dict]:
    """One record of each status 1–10, and a dossier withdrawn before its reception."""
    records = [record(status) for status in range(1, 11)]
    records.append(
        record(7, "CU-07-ONLINE", channel="online", received_at=None, due_at=None, finished_at=None)
    )
    return records


def jsonl(records: list[dict]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()


def pause_cell(pauses: list[dict]) -> str:
    return ";".join(f"{p['kind']}:{p.get('from') or ''}/{p.get('to') or ''}" for p in pauses)


def csv_bytes(records: list[dict], columns: tuple[str, ...] = FIELDS) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for r in records:
        writer.writerow(
            [
                pause_cell(r.get("pauses") or []) if c == "pauses" else str(r.get(c) or "")
                for c in columns
            ]
        )
    return out.getvalue().encode()
