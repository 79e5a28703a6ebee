"""Interconnected procedure groups and local units in the catalogue interchange format."""

import copy
import json

import pytest

from motcua.catalog.interchange import export_catalog, import_catalog
from motcua.catalog.models import GroupMember, Procedure, ProcessStep
from motcua.core.errors import InputRejected

from .documents import document, make_agencies

pytestmark = pytest.mark.django_db

GROUP = "1.000100.H99"  # sorts before the members, so the file names them before defining them
BIRTH = "2.000488.H99"  # the procedure of documents.DOCUMENT
CARD = "2.000489.H99"


@pytest.fixture(autouse=True)
def agencies():
    make_agencies()


def _procedure(code: str, name: str) -> dict:
    """A copy of the procedure of documents.DOCUMENT under another code and name."""
    procedure = copy.deepcopy(document()["procedures"][0])
    procedure["code"] = code
    procedure["name"] = name
    procedure["versions"][0]["name"] = name
    return procedure


def _group(members: list[str]) -> dict:
    group = _procedure(GROUP, "Liên thông cấp phiếu lý lịch tư pháp và thẻ")
    version = group["versions"][0]
    version["members"] = members
    steps = version["cases"][0]["steps"]
    steps[1]["member_procedure"] = BIRTH
    steps[2]["local_unit"] = True
    steps[2]["member_procedure"] = CARD
    return group


def group_document() -> dict:
    doc = document()
    doc["procedures"] = [
        _group([CARD, BIRTH]),
        doc["procedures"][0],
        _procedure(CARD, "Cấp thẻ"),
    ]
    return doc


def test_round_trip_with_members_and_local_units():
    doc = group_document()
    import_catalog(data=json.dumps(doc, ensure_ascii=False))
    assert export_catalog() == doc
    group = Procedure.objects.get(code=GROUP).versions.get()
    assert [(m.position, m.procedure.code) for m in group.members.all()] == [
        (1, CARD),
        (2, BIRTH),
    ]
    steps = list(ProcessStep.objects.filter(case__version=group).order_by("stage", "id"))
    assert [s.member_procedure.code if s.member_procedure else None for s in steps] == [
        None,
        BIRTH,
        CARD,
        None,
        None,
    ]
    assert [s.local_unit for s in steps] == [False, False, True, False, False]
    assert Procedure.objects.get(code=CARD).groups.get().version == group


def test_exported_keys_are_in_the_order_of_the_format():
    import_catalog(data=group_document())
    version = export_catalog()["procedures"][0]["versions"][0]
    keys = list(version)
    assert keys[keys.index("agencies") + 1] == "members"
    assert list(version["cases"][0]["steps"][0]) == [
        "stage",
        "name",
        "role",
        "agency",
        "local_unit",
        "member_procedure",
        "budget_hours",
    ]


def test_reimport_replaces_the_members():
    doc = group_document()
    import_catalog(data=doc)
    version = doc["procedures"][0]["versions"][0]
    version["members"] = [BIRTH]
    version["cases"][0]["steps"][2]["member_procedure"] = None
    import_catalog(data=doc)
    assert export_catalog() == doc
    assert GroupMember.objects.get().procedure.code == BIRTH


def test_members_may_already_be_in_the_database():
    import_catalog(data=document())
    doc = document()
    group = _group([BIRTH])
    group["versions"][0]["cases"][0]["steps"][2]["member_procedure"] = None
    doc["procedures"] = [group]
    import_catalog(data=doc)
    assert GroupMember.objects.get().procedure.code == BIRTH
    exported = export_catalog()["procedures"]
    assert [p["code"] for p in exported] == [GROUP, BIRTH]
    assert exported[0] == group


def _rejected(doc) -> list[str]:
    before = Procedure.objects.count(), GroupMember.objects.count(), ProcessStep.objects.count()
    with pytest.raises(InputRejected) as exc:
        import_catalog(data=doc)
    after = Procedure.objects.count(), GroupMember.objects.count(), ProcessStep.objects.count()
    assert after == before, "a rejected file must write nothing"
    return [str(p) for p in exc.value.problems]


def _at(problems: list[str], path: str) -> list[str]:
    return [p for p in problems if p.startswith(f"{path}: ")]


def test_unknown_member_procedure_is_refused():
    doc = group_document()
    doc["procedures"][0]["versions"][0]["members"].append("9.999999.H99")
    problems = _rejected(doc)
    (problem,) = _at(problems, "procedures[0].versions[0].members[2]")
    assert "9.999999.H99" in problem
    assert len(problems) == 1, problems


def test_group_listing_itself_is_refused():
    doc = group_document()
    doc["procedures"][0]["versions"][0]["members"].append(GROUP)
    problems = _rejected(doc)
    assert _at(problems, "procedures[0].versions[0].members[2]"), problems
    assert len(problems) == 1, problems


def test_member_listed_twice_is_refused():
    doc = group_document()
    doc["procedures"][0]["versions"][0]["members"].append(CARD)
    problems = _rejected(doc)
    assert _at(problems, "procedures[0].versions[0].members[2]"), problems
    assert len(problems) == 1, problems


def test_step_member_must_be_among_the_members():
    doc = group_document()
    doc["procedures"][0]["versions"][0]["members"] = [BIRTH]  # CARD is carried out by steps[2]
    # A member of another procedure's version does not count either.
    doc["procedures"][1]["versions"][0]["cases"][0]["steps"][0]["member_procedure"] = BIRTH
    problems = _rejected(doc)
    (problem,) = _at(problems, "procedures[0].versions[0].cases[0].steps[2].member_procedure")
    assert CARD in problem
    assert _at(problems, "procedures[1].versions[0].cases[0].steps[0].member_procedure")
    assert len(problems) == 2, problems


def test_local_unit_needs_the_steps_agency():
    doc = group_document()
    step = doc["procedures"][0]["versions"][0]["cases"][0]["steps"][3]
    step["agency"] = None
    step["local_unit"] = True
    problems = _rejected(doc)
    assert _at(problems, "procedures[0].versions[0].cases[0].steps[3].local_unit"), problems
    assert len(problems) == 1, problems


def test_new_keys_are_type_checked():
    doc = group_document()
    version = doc["procedures"][0]["versions"][0]
    version["members"] = "2.000488.H99"
    version["cases"][0]["steps"][0]["local_unit"] = "có"
    version["cases"][0]["steps"][1]["member_procedure"] = ""
    problems = _rejected(doc)
    base = "procedures[0].versions[0]"
    for path in (
        f"{base}.members",
        f"{base}.cases[0].steps[0].local_unit",
        f"{base}.cases[0].steps[1].member_procedure",
    ):
        assert any(p.startswith(path) for p in problems), (path, problems)
