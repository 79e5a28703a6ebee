"""Side effects after a dossier change is committed: tell the applicant by e-mail.

Called through ``transaction.on_commit``, so nothing is sent for a change that rolled back. A
delivery failure is logged and never undoes the change. (SMS, Zalo and the national portal's
sync will leave the same way.)
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.workcalendar.clock import VN_TZ

from .models import Dossier

logger = logging.getLogger(__name__)

NOTIFIED_ACTIONS = {
    "receive": gettext_lazy("Your dossier %(code)s was received; appointment: %(appointment)s."),
    "request_completion": gettext_lazy("Your dossier needs to be completed: %(reason)s"),
    "refuse": gettext_lazy("Your dossier was not received: %(reason)s"),
    "request_supplement": gettext_lazy("Dossier %(code)s: please supplement it (%(reason)s)."),
    "request_payment": gettext_lazy("Dossier %(code)s: please pay the financial obligations."),
    "apologise": gettext_lazy("Dossier %(code)s is delayed; new appointment: %(appointment)s."),
    "finish": gettext_lazy("The result of dossier %(code)s is ready."),
}


def after_commit(dossier_id: int, action: str) -> None:
    template = NOTIFIED_ACTIONS.get(action)
    if template is None:
        return
    dossier = Dossier.objects.filter(pk=dossier_id).prefetch_related("parties", "events").first()
    if dossier is None:
        return
    recipients = sorted({p.email for p in dossier.parties.all() if p.email})
    if not recipients:
        return
    last = dossier.events.order_by("-sequence").first()
    appointment = (
        dossier.appointment_at.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y")
        if dossier.appointment_at
        else "—"
    )
    body = str(template) % {
        "code": dossier.code or "",
        "appointment": appointment,
        "reason": (last.payload.get("reason", "") if last else ""),
    }
    try:
        send_mail(
            subject=_("Dossier %(code)s") % {"code": dossier.code or dossier.pk},
            message=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=recipients,
        )
    except Exception:
        logger.exception("Could not e-mail the applicant of dossier %s", dossier_id)
