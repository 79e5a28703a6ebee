"""How a dossier looks from the API: plain dictionaries built from the database rows.

Instants are given in Vietnam time with their offset (``2025-05-08T09:00:00+07:00``), so that a
reader sees the same wall-clock time as on the printed receipt. Control-slip budgets are stored
in working seconds and shown in working hours.
"""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from motcua.core.people import full_name
from motcua.dossiers.deadlines import calendar_of
from motcua.dossiers.models import Dossier, DossierStep
from motcua.dossiers.selectors import visible_dossiers
from motcua.dossiers.shares import agency_shares
from motcua.dossiers.states import State

PARTY_FIELDS = ("kind", "name", "id_type", "id_number", "address", "phone", "email")
COMPONENT_FIELDS = ("name", "originals", "copies", "digitisation", "supplemented", "required_id")


def local(value: datetime.datetime | None) -> datetime.datetime | None:
    return timezone.localtime(value) if value is not None else None


def agency(value) -> dict | None:
    return {"code": value.code, "name": value.name} if value is not None else None


def officer(user) -> dict | None:
    if user is None:
        return None
    return {"id": user.pk, "name": full_name(user)}


def summary_queryset(queryset: QuerySet[Dossier]) -> QuerySet[Dossier]:
    return queryset.select_related(
        "procedure_version__procedure", "case", "receiving_unit", "current_agency"
    ).prefetch_related("parties")


def summary(d: Dossier) -> dict:
    owner = next((p.name for p in d.parties.all() if p.kind == "owner"), None)
    return {
        "id": d.pk,
        "code": d.code,
        "state": d.state,
        "national_status": d.national_status,
        "procedure": d.procedure_version.procedure.code,
        "case": d.case.code,
        "channel": d.channel,
        "subject": d.subject,
        "owner": owner,
        "receiving_unit": d.receiving_unit.code,
        "current_agency": d.current_agency.code if d.current_agency else None,
        "received_at": local(d.received_at),
        "due_at": local(d.due_at),
        "appointment_at": local(d.appointment_at),
    }


def detail_queryset(queryset: QuerySet[Dossier]) -> QuerySet[Dossier]:
    steps = DossierStep.objects.select_related("agency", "holder", "giver").order_by("sequence")
    return queryset.select_related(
        "procedure_version__procedure",
        "case",
        "receiving_unit",
        "competent_agency",
        "current_step__agency",
        "current_step__holder",
    ).prefetch_related(
        "parties",
        "components",
        Prefetch("steps", queryset=steps),
        "pauses",
        "extensions__cause_agency",
        "notices",
        "events",
    )


def visible_detail(user, pk: int) -> dict:
    """The detail of dossier ``pk`` if ``user`` may see it (``Dossier.DoesNotExist`` if not)."""
    return detail(detail_queryset(visible_dossiers(user)).get(pk=pk))


def _step(s: DossierStep) -> dict:
    return {
        "sequence": s.sequence,
        "stage": s.stage,
        "name": s.name,
        "role": s.role,
        "agency": agency(s.agency),
        "holder": officer(s.holder),
        "giver": officer(s.giver),
        "started_at": local(s.started_at),
        "budget_hours": round(s.budget_seconds / 3600, 2),
        "due_at": local(s.due_at),
        "finished_at": local(s.finished_at),
        "action": s.action,
        "note": s.note,
        "timeliness": s.timeliness,
        "overrun_hours": round(s.overrun_seconds / 3600, 2),
    }


def _current(d: Dossier) -> dict | None:
    s = d.current_step
    if s is None or s.finished_at is not None:
        return None
    return _open(s)


def _open(s: DossierStep) -> dict:
    return {
        "sequence": s.sequence,
        "stage": s.stage,
        "name": s.name,
        "agency": agency(s.agency),
        "holder": officer(s.holder),
        "started_at": local(s.started_at),
        "due_at": local(s.due_at),
    }


def _result(d: Dossier) -> dict | None:
    if not d.result_kind:
        return None
    return {
        "kind": d.result_kind,
        "number": d.result_number,
        "signer": d.result_signer,
        "date": d.result_date,
        "summary": d.result_summary,
    }


def detail(d: Dossier) -> dict:
    version = d.procedure_version
    return {
        "id": d.pk,
        "code": d.code,
        "state": d.state,
        "state_label": str(State(d.state).label),
        "national_status": d.national_status,
        "procedure": {
            "code": version.procedure.code,
            "name": version.name,
            "version": version.number,
        },
        "case": {"id": d.case.pk, "code": d.case.code, "name": d.case.name},
        "channel": d.channel,
        "subject": d.subject,
        "sets": d.sets,
        "parties": [{f: getattr(p, f) for f in PARTY_FIELDS} for p in d.parties.all()],
        "components": [{f: getattr(c, f) for f in COMPONENT_FIELDS} for c in d.components.all()],
        "receiving_unit": agency(d.receiving_unit),
        "competent_agency": agency(d.competent_agency),
        "submitted_at": local(d.submitted_at),
        "received_at": local(d.received_at),
        "due_at": local(d.due_at),
        "appointment_at": local(d.appointment_at),
        "finished_at": local(d.finished_at),
        "returned_at": local(d.returned_at),
        "current_step": _current(d),
        "open_steps": [_open(s) for s in d.steps.all() if s.finished_at is None],
        "shares": [
            {
                "agency": agency(share.agency),
                "rows": share.rows,
                "budget_hours": round(share.budget_seconds / 3600, 2),
                "used_hours": round(share.used_seconds / 3600, 2),
                "overrun_hours": round(share.overrun_seconds / 3600, 2),
                "timeliness": share.timeliness,
            }
            for share in agency_shares(calendar_of(d), d.steps.all(), at=timezone.now())
        ],
        "result": _result(d),
        "return_method": d.return_method,
        "rating": d.rating,
        "steps": [_step(s) for s in d.steps.all()],
        "pauses": [
            {
                "kind": p.kind,
                "mode": p.mode,
                "requested_at": local(p.requested_at),
                "reason": p.reason,
                "requested_items": p.requested_items,
                "applicant_deadline": local(p.applicant_deadline),
                "due_before": local(p.due_before),
                "resumed_at": local(p.resumed_at),
                "due_after": local(p.due_after),
            }
            for p in d.pauses.all()
        ],
        "extensions": [
            {
                "reason": e.reason,
                "previous_appointment": local(e.previous_appointment),
                "new_appointment": local(e.new_appointment),
                "issued_at": local(e.issued_at),
                "cause_agency": agency(e.cause_agency),
            }
            for e in d.extensions.all()
        ],
        "notices": [
            {
                "form": n.form,
                "form_number": n.form_number,
                "number": n.number,
                "issued_at": local(n.issued_at),
            }
            for n in d.notices.all()
        ],
        "events": [
            {
                "sequence": e.sequence,
                "at": local(e.at),
                "actor_label": e.actor_label,
                "action": e.action,
                "from_state": e.from_state,
                "to_state": e.to_state,
            }
            for e in d.events.all()
        ],
    }
