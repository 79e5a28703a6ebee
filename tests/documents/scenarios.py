"""Dossiers of the dossier tests' small province (``tests/dossiers/world.py``) brought, through
the real services, to the point where each official form is issued — in either form set:
Monday 28/04/2025 is in the 2018 regime, Monday 07/07/2025 in the 2025 one."""

from __future__ import annotations

import datetime

from motcua.dossiers import services as s
from motcua.dossiers.models import Dossier, Notice
from tests.dossiers.world import World, vn

H = datetime.timedelta(hours=1)
START = {"2018": vn(2025, 4, 28, 9, 0), "2025": vn(2025, 7, 7, 9, 0)}

# The whole life of a counter dossier, one instant per hand-over. Both give the control-slip
# rows on time, late, early, on time, on time, on time (see tests/dossiers/test_smoke_lifecycle
# for the 2018 arithmetic; the 2025 week has no holiday).
LIFE = {
    "2018": [
        vn(2025, 4, 28, 10, 0),  # counter → department
        vn(2025, 4, 29, 8, 0),  # head assigns the specialist (late)
        vn(2025, 5, 6, 16, 0),  # specialist → leader (early)
        vn(2025, 5, 7, 8, 0),  # leader → clerk
        vn(2025, 5, 7, 9, 0),  # clerk finishes
        vn(2025, 5, 7, 10, 0),  # counter returns the result
    ],
    "2025": [
        vn(2025, 7, 7, 10, 0),
        vn(2025, 7, 8, 8, 0),
        vn(2025, 7, 10, 16, 0),
        vn(2025, 7, 11, 8, 0),
        vn(2025, 7, 11, 9, 0),
        vn(2025, 7, 11, 10, 0),
    ],
}


def citizen_actor(django_user_model) -> s.Actor:
    return s.Actor.citizen(django_user_model.objects.create_user("congdan", password="x"))


def received(world: World, at: datetime.datetime, **changes) -> Dossier:
    return s.receive_at_counter(
        application=world.application(**changes), actor=world.counter, at=at
    )


def at_specialist(world: World, at: datetime.datetime) -> Dossier:
    """Received at ``at``, forwarded and assigned: the specialist (stage 3) holds it."""
    d = received(world, at)
    d = s.forward(dossier_id=d.pk, actor=world.counter, at=at + 10 * datetime.timedelta(minutes=1))
    return s.assign(
        dossier_id=d.pk,
        actor=world.head,
        to_user=world.specialist.user,
        at=at + 20 * datetime.timedelta(minutes=1),
    )


def returned(world: World, form_set: str) -> Dossier:
    """A dossier received on the set's Monday and handled to the returned result."""
    forward, assign, handed, signed, finished, given = LIFE[form_set]
    d = received(world, START[form_set])
    d = s.forward(dossier_id=d.pk, actor=world.counter, at=forward)
    d = s.assign(dossier_id=d.pk, actor=world.head, to_user=world.specialist.user, at=assign)
    d = s.forward(dossier_id=d.pk, actor=world.specialist, at=handed)
    d = s.forward(dossier_id=d.pk, actor=world.leader, at=signed)
    d = s.finish(dossier_id=d.pk, actor=world.clerk, result_number="123/LLTP", at=finished)
    return s.return_result(
        dossier_id=d.pk,
        actor=world.counter,
        method="counter",
        received_by="Nguyễn Văn An",
        at=given,
    )


def issued(world: World, form: str, form_set: str, citizen: s.Actor) -> Notice:
    """The notice of ``form`` issued for a fresh dossier of ``form_set``."""
    start = START[form_set]
    if form == Notice.Form.RECEIPT:
        d = received(world, start)
    elif form == Notice.Form.SUPPLEMENT_REQUEST:
        d = s.request_supplement(
            dossier_id=at_specialist(world, start).pk,
            actor=world.specialist,
            reason="Tờ khai chưa ghi đủ thông tin về nơi cư trú",
            items=["Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (bản đầy đủ)", "Ảnh chân dung"],
            at=start + H,
        )
    elif form == Notice.Form.REFUSAL:
        d = s.submit(application=world.application("online"), actor=citizen, at=start - H)
        d = s.refuse(
            dossier_id=d.pk, actor=world.counter, reason="Không thuộc thẩm quyền", at=start
        )
    elif form == Notice.Form.APOLOGY:
        d = at_specialist(world, start)
        d = s.apologise(
            dossier_id=d.pk,
            actor=world.specialist,
            reason="Cần xác minh thông tin tại địa phương khác",
            new_appointment=d.due_at + datetime.timedelta(days=3),
            at=start + H,
        )
    elif form == Notice.Form.STOP_NOTICE:
        d = at_specialist(world, start)
        d = s.withdraw(
            dossier_id=d.pk, actor=world.counter, reason="Người nộp rút hồ sơ", at=start + H
        )
    else:
        raise ValueError(form)
    return d.notices.filter(form=form).latest("id")
