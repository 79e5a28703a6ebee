"""The dossier's internal states, the table of allowed transitions and the national codes.

Internal states are richer than the national status codes 1–10 that the National Public Service
Portal (DVCQG) uses (domain.md §3.2); ``NATIONAL_STATUS`` maps one onto the other, faithfully
(statuses 5, 6 and 8 are never reported as 9). ``TRANSITIONS`` is the one table of what may
happen in which state and who may do it; services consult it and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Role


class State(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted online, not yet received")
    RECEPTION_SUPPLEMENT = "reception_supplement", _("Asked to complete before reception")
    REFUSED = "refused", _("Refused at reception")
    RECEIVED = "received", _("Received")
    PROCESSING = "processing", _("Being processed")
    SUPPLEMENT = "supplement", _("Supplement requested")
    PAYMENT = "payment", _("Waiting for financial obligations")
    STOPPED = "stopped", _("Processing stopped")
    WITHDRAWN = "withdrawn", _("Withdrawn by the applicant")
    FINISHED = "finished", _("Result ready")
    RETURNED = "returned", _("Result returned")


# National status codes (DVCQG TrangThaiHoSo), version 1 of the mapping.
NATIONAL_STATUS_MAPPING_VERSION = 1
NATIONAL_STATUS: dict[str, int] = {
    State.SUBMITTED: 1,
    State.RECEPTION_SUPPLEMENT: 5,
    State.REFUSED: 3,
    State.RECEIVED: 2,
    State.PROCESSING: 4,
    State.SUPPLEMENT: 5,
    State.PAYMENT: 6,
    State.STOPPED: 8,
    State.WITHDRAWN: 7,
    State.FINISHED: 9,
    State.RETURNED: 10,
}

# States in which the statutory clock does not run.
PAUSED_STATES = frozenset({State.SUPPLEMENT, State.PAYMENT, State.STOPPED})
# States with no way out.
TERMINAL_STATES = frozenset({State.REFUSED, State.WITHDRAWN, State.RETURNED})
# States of a received dossier whose handling is not over.
OPEN_STATES = frozenset(
    {State.RECEIVED, State.PROCESSING, State.SUPPLEMENT, State.PAYMENT, State.STOPPED}
)


class Where(models.TextChoices):
    """Where the actor's role must be held, relative to the dossier."""

    RECEIVING_UNIT = "receiving_unit", _("the receiving one-stop unit")
    CURRENT_STEP = "current_step", _("the agency of the current step")
    APPLICANT = "applicant", _("the applicant")
    EITHER = "either", _("the receiving unit or the agency of the current step")


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str | None  # None: the state does not change
    roles: frozenset[str]
    where: str
    applicant_may: bool = False  # the applicant (portal) may perform it


def _t(action, sources, target, roles, where, applicant_may=False) -> Transition:
    return Transition(action, frozenset(sources), target, frozenset(roles), where, applicant_may)


S = State
R = Role
COUNTER = {R.COUNTER_OFFICER}
HANDLERS = {R.SPECIALIST, R.DEPARTMENT_HEAD, R.SIGNING_LEADER, R.CLERK}
LEADERS = {R.DEPARTMENT_HEAD, R.SIGNING_LEADER}
ACTIVE = {S.RECEIVED, S.PROCESSING}

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        _t("submit", [], S.SUBMITTED, [], Where.APPLICANT, applicant_may=True),
        _t(
            "receive",
            [S.SUBMITTED, S.RECEPTION_SUPPLEMENT],
            S.RECEIVED,
            COUNTER,
            Where.RECEIVING_UNIT,
        ),
        _t(
            "request_completion",
            [S.SUBMITTED],
            S.RECEPTION_SUPPLEMENT,
            COUNTER,
            Where.RECEIVING_UNIT,
        ),
        # The applicant sends what Form 02 asked for before reception (online): the dossier
        # waits for the counter's decision again.
        _t("resubmit", [S.RECEPTION_SUPPLEMENT], S.SUBMITTED, [], Where.APPLICANT, True),
        _t(
            "refuse",
            [S.SUBMITTED, S.RECEPTION_SUPPLEMENT],
            S.REFUSED,
            COUNTER,
            Where.RECEIVING_UNIT,
        ),
        _t("assign", ACTIVE, S.PROCESSING, LEADERS | COUNTER, Where.CURRENT_STEP),
        _t("forward", ACTIVE, S.PROCESSING, HANDLERS | COUNTER, Where.CURRENT_STEP),
        _t("return_to_previous", [S.PROCESSING], S.PROCESSING, HANDLERS, Where.CURRENT_STEP),
        _t("request_supplement", ACTIVE, S.SUPPLEMENT, HANDLERS | COUNTER, Where.CURRENT_STEP),
        _t("receive_supplement", [S.SUPPLEMENT], S.PROCESSING, COUNTER, Where.RECEIVING_UNIT, True),
        _t("request_payment", ACTIVE, S.PAYMENT, HANDLERS, Where.CURRENT_STEP),
        _t("confirm_payment", [S.PAYMENT], S.PROCESSING, COUNTER | HANDLERS, Where.EITHER),
        _t("stop", ACTIVE, S.STOPPED, LEADERS, Where.CURRENT_STEP),
        _t("resume", [S.STOPPED], S.PROCESSING, LEADERS, Where.CURRENT_STEP),
        _t(
            "withdraw",
            [S.SUBMITTED, S.RECEPTION_SUPPLEMENT, *OPEN_STATES],
            S.WITHDRAWN,
            COUNTER,
            Where.RECEIVING_UNIT,
            applicant_may=True,
        ),
        _t(
            "apologise",
            ACTIVE | {S.SUPPLEMENT, S.PAYMENT, S.STOPPED},
            None,
            HANDLERS,
            Where.CURRENT_STEP,
        ),
        _t("finish", ACTIVE, S.FINISHED, {R.SIGNING_LEADER, R.CLERK}, Where.CURRENT_STEP),
        _t("return_result", [S.FINISHED], S.RETURNED, COUNTER, Where.RECEIVING_UNIT),
        # After a merger: checked by ``services.transfer`` (an administrator of both agencies).
        _t(
            "transfer",
            [S.SUBMITTED, S.RECEPTION_SUPPLEMENT, *OPEN_STATES, S.FINISHED],
            None,
            {R.ADMINISTRATOR},
            Where.EITHER,
        ),
        _t(
            "rate",
            [S.FINISHED, S.RETURNED],
            None,
            COUNTER,
            Where.RECEIVING_UNIT,
            applicant_may=True,
        ),
    ]
}
