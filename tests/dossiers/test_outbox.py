"""E-mails to the applicant leave through the outbox, only for committed changes."""

import pytest
from django.core import mail
from django.core.management import call_command

from motcua.dossiers import services as s
from motcua.dossiers.models import OutboxMessage
from motcua.dossiers.notify import deliver_pending

from .conftest import vn


@pytest.fixture(autouse=True)
def _locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_reception_queues_the_receipt_mail_and_the_worker_sends_it_once(world):
    d = s.receive_at_counter(
        application=world.application(), actor=world.counter, at=vn(2025, 6, 2, 8, 0)
    )
    message = OutboxMessage.objects.get()
    assert message.payload["to"] == ["an@example.vn"]
    assert message.payload["subject"] == f"Hồ sơ {d.code}"
    # 40 working hours from Mon 02/06/2025 08:00 end Mon 09/06 08:00.
    assert message.payload["body"] == (
        f"Hồ sơ {d.code} của Ông/Bà đã được tiếp nhận; hẹn trả kết quả: 08:00 09/06/2025."
    )
    assert mail.outbox == []  # nothing leaves inside the transaction
    assert deliver_pending() == (1, 0)
    assert [m.to for m in mail.outbox] == [["an@example.vn"]]
    assert deliver_pending() == (0, 0)
    call_command("deliver-outbox")
    assert len(mail.outbox) == 1


def test_a_refused_change_queues_nothing(world):
    d = s.receive_at_counter(
        application=world.application(), actor=world.counter, at=vn(2025, 6, 2, 8, 0)
    )
    OutboxMessage.objects.all().delete()
    with pytest.raises(s.DossierError):
        s.refuse(dossier_id=d.pk, actor=world.counter, reason="Không thuộc thẩm quyền")
    assert not OutboxMessage.objects.exists()


def test_failed_delivery_is_retried_later(world, settings, monkeypatch):
    s.receive_at_counter(
        application=world.application(), actor=world.counter, at=vn(2025, 6, 2, 8, 0)
    )

    def broken(**kwargs):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr("motcua.dossiers.notify.send_mail", broken)
    assert deliver_pending() == (0, 1)
    message = OutboxMessage.objects.get()
    assert (message.attempts, message.sent_at, message.last_error) == (1, None, "SMTP down")
    assert message.next_attempt_at is not None
    assert deliver_pending() == (0, 0)  # not due again yet
