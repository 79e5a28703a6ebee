"""motcua.core.rows writes exactly what Model.save() would write."""

import datetime
from decimal import Decimal

import pytest
from django.db.models.signals import post_save

from motcua.core import rows
from motcua.dossiers.models import Dossier, DossierEvent, DossierStep, Notice
from motcua.dossiers.services import receive_at_counter
from tests.dossiers.world import vn

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(world):
    return receive_at_counter(
        application=world.application(), actor=world.counter, at=vn(2025, 9, 8, 9, 0)
    )


def test_insert_sets_the_key_and_stores_values_as_save_would(world, dossier):
    at = datetime.datetime(2025, 9, 8, 3, 15, 30, 123456, tzinfo=datetime.UTC)
    notice = rows.insert(
        Notice(
            dossier=dossier,
            form="receipt",
            form_set="2025",
            form_number="01",
            number="X-1",
            issued_at=at,
            issued_by=world.counter.user,
            data={"tên": "Nguyễn Văn An", "n": [1, 2.5, None]},
        )
    )
    assert notice.pk is not None and not notice._state.adding
    stored = Notice.objects.get(pk=notice.pk)
    assert stored.issued_at == at
    assert stored.data == {"tên": "Nguyễn Văn An", "n": [1, 2.5, None]}
    assert stored.issued_by_id == world.counter.user.pk
    assert stored.number == "X-1"


def test_update_writes_every_column_and_auto_now(dossier):
    before = Dossier.objects.values_list("updated_at", flat=True).get(pk=dossier.pk)
    dossier.subject = "Đổi nội dung"
    dossier.time_limit = Decimal("2.50")
    dossier.due_at = vn(2025, 9, 12, 16, 30)
    rows.update(dossier)
    stored = Dossier.objects.get(pk=dossier.pk)
    assert stored.subject == "Đổi nội dung"
    assert stored.time_limit == Decimal("2.50")
    assert stored.due_at == vn(2025, 9, 12, 16, 30)
    assert stored.updated_at >= before


def test_update_of_a_missing_row_is_an_error(dossier):
    Dossier.objects.filter(pk=dossier.pk).update(subject="x")
    ghost = Dossier.objects.get(pk=dossier.pk)
    ghost.pk = 10**9
    with pytest.raises(Dossier.DoesNotExist):
        rows.update(ghost)


def test_an_unsaved_related_object_is_refused(dossier):
    step = DossierStep.objects.filter(dossier=dossier).first()
    orphan = Dossier()
    step.pk = None
    step.dossier = orphan
    with pytest.raises(ValueError):
        rows.insert(step)


def test_models_with_signal_receivers_go_through_save(world, dossier):
    seen = []

    def receiver(sender, instance, created, **kwargs):
        seen.append((instance.sequence, created))

    post_save.connect(receiver, sender=DossierEvent)
    try:
        rows.insert(
            DossierEvent(
                dossier=dossier,
                sequence=99,
                at=vn(2025, 9, 8, 10, 0),
                actor_label="Test",
                action="note",
                to_state="received",
            )
        )
    finally:
        post_save.disconnect(receiver, sender=DossierEvent)
    assert seen == [(99, True)]


def test_insert_all_writes_every_row_and_sets_each_key(world, dossier):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from motcua.dossiers.models import OutboxMessage, Party

    party = Party(dossier=dossier, kind="proxy", name="Trần Thị Bình", phone="0987654321")
    message = OutboxMessage(kind="email", dossier=dossier, payload={"to": ["a@example.vn"]})
    notice = Notice(
        dossier=dossier,
        form="refusal",
        form_set="2025",
        form_number="03",
        issued_at=vn(2025, 9, 8, 10, 0),
        data={"reason": "Không thuộc thẩm quyền"},
    )
    with CaptureQueriesContext(connection) as ctx:
        rows.insert_all([party, message, notice])
    # One round trip on PostgreSQL; one statement per row in SQLite's own process.
    assert len(ctx.captured_queries) == (1 if connection.vendor == "postgresql" else 3)
    assert Party.objects.get(pk=party.pk).name == "Trần Thị Bình"
    assert OutboxMessage.objects.get(pk=message.pk).payload == {"to": ["a@example.vn"]}
    assert Notice.objects.get(pk=notice.pk).data == {"reason": "Không thuộc thẩm quyền"}
    assert not any(o._state.adding for o in (party, message, notice))


def test_update_writes_only_what_changed_since_it_was_tracked(dossier):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rows.track(dossier)
    dossier.subject = "Chỉ đổi nội dung"
    with CaptureQueriesContext(connection) as ctx:
        rows.update(dossier)
    (statement,) = [q["sql"] for q in ctx.captured_queries]
    assigned = statement.split(" SET ", 1)[1].split(" WHERE ")[0]
    assert '"subject"' in assigned and '"updated_at"' in assigned
    assert '"due_at"' not in assigned
    assert Dossier.objects.get(pk=dossier.pk).subject == "Chỉ đổi nội dung"


def test_write_all_points_an_update_at_a_row_inserted_in_the_same_batch(world, dossier):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rows.track(dossier)
    first = dossier.current_step
    step = DossierStep(
        dossier=dossier,
        sequence=2,
        stage=2,
        name="Phân công",
        role="department_head",
        agency=world.department,
        started_at=vn(2025, 9, 8, 10, 0),
        budget_seconds=3600,
        due_at=vn(2025, 9, 8, 11, 0),
    )
    dossier.current_step = step
    dossier.step_count = 2
    with CaptureQueriesContext(connection) as ctx:
        rows.write_all([step], updates=[dossier])
    assert len(ctx.captured_queries) == (1 if connection.vendor == "postgresql" else 2)
    assert step.pk is not None and step.pk != first.pk
    assert dossier.current_step_id == step.pk
    stored = Dossier.objects.get(pk=dossier.pk)
    assert (stored.current_step_id, stored.step_count) == (step.pk, 2)
    assert DossierStep.objects.get(pk=step.pk).dossier_id == dossier.pk
