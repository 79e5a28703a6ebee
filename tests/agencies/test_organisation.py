import datetime

import pytest
from django.core.exceptions import ValidationError

from motcua.agencies.models import Agency, Role, RoleAssignment
from motcua.agencies.services import assign_role, merge_agencies

from .factories import DepartmentFactory, ProvinceFactory

pytestmark = pytest.mark.django_db


def test_merger_records_successor_and_end():
    province = ProvinceFactory()
    old_a = Agency.objects.create(
        code="H99.71", name="Xã A", level="commune", kind="peoples_committee", parent=province
    )
    old_b = Agency.objects.create(
        code="H99.72", name="Xã B", level="commune", kind="peoples_committee", parent=province
    )
    new = Agency.objects.create(
        code="H99.73",
        name="Xã A-B",
        level="commune",
        kind="peoples_committee",
        parent=province,
        valid_from=datetime.date(2025, 7, 1),
    )
    merge_agencies(sources=[old_a, old_b], successor=new, last_day=datetime.date(2025, 6, 30))
    old_a.refresh_from_db()
    assert old_a.successor == new
    assert old_a.valid_to == datetime.date(2025, 6, 30)
    assert set(new.predecessors.values_list("code", flat=True)) == {"H99.71", "H99.72"}
    with pytest.raises(ValidationError):
        merge_agencies(sources=[new], successor=new, last_day=datetime.date(2025, 6, 30))


def test_clean_refuses_inverted_levels_cycles_and_windows():
    province = ProvinceFactory()
    department = DepartmentFactory(parent=province)
    commune = Agency.objects.create(
        code="H99.51", name="Xã", level="commune", kind="peoples_committee", parent=province
    )
    department.parent = commune
    with pytest.raises(ValidationError) as exc:
        department.full_clean()
    assert "parent" in exc.value.message_dict
    province.parent = department
    department.parent = province
    with pytest.raises(ValidationError) as exc:
        province.full_clean()
    assert "parent" in exc.value.message_dict
    commune.valid_from = datetime.date(2025, 7, 1)
    commune.valid_to = datetime.date(2025, 6, 1)
    with pytest.raises(ValidationError) as exc:
        commune.full_clean()
    assert "valid_to" in exc.value.message_dict


def test_role_assignment_is_idempotent(django_user_model):
    user = django_user_model.objects.create_user("cv", password="x")
    department = DepartmentFactory()
    first = assign_role(user=user, agency=department, role=Role.SPECIALIST, title="Chuyên viên")
    first.is_active = False
    first.save()
    again = assign_role(user=user, agency=department, role=Role.SPECIALIST)
    assert again.pk == first.pk and again.is_active
    assert RoleAssignment.objects.count() == 1
    with pytest.raises(ValidationError):
        assign_role(user=user, agency=department, role="king")
