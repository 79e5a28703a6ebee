"""Sending and answering feedback (phản ánh, kiến nghị — domain.md §10.2).

* :func:`send_feedback` — a citizen writes about one of *their own* dossiers (the agency that
  answers is the dossier's receiving unit, the one-stop unit they dealt with) or about a
  procedure (the citizen chooses the agency among the procedure's agencies as published in the
  catalogue, ``ProcedureAgency``; when the procedure has a single agency it is that one).
* :func:`answer_feedback` — an officer holding a *handling* role (:data:`ANSWERING_ROLES`) at
  the feedback's agency or at an agency above it answers, once. Supervisors and administrators
  see the feedback of the agencies they cover but do not answer in the agency's name unless they
  also hold a handling role there: supervision monitors how feedback is handled (criterion 8 of
  the TT 01/2018 evaluation), it does not speak for the agency. The author is told by e-mail
  through the outbox, written in the same transaction as the answer.

Agencies answer within ``MOTCUA_FEEDBACK_ANSWER_WORKING_DAYS`` working days of receipt (10 by
default: the Ninh Bình regulation quoted in domain.md §10.2; the national rule is unconfirmed,
hence a setting).

Every function is keyword-only, runs in one transaction and refuses bad input with a
:class:`~motcua.dossiers.services.DossierError` before writing anything.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.agencies.models import Agency, Role
from motcua.catalog import search
from motcua.catalog.models import Procedure, ProcedureAgency
from motcua.core import refdata
from motcua.dossiers import notify
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import DossierError
from motcua.dossiers.services.base import has_role
from motcua.dossiers.timeliness import vn_date
from motcua.workcalendar.calendars import calendar_for
from motcua.workcalendar.clock import VN_TZ

from .models import Feedback

SUBJECT_MAX = Feedback._meta.get_field("subject").max_length
BODY_MAX = Feedback._meta.get_field("body").max_length
ANSWER_MAX = Feedback._meta.get_field("answer").max_length

REQUIRED = {
    "subject": gettext_lazy("Write the title."),
    "body": gettext_lazy("Write the content of your feedback."),
    "answer": gettext_lazy("Write the answer."),
}
TOO_LONG = {
    "subject": gettext_lazy("The title is longer than %(limit)d characters."),
    "body": gettext_lazy("The content is longer than %(limit)d characters."),
    "answer": gettext_lazy("The answer is longer than %(limit)d characters."),
}

ANSWERING_ROLES = (
    Role.COUNTER_OFFICER,
    Role.SPECIALIST,
    Role.DEPARTMENT_HEAD,
    Role.SIGNING_LEADER,
    Role.CLERK,
)


def _text(value: str, *, field: str, limit: int) -> str:
    """``value`` stripped, or the refusal naming what is missing or too long."""
    text = (value or "").strip()
    if not text:
        raise DossierError("invalid_input", str(REQUIRED[field]), field=field)
    if len(text) > limit:
        raise DossierError("invalid_input", str(TOO_LONG[field]) % {"limit": limit}, field=field)
    return text


def _pk(value) -> int | None:
    return getattr(value, "pk", value)


def procedure_agencies(procedure: Procedure | int, *, on: datetime.date | None = None):
    """The agencies of a procedure as published (implementing, deciding, delegated,
    coordinating) in the versions in force on ``on`` (today), or in its latest version when
    none is in force; ordered by name."""
    on = on or vn_date(timezone.now())
    parts = ProcedureAgency.objects.filter(version__procedure_id=_pk(procedure))
    in_force = parts.filter(search.in_force(on, "version__"))
    if not in_force.exists():
        latest = parts.order_by("-version__number").values("version_id")[:1]
        in_force = parts.filter(version_id__in=latest)
    return Agency.objects.filter(pk__in=in_force.values("agency_id")).order_by("name", "code")


def send_feedback(
    *,
    author,
    kind: str,
    subject: str,
    body: str,
    dossier: Dossier | int | None = None,
    procedure: Procedure | int | None = None,
    agency: Agency | int | None = None,
) -> Feedback:
    """Record a citizen's feedback about one of their dossiers or about a procedure."""
    if author is None or not author.is_authenticated or not author.is_active:
        raise DossierError("forbidden", _("Sign in to send feedback."), status=403)
    if kind not in Feedback.Kind.values:
        raise DossierError("invalid_input", _("Choose the kind of feedback."), field="kind")
    subject = _text(subject, field="subject", limit=SUBJECT_MAX)
    body = _text(body, field="body", limit=BODY_MAX)
    with transaction.atomic():
        if dossier is not None:
            if procedure is not None or agency is not None:
                raise DossierError(
                    "invalid_input",
                    _("Choose either one of your dossiers or a procedure, not both."),
                    field="dossier",
                )
            found = (
                Dossier.objects.select_related("procedure_version", "receiving_unit")
                .filter(pk=_pk(dossier), applicant_user=author)
                .first()
            )
            if found is None:  # someone else's dossier is as unknown as a missing one
                raise DossierError("not_found", _("No such dossier."), field="dossier", status=404)
            about = {
                "dossier": found,
                "procedure_id": found.procedure_version.procedure_id,
                "agency": found.receiving_unit,
            }
        elif procedure is not None:
            about = _about_procedure(procedure, agency)
        else:
            raise DossierError(
                "invalid_input",
                _("Say what the feedback is about: one of your dossiers or a procedure."),
                field="dossier",
            )
        return Feedback.objects.create(
            kind=kind,
            author=author,
            subject=subject,
            body=body,
            created_at=timezone.now(),
            **about,
        )


def _about_procedure(procedure: Procedure | int, agency: Agency | int | None) -> dict:
    found = Procedure.objects.filter(pk=_pk(procedure)).first()
    if found is None:
        raise DossierError("not_found", _("No such procedure."), field="procedure", status=404)
    agencies = list(procedure_agencies(found))
    if not agencies:
        raise DossierError(
            "invalid_input",
            _("No agency is published for this procedure; write about one of your dossiers."),
            field="procedure",
        )
    if agency is None:
        if len(agencies) > 1:
            raise DossierError(
                "invalid_input", _("Choose the agency your feedback is for."), field="agency"
            )
        return {"procedure": found, "agency": agencies[0]}
    chosen = next((a for a in agencies if a.pk == _pk(agency)), None)
    if chosen is None:
        raise DossierError(
            "invalid_input",
            _("This agency does not carry out the procedure: choose one from the list."),
            field="agency",
        )
    return {"procedure": found, "agency": chosen}


def may_answer(officer, feedback: Feedback) -> bool:
    """Whether ``officer`` holds a handling role at the feedback's agency or above it."""
    return has_role(officer, ANSWERING_ROLES, feedback.agency)


def answer_feedback(*, feedback_id: int, officer, answer: str) -> Feedback:
    """Record the agency's answer, once, and queue the e-mail telling the author."""
    text = _text(answer, field="answer", limit=ANSWER_MAX)
    with transaction.atomic():
        refdata.refresh()  # roles granted or withdrawn a moment ago count
        feedback = (
            Feedback.objects.select_for_update(of=("self",))
            .select_related("agency", "author", "dossier", "procedure")
            .filter(pk=feedback_id)
            .first()
        )
        if feedback is None:
            raise DossierError("not_found", _("No such feedback."), status=404)
        if not may_answer(officer, feedback):
            raise DossierError(
                "forbidden",
                _("Only an officer handling procedures at %(agency)s or above it can answer.")
                % {"agency": feedback.agency.name},
                status=403,
            )
        if feedback.answered_at is not None:
            raise DossierError(
                "already_answered", _("This feedback has already been answered."), status=409
            )
        feedback.answer = text
        feedback.answered_by = officer
        feedback.answered_at = timezone.now()
        feedback.save(update_fields=["answer", "answered_by", "answered_at"])
        message = _answer_email(feedback)
        if message is not None:
            message.save()
        return feedback


def _answer_email(feedback: Feedback):
    """The author's e-mail (to the account's address; an account registered with a phone
    number only reads the answer in the portal)."""
    sent = feedback.created_at.astimezone(VN_TZ).strftime("%d/%m/%Y")
    body = _(
        "%(agency)s answered your feedback “%(subject)s” of %(sent)s:\n\n%(answer)s\n\n"
        "You can also read it in the public service portal, under Feedback."
    ) % {
        "agency": feedback.agency.name,
        "subject": feedback.subject,
        "sent": sent,
        "answer": feedback.answer,
    }
    return notify.email(
        [feedback.author.email],
        _("Answer to your feedback: %(subject)s") % {"subject": feedback.subject[:120]},
        body,
        dossier=feedback.dossier,
    )


def answer_due(feedback: Feedback) -> datetime.datetime:
    """When the agency should have answered: ``MOTCUA_FEEDBACK_ANSWER_WORKING_DAYS`` working
    days after the feedback arrived, in the calendar of the agency's province."""
    days = settings.MOTCUA_FEEDBACK_ANSWER_WORKING_DAYS
    return calendar_for(feedback.agency).add_working_days(feedback.created_at, days)


def is_overdue(feedback: Feedback, now: datetime.datetime | None = None) -> bool:
    """Still waiting for an answer past :func:`answer_due`."""
    return feedback.answered_at is None and (now or timezone.now()) > answer_due(feedback)
