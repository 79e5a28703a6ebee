"""A dossier's progress as its applicant reads it: what happened when (the events, worded for a
citizen, without officers' names or internal notes), which agency has or had it (the control
slip, agency by agency) and what the applicant can do now."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier, DossierEvent, Notice, PauseInterval
from motcua.dossiers.states import TRANSITIONS, State

EVENT_LABELS = {
    "submit": _("Submitted online"),
    "receive": _("Received; receipt and appointment issued"),
    "request_completion": _("Asked to complete the dossier before reception"),
    "resubmit": _("Completed by the applicant"),
    "refuse": _("Not received"),
    "assign": _("Assigned for handling"),
    "forward": _("Passed on for the next step"),
    "return_to_previous": _("Sent back to the previous step"),
    "request_supplement": _("Supplement requested"),
    "receive_supplement": _("Supplement received; handling continues"),
    "request_payment": _("Financial obligations to pay"),
    "confirm_payment": _("Payment confirmed; handling continues"),
    "stop": _("Handling stopped"),
    "resume": _("Handling resumed"),
    "withdraw": _("Withdrawn at the applicant's request"),
    "apologise": _("Delayed: apology and new appointment"),
    "finish": _("Result ready"),
    "return_result": _("Result returned"),
    "transfer": _("Transferred to the successor agency"),
    "rate": _("Service rated"),
    "import": _("Recorded from the former one-stop system"),
}


@dataclass(frozen=True)
class Moment:
    at: object
    label: str


def history(dossier: Dossier) -> list[Moment]:
    events = DossierEvent.objects.filter(dossier=dossier).order_by("sequence")
    return [
        Moment(at=e.at, label=str(EVENT_LABELS.get(e.action, e.action)))
        for e in events.only("at", "action")
    ]


def open_request(dossier: Dossier) -> dict | None:
    """What the latest supplement request (Form 02) asked for, while it waits for an answer."""
    if dossier.state not in (State.SUPPLEMENT, State.RECEPTION_SUPPLEMENT):
        return None
    notice = (
        Notice.objects.filter(dossier=dossier, form=Notice.Form.SUPPLEMENT_REQUEST)
        .order_by("-issued_at", "-id")
        .first()
    )
    pause = (
        PauseInterval.objects.filter(
            dossier=dossier, kind=PauseInterval.Kind.SUPPLEMENT, resumed_at=None
        ).first()
        if dossier.state == State.SUPPLEMENT
        else None
    )
    data = notice.data if notice else {}
    return {
        "reason": data.get("reason") or (pause.reason if pause else ""),
        "items": data.get("items") or (pause.requested_items if pause else []),
        "deadline": pause.applicant_deadline if pause else None,
        "notice": notice,
    }


def can_supplement(dossier: Dossier) -> bool:
    return dossier.state in (State.SUPPLEMENT, State.RECEPTION_SUPPLEMENT)


def can_withdraw(dossier: Dossier) -> bool:
    return dossier.state in TRANSITIONS["withdraw"].sources


def can_rate(dossier: Dossier) -> bool:
    return dossier.state in TRANSITIONS["rate"].sources and dossier.rated_at is None
