"""Who sees which dossier (``selectors.visible_dossiers``), and the list's filters and keyset
pagination."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from motcua.agencies.models import Role, RoleAssignment
from motcua.agencies.services import assign_role
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import covered_agency_ids, dossier_for, visible_dossiers

from .conftest import vn


def receive(world, at, **changes) -> Dossier:
    return services.receive_at_counter(
        application=world.application(**changes), actor=world.counter, at=at
    )


def ids(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


def test_covered_agencies_follow_the_tree(world, django_user_model):
    assert covered_agency_ids(world.head.user) == {world.department.pk, world.division.pk}
    assert covered_agency_ids(world.specialist.user) == {world.division.pk}
    assert covered_agency_ids(world.counter.user) == {world.centre.pk}
    admin = django_user_model.objects.create_user("quantri")
    assign_role(user=admin, agency=world.province, role=Role.ADMINISTRATOR)
    assert covered_agency_ids(admin) == {
        world.province.pk,
        world.centre.pk,
        world.department.pk,
        world.division.pk,
    }
    nobody = django_user_model.objects.create_superuser("root2", "r@example.vn", "pw")
    assert covered_agency_ids(nobody) == set() and not visible_dossiers(nobody).exists()
    assert covered_agency_ids(None) == set()


def test_who_sees_a_counter_dossier(world, django_user_model):
    d = receive(world, vn(2025, 4, 28, 9, 0))
    for actor in (world.counter, world.head, world.leader, world.clerk, world.supervisor):
        assert ids(visible_dossiers(actor.user)) == {d.pk}
        assert dossier_for(actor.user, d.pk) == d
    # Another province's officer and (until the dossier reaches the division) the specialist.
    for actor in (world.outsider, world.specialist):
        assert not visible_dossiers(actor.user).exists()
        with pytest.raises(Dossier.DoesNotExist):
            dossier_for(actor.user, d.pk)
    services.forward(dossier_id=d.pk, actor=world.counter, at=vn(2025, 4, 28, 10, 0))
    services.assign(
        dossier_id=d.pk, actor=world.head, to_user=world.specialist.user, at=vn(2025, 4, 28, 11)
    )
    services.forward(dossier_id=d.pk, actor=world.specialist, at=vn(2025, 4, 29, 9, 0))
    # Passed on to the department: the division still sees it through its control-slip row.
    assert Dossier.objects.get(pk=d.pk).current_agency == world.department
    assert ids(visible_dossiers(world.specialist.user)) == {d.pk}


def test_inactive_roles_and_users_see_nothing(world):
    receive(world, vn(2025, 4, 28, 9, 0))
    RoleAssignment.objects.filter(user=world.supervisor.user).update(is_active=False)
    assert not visible_dossiers(world.supervisor.user).exists()
    user = world.counter.user
    user.is_active = False
    user.save()
    assert not visible_dossiers(get_user_model().objects.get(pk=user.pk)).exists()


def test_department_head_sees_the_divisions_dossiers_through_the_api(world, as_officer):
    mine = receive(world, vn(2025, 4, 28, 9, 0), competent_agency=world.division)
    head = as_officer(world.head)
    assert [i["id"] for i in head.get("/dossiers").json()["items"]] == [mine.pk]
    assert head.get(f"/dossiers/{mine.pk}").json()["competent_agency"]["code"] == "H99.01.01"
    assert [i["id"] for i in as_officer(world.specialist).get("/dossiers").json()["items"]] == [
        mine.pk
    ]


def test_other_province_lists_nothing_and_gets_404(world, as_officer):
    d = receive(world, vn(2025, 4, 28, 9, 0))
    outsider = as_officer(world.outsider)
    assert outsider.get("/dossiers").json() == {"items": [], "next": None}
    response = outsider.get(f"/dossiers/{d.pk}")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_visibility_is_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    for day in range(5):
        receive(world, vn(2025, 5, 5 + day, 9, 0))
    with django_assert_max_num_queries(4):  # roles, two tree levels, the dossiers
        assert len(list(visible_dossiers(world.head.user))) == 5


def test_keyset_pagination_returns_every_dossier_once(world, as_officer):
    # Several dossiers share a due instant (received at the same moment), one has none.
    # Nine in all, so that the last page is exactly full and still says there is no more.
    moments = [vn(2025, 5, 5, 9, 0)] * 3 + [vn(2025, 5, 6, 9, 0), vn(2025, 5, 2, 9, 0)] * 2
    moments.append(vn(2025, 5, 7, 9, 0))
    created = [receive(world, at) for at in moments]
    created.append(
        services.submit(application=world.application("online"), actor=services.Actor.citizen())
    )
    counter = as_officer(world.counter)
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 3, **({"after": cursor} if cursor else {})}
        page = counter.get("/dossiers", **params).json()
        seen += page["items"]
        pages += 1
        cursor = page["next"]
        if cursor is None:
            break
    assert pages == 3
    assert sorted(i["id"] for i in seen) == sorted(d.pk for d in created)
    assert len({i["id"] for i in seen}) == len(seen)
    keys = [(i["due_at"] is None, i["due_at"] or "", i["id"]) for i in seen]
    assert keys == sorted(keys)
    assert seen[-1]["state"] == "submitted" and seen[-1]["due_at"] is None


def test_list_filters(world, as_officer):
    old = receive(world, vn(2025, 4, 28, 9, 0))  # long overdue and still open
    postal = receive(world, vn(2025, 4, 28, 9, 0), channel="postal")
    services.forward(dossier_id=postal.pk, actor=world.counter, at=vn(2025, 4, 28, 9, 30))
    services.stop(dossier_id=postal.pk, actor=world.head, reason="x", at=vn(2025, 4, 28, 10))
    online = services.submit(
        application=world.application("online"), actor=services.Actor.citizen()
    )
    counter = as_officer(world.counter)

    def listed(**params):
        response = counter.get("/dossiers", **params)
        assert response.status_code == 200, response.json()
        return [i["id"] for i in response.json()["items"]]

    assert listed(state="submitted") == [online.pk]
    assert listed(channel="postal") == [postal.pk]
    assert sorted(listed(procedure="2.000488.H99")) == sorted([old.pk, postal.pk, online.pk])
    assert listed(procedure="9.999999") == []
    # The stopped dossier's clock stopped before its due instant: not overdue.
    assert listed(overdue="true") == [old.pk]
    assert sorted(listed(overdue="false")) == sorted([postal.pk, online.pk])
    assert listed(state="received", overdue="true") == [old.pk]


def test_summary_shape(world, as_officer):
    d = receive(world, vn(2025, 4, 28, 9, 0))
    item = as_officer(world.counter).get("/dossiers").json()["items"][0]
    assert item["code"] == d.code == "H99.20-250428-0001"
    assert item["owner"] == "Nguyễn Văn An" and item["procedure"] == "2.000488.H99"
    assert datetime.datetime.fromisoformat(item["due_at"]) == vn(2025, 5, 8, 9, 0)
    assert item["due_at"] == "2025-05-08T09:00:00+07:00"
