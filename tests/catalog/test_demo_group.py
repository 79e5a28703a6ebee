"""The demo province carries the NĐ 63/2024 group, the commune police territories and the
officers who handle the group's steps."""

import pytest

from motcua.agencies.models import Agency, RoleAssignment
from motcua.catalog.budgets import process_hours
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.core.demo import seed_demo

pytestmark = pytest.mark.django_db

GROUP = "1.009922.H99"
MEMBERS = ["1.001193", "1.009908.H99", "2.009932.H99"]


def _group() -> ProcedureVersion:
    return ProcedureVersion.objects.get(procedure__code=GROUP)


def test_demo_has_the_nd_63_group():
    seed_demo()
    version = _group()
    assert version.is_interconnected and not version.is_boundary_independent
    assert version.procedure.field.code == "HOTICH"
    assert version.level_list == ["commune"]
    assert [m.procedure.code for m in version.members.all()] == MEMBERS
    assert version.legal_bases.filter(number="63/2024/NĐ-CP").exists()
    parts = {(p.agency.code, p.part) for p in version.agency_parts.select_related("agency")}
    assert {code for code, part in parts if part == "coordinating"} == {"H99.30", "H99.32"}
    assert {code for code, part in parts if part == "deciding"} == {
        f"H99.{n}" for n in range(51, 71)
    }
    case, verified = version.cases.order_by("code")
    # NĐ 63/2024: 5 working days when information must be verified.
    assert (verified.code, verified.time_limit, verified.cutoff) == ("02", 5, case.cutoff)
    assert process_hours((s.stage, s.budget_hours) for s in verified.steps.all()) == 40
    assert (case.time_limit, case.time_unit, case.cutoff.strftime("%H:%M")) == (
        3,
        "working_days",
        "15:00",
    )
    steps = list(case.steps.select_related("agency", "member_procedure").order_by("stage", "id"))
    assert process_hours((s.stage, s.budget_hours) for s in steps) == 24
    assert [
        (
            s.stage,
            s.role,
            s.agency.code if s.agency else None,
            s.local_unit,
            s.member_procedure.code if s.member_procedure else None,
        )
        for s in steps
    ] == [
        (1, "counter_officer", None, False, None),
        (2, "specialist", None, False, "1.001193"),
        (3, "specialist", "H99.30", True, "1.009908.H99"),
        (3, "specialist", "H99.32", False, "2.009932.H99"),
        (4, "signing_leader", None, False, None),
        (5, "counter_officer", None, False, None),
    ]


def test_commune_police_serve_their_commune():
    seed_demo()
    police = Agency.objects.filter(parent__code="H99.30", level="commune").select_related(
        "territory"
    )
    assert len(police) == 20
    for unit in police:
        suffix = unit.code.rsplit(".", 1)[1]
        assert unit.territory.code == f"H99.{suffix}", unit
        assert unit.territory.kind == Agency.Kind.PEOPLES_COMMITTEE
    assert not Agency.objects.filter(territory__isnull=False).exclude(parent__code="H99.30")


def test_officers_of_the_group_steps():
    seed_demo()
    roles = {
        (a.user.username, a.agency.code, a.role)
        for a in RoleAssignment.objects.select_related("user", "agency").filter(
            user__username__in=["congan.xa", "bhxh.tinh"]
        )
    }
    assert roles == {
        ("congan.xa", "H99.30.51", "specialist"),
        ("congan.xa", "H99.30.51", "department_head"),
        ("bhxh.tinh", "H99.32", "specialist"),
        ("bhxh.tinh", "H99.32", "department_head"),
    }


def test_group_added_to_a_demo_that_already_has_its_members():
    """An older demo database has the three procedures but not the group: seeding again adds the
    group, whose members are then only in the database."""
    seed_demo()
    Procedure.objects.filter(code=GROUP).delete()
    assert seed_demo().procedures_created == 1
    assert [m.procedure.code for m in _group().members.all()] == MEMBERS
