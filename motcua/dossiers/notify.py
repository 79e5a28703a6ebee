"""Side effects of dossier changes, through an outbox.

``compose()`` runs inside the transaction of the change: for the actions that concern the
applicant it writes an ``OutboxMessage`` with the e-mail already worded (in the language active
at the change, Vietnamese by default). Nothing leaves before the change commits, and a change that
rolls back leaves no message. ``deliver_pending()`` — run by ``motcua deliver-outbox`` (``make
run`` starts it) — sends what is due, retrying failures with growing back-off; a delivery
failure never undoes the change.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core.dates import vn_instant

from .models import Dossier, OutboxMessage

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 8

NOTIFIED_ACTIONS = {
    "receive": gettext_lazy("Your dossier %(code)s was received; appointment: %(appointment)s."),
    "request_completion": gettext_lazy("Your dossier needs to be completed: %(reason)s"),
    "refuse": gettext_lazy("Your dossier was not received: %(reason)s"),
    "request_supplement": gettext_lazy("Dossier %(code)s: please supplement it (%(reason)s)."),
    "request_payment": gettext_lazy("Dossier %(code)s: please pay the financial obligations."),
    "apologise": gettext_lazy("Dossier %(code)s is delayed; new appointment: %(appointment)s."),
    "finish": gettext_lazy("The result of dossier %(code)s is ready."),
}


def compose(dossier: Dossier, action: str, payload: dict) -> OutboxMessage | None:
    """The applicant's e-mail for ``action``, worded, as an outbox row for the caller to write
    in the transaction of the change (``services.base.commit``); ``None`` if there is none."""
    template = NOTIFIED_ACTIONS.get(action)
    if template is None:
        return None
    recipients = sorted({party.email for party in dossier.parties.all() if party.email})
    if not recipients:
        return None
    appointment = vn_instant(dossier.appointment_at) or "—"
    body = str(template) % {
        "code": dossier.code or "",
        "appointment": appointment,
        "reason": payload.get("reason", ""),
    }
    return OutboxMessage(
        kind="email",
        dossier=dossier,
        payload={
            "to": recipients,
            "subject": _("Dossier %(code)s") % {"code": dossier.code or dossier.pk},
            "body": body,
        },
    )


def email(
    recipients: list[str], subject: str, body: str, *, dossier: Dossier | None = None
) -> OutboxMessage | None:
    """An e-mail already worded by the caller, as an unsaved outbox row to write in the
    transaction of the change that causes it (for changes other than a dossier's transitions,
    such as the answer to a citizen's feedback); ``None`` without a recipient."""
    to = sorted({address.strip() for address in recipients if address and address.strip()})
    if not to:
        return None
    return OutboxMessage(
        kind="email", dossier=dossier, payload={"to": to, "subject": subject, "body": body}
    )


def deliver_pending(*, limit: int = 100) -> tuple[int, int]:
    """Send due messages; return (sent, failed). Safe to run in several workers at once."""
    sent = failed = 0
    now = timezone.now()
    with transaction.atomic():
        batch = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(sent_at=None, attempts__lt=MAX_ATTEMPTS)
            .exclude(next_attempt_at__gt=now)
            .order_by("id")[:limit]
        )
        for message in batch:
            try:
                send_mail(
                    subject=message.payload["subject"],
                    message=message.payload["body"],
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    recipient_list=message.payload["to"],
                )
            except Exception as exc:
                message.attempts += 1
                message.last_error = str(exc)[:500]
                message.next_attempt_at = now + datetime.timedelta(minutes=2**message.attempts)
                failed += 1
                logger.warning("Outbox message %s not delivered: %s", message.pk, exc)
            else:
                message.attempts += 1
                message.sent_at = now
                sent += 1
            message.save(update_fields=["attempts", "sent_at", "next_attempt_at", "last_error"])
    return sent, failed
