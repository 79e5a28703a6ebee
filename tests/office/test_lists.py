"""The inbox's badges, filters and pages, and the supervisors' page."""

import datetime

from django.urls import reverse
from django.utils import timezone

from motcua.agencies.models import Role
from motcua.agencies.services import assign_role
from motcua.dossiers import services as s
from motcua.dossiers.models import Dossier
from tests.dossiers.world import make_interconnected

from .conftest import vn


def receive_now(world, minutes_ago):
    at = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    return s.receive_at_counter(application=world.application(), actor=world.counter, at=at)


def test_badges_and_the_deadline_filter(world, signed_in):
    old = s.receive_at_counter(
        application=world.application(), actor=world.counter, at=vn(2025, 5, 12, 8, 0)
    )
    fresh = receive_now(world, 1)
    counter = signed_in(world.counter)
    html = counter.get(reverse("office:inbox"), {"tab": "mine"}).content.decode()
    assert "Quá hạn" in html
    overdue = counter.get(reverse("office:inbox"), {"tab": "mine", "badge": "overdue"})
    text = overdue.content.decode()
    assert old.code in text and fresh.code not in text


def test_keyset_pages_cover_every_dossier_once(world, signed_in):
    codes = {
        s.receive_at_counter(
            application=world.application(),
            actor=world.counter,
            at=vn(2025, 5, 12, 8, 0) + datetime.timedelta(minutes=i),
        ).code
        for i in range(30)
    }
    counter = signed_in(world.counter)
    seen, params = [], {"tab": "mine"}
    for _ in range(5):
        response = counter.get(reverse("office:inbox"), params)
        page = [c for c in codes if c in response.content.decode()]
        seen += page
        nxt = response.context["next_cursor"]
        if not nxt:
            break
        params = {"tab": "mine", "after": nxt}
    assert sorted(seen) == sorted(codes)
    broken = counter.get(reverse("office:inbox"), {"tab": "mine", "after": "rubbish"})
    assert broken.status_code == 200 and "không còn hợp lệ" in broken.content.decode()


def test_an_interconnected_dossier_is_in_each_agencys_inbox_once(world, signed_in):
    w = make_interconnected(world)
    d = s.receive_at_counter(application=w.application(), actor=w.counter, at=vn(2025, 5, 12, 8))
    s.forward(dossier_id=d.pk, actor=w.counter, at=vn(2025, 5, 12, 9, 0))
    for actor in (w.cop, w.taxman):
        response = signed_in(actor).get(reverse("office:inbox"), {"tab": "mine"})
        assert response.context["counts"]["mine"] == 1
        assert d.code in response.content.decode()
    # The tax office finishes its part through the page; the police still have theirs.
    taxman = signed_in(w.taxman)
    assert taxman.post(reverse("office:act", args=[d.pk, "chuyen"]), {}).status_code == 302
    assert taxman.get(reverse("office:inbox"), {"tab": "mine"}).context["counts"]["mine"] == 0
    police = signed_in(w.cop).get(reverse("office:inbox"), {"tab": "mine"})
    assert police.context["counts"]["mine"] == 1
    page = signed_in(w.cop).get(reverse("office:dossier", args=[d.pk])).content.decode()
    assert "Phần việc của từng cơ quan" in page and "Thuế tỉnh" in page


def test_supervision_counts_overdue_by_unit_and_officer(world, signed_in):
    receive_now(world, 1)
    s.receive_at_counter(
        application=world.application(), actor=world.counter, at=vn(2025, 5, 12, 8, 0)
    )
    boss = signed_in(world.supervisor)
    response = boss.get(reverse("office:supervision"))
    assert response.status_code == 200
    by_unit = {r["agency__code"]: r for r in response.context["by_unit"]}
    assert by_unit["H99.20"]["overdue"] == 1
    # Not for an officer without the supervisor's role.
    assert signed_in(world.specialist).get(reverse("office:supervision")).status_code == 403
    assert Dossier.objects.count() == 2


def test_a_province_supervisor_sees_everything_below(world, signed_in, django_user_model):
    user = django_user_model.objects.create_user("tinh", password="x")
    assign_role(user=user, agency=world.province, role=Role.SUPERVISOR)
    s.receive_at_counter(
        application=world.application(), actor=world.counter, at=vn(2025, 5, 12, 8, 0)
    )
    response = signed_in(type("A", (), {"user": user})()).get(reverse("office:supervision"))
    assert {r["agency__code"] for r in response.context["by_unit"]} == {"H99.20"}
