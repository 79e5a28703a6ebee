"""Data of the official forms (biểu mẫu), one function per form, for both form sets.

Each function returns a plain dict: what a print template or a PDF needs, and what a ``Notice``
keeps as the snapshot of what was issued. Numbering differs between the 2018 set (TT 01/2018)
and the 2025 set (TT 03/2025 Annex I), see domain.md §4.1; the 2025 numbers of the apology (04)
and of the stop notice (05) are not confirmed [U].
"""

from __future__ import annotations

import datetime

from motcua.core.people import full_name
from motcua.workcalendar.clock import VN_TZ

from .models import Dossier, DossierStep, Extension, Notice

FORM_NUMBERS: dict[str, dict[str, str]] = {
    "2018": {
        Notice.Form.RECEIPT: "01",
        Notice.Form.SUPPLEMENT_REQUEST: "02",
        Notice.Form.REFUSAL: "03",
        Notice.Form.APOLOGY: "04",
        Notice.Form.CONTROL_SLIP: "05",
        "ledger": "06",
        Notice.Form.STOP_NOTICE: "",
    },
    "2025": {
        Notice.Form.RECEIPT: "01",
        Notice.Form.SUPPLEMENT_REQUEST: "02",
        Notice.Form.REFUSAL: "03",
        Notice.Form.APOLOGY: "04",
        Notice.Form.STOP_NOTICE: "05",
        Notice.Form.CONTROL_SLIP: "06",
        "ledger": "07",
    },
}


def form_number(form_set: str, form: str) -> str:
    return FORM_NUMBERS.get(form_set, FORM_NUMBERS["2025"]).get(form, "")


def _local(value: datetime.datetime | None) -> str | None:
    return value.astimezone(VN_TZ).isoformat() if value else None


def _parties(dossier: Dossier) -> dict[str, dict[str, str]]:
    return {
        p.kind: {
            "name": p.name,
            "id_type": p.id_type,
            "id_number": p.id_number,
            "address": p.address,
            "phone": p.phone,
            "email": p.email,
        }
        for p in dossier.parties.all()
    }


def _header(dossier: Dossier, form: str) -> dict:
    return {
        "form": form,
        "form_set": dossier.form_set,
        "form_number": form_number(dossier.form_set, form),
        "unit": {"code": dossier.receiving_unit.code, "name": dossier.receiving_unit.name},
        # Received here, decided there (reception regardless of administrative boundaries).
        "competent_agency": {
            "code": dossier.competent_agency.code,
            "name": dossier.competent_agency.name,
        },
        "code": dossier.code,
        "procedure": {
            "code": dossier.procedure_version.procedure.code,
            "name": dossier.procedure_version.name,
        },
        "case": dossier.case.name,
        "subject": dossier.subject,
        "parties": _parties(dossier),
        "channel": dossier.channel,
    }


def _components(dossier: Dossier, only: list[str] | None = None) -> list[dict]:
    rows = []
    for c in dossier.components.all():
        if only is not None and c.name not in only:
            continue
        rows.append({"name": c.name, "originals": c.originals, "copies": c.copies})
    return rows


def receipt(dossier: Dossier) -> dict:
    """Form 01 — receipt and appointment slip (Giấy tiếp nhận hồ sơ và hẹn trả kết quả)."""
    return {
        **_header(dossier, Notice.Form.RECEIPT),
        "components": _components(dossier),
        "sets": dossier.sets,
        "time_limit": {
            "amount": str(dossier.time_limit) if dossier.time_limit is not None else None,
            "unit": dossier.time_unit,
        },
        "received_at": _local(dossier.received_at),
        "appointment_at": _local(dossier.appointment_at),
        "return_method": dossier.return_method,
    }


def supplement_request(dossier: Dossier, *, reason: str, items: list[str]) -> dict:
    """Form 02 — request to supplement and complete the dossier."""
    return {
        **_header(dossier, Notice.Form.SUPPLEMENT_REQUEST),
        "items": items,
        "reason": reason,
    }


def refusal(dossier: Dossier, *, reason: str) -> dict:
    """Form 03 — refusal to receive the dossier, with the specific reason."""
    return {**_header(dossier, Notice.Form.REFUSAL), "reason": reason}


def apology(dossier: Dossier, extension: Extension) -> dict:
    """Form 04 — apology and new appointment (2018: Phiếu xin lỗi và hẹn lại ngày trả kết quả)."""
    return {
        **_header(dossier, Notice.Form.APOLOGY),
        "received_at": _local(dossier.received_at),
        "field": dossier.procedure_version.procedure.field.name,
        "previous_appointment": _local(extension.previous_appointment),
        "new_appointment": _local(extension.new_appointment),
        "reason": extension.reason,
        "cause_agency": extension.cause_agency.name,
    }


def stop_notice(dossier: Dossier, *, reason: str, requested_at: datetime.datetime) -> dict:
    """Stop notice (Thông báo dừng giải quyết hồ sơ, TT 03/2025 art. 7)."""
    return {
        **_header(dossier, Notice.Form.STOP_NOTICE),
        "requested_at": _local(requested_at),
        "state_checked": dossier.state,
        "reason": reason,
        "stopped": True,
    }


def control_slip(dossier: Dossier) -> dict:
    """Form 05 (2018) / 06 (2025) — the control slip with every hand-over."""
    steps: list[DossierStep] = list(
        dossier.steps.select_related("agency", "holder", "giver", "giver_agency")
    )
    return {
        **_header(dossier, Notice.Form.CONTROL_SLIP),
        "received_at": _local(dossier.received_at),
        "appointment_at": _local(dossier.appointment_at),
        "rows": [
            {
                "sequence": s.sequence,
                "name": s.name,
                "agency": s.agency.name,
                "giver": full_name(s.giver),
                "giver_agency": s.giver_agency.name if s.giver_agency else "",
                "receiver": full_name(s.holder),
                "started_at": _local(s.started_at),
                "due_at": _local(s.due_at),
                "finished_at": _local(s.finished_at),
                "timeliness": s.timeliness,
                "note": s.note,
            }
            for s in steps
        ],
        "pauses": [
            {
                "kind": p.kind,
                "requested_at": _local(p.requested_at),
                "resumed_at": _local(p.resumed_at),
                "reason": p.reason,
            }
            for p in dossier.pauses.all()
        ],
    }


def ledger(dossiers: list[Dossier], *, form_set: str) -> dict:
    """Form 06 (2018) / 07 (2025) — the tracking ledger (sổ theo dõi hồ sơ), 15 columns."""
    rows = []
    for number, d in enumerate(dossiers, start=1):
        owner = _parties(d).get("owner", {})
        rows.append(
            {
                "number": number,
                "code": d.code,
                "content": d.subject or d.procedure_version.name,
                "sets": d.sets,
                "owner": owner.get("name", ""),
                "address": owner.get("address", ""),
                "phone": owner.get("phone", ""),
                "received_at": _local(d.received_at),
                "appointment_at": _local(d.appointment_at),
                "result_received_at": _local(d.finished_at),
                "returned_at": _local(d.returned_at),
                "returned_to": d.returned_to,
                "receiving_officer": "",
                "locality": d.receiving_unit.name,
                "note": "",
            }
        )
    return {
        "form": "ledger",
        "form_set": form_set,
        "form_number": form_number(form_set, "ledger"),
        "rows": rows,
    }
