"""The services cache the catalogue and officers' roles (motcua.dossiers.plans, refdata), yet a
change made anywhere counts from the next action on."""

from decimal import Decimal

import pytest

from motcua.agencies.models import RoleAssignment
from motcua.catalog.models import CaseChannel, ProcessStep
from motcua.core.models import ReferenceStamp
from motcua.dossiers.models import DossierEvent
from motcua.dossiers.services import DossierError, forward, receive_at_counter

from .conftest import vn

pytestmark = pytest.mark.django_db


def receive(world, minute=0):
    return receive_at_counter(
        application=world.application(), actor=world.counter, at=vn(2025, 9, 8, 9, minute)
    )


def test_an_edited_process_step_is_used_by_the_next_reception(world):
    first = receive(world)
    assert first.current_step.budget_seconds == 4 * 3600
    step = ProcessStep.objects.get(case=world.case, stage=1)
    step.budget_hours = Decimal(2)
    step.save()
    second = receive(world, minute=1)
    assert second.current_step.budget_seconds == 2 * 3600


def test_a_channel_closed_in_the_catalogue_is_refused_at_once(world):
    receive(world)
    CaseChannel.objects.get(case=world.case, channel="counter").delete()
    with pytest.raises(DossierError) as refused:
        receive(world, minute=1)
    assert refused.value.field == "channel"


def test_a_role_withdrawn_by_another_process_is_refused_at_the_next_action(world):
    dossier = receive(world)
    # Another process withdraws the counter officer's role: no signal reaches this one, only
    # the new stamp it committed with the change.
    RoleAssignment.objects.filter(user=world.counter.user).update(is_active=False)
    stamp = ReferenceStamp.objects.get(pk=1)
    stamp.value += 1
    stamp.save()
    events = DossierEvent.objects.filter(dossier=dossier).count()
    with pytest.raises(DossierError) as refused:
        forward(dossier_id=dossier.pk, actor=world.counter, at=vn(2025, 9, 8, 10, 0))
    assert refused.value.code == "forbidden"
    assert DossierEvent.objects.filter(dossier=dossier).count() == events
