import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.catalog.interchange import export_catalog, import_catalog
from motcua.catalog.models import Procedure, ProcedureCase, ProcedureVersion, ProcessStep
from motcua.core.errors import InputRejected

from .documents import document, make_agencies

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def agencies():
    make_agencies()


def test_round_trip_is_exact():
    doc = document()
    result = import_catalog(data=json.dumps(doc, ensure_ascii=False))
    assert (result.procedures, result.versions, result.cases) == (1, 1, 1)
    assert export_catalog() == doc
    case = ProcedureCase.objects.get()
    assert case.channels.get(channel="online").time_limit == 8
    assert [s.name for s in case.steps.order_by("stage", "id")][1:3] == [
        "Tra cứu thông tin",
        "Xác minh tại Công an",
    ]


def test_reimport_replaces_version_content():
    doc = document()
    import_catalog(data=doc)
    doc["procedures"][0]["versions"][0]["cases"][0]["components"].pop()
    doc["procedures"][0]["name"] = "Tên mới"
    import_catalog(data=doc)
    assert export_catalog() == doc
    assert Procedure.objects.get().name == "Tên mới"
    assert ProcedureVersion.objects.count() == 1


def _rejected(doc) -> list[str]:
    with pytest.raises(InputRejected) as exc:
        import_catalog(data=doc)
    assert Procedure.objects.count() == 0
    assert ProcessStep.objects.count() == 0
    return [str(p) for p in exc.value.problems]


def test_structure_errors_name_the_path():
    doc = document()
    case = doc["procedures"][0]["versions"][0]["cases"][0]
    case["steps"][2]["budget_hours"] = -1
    case["channels"][0]["channel"] = "fax"
    case["components"][0]["colour"] = "red"
    problems = _rejected(doc)
    base = "procedures[0].versions[0].cases[0]"
    assert any(p.startswith(f"{base}.steps[2].budget_hours") for p in problems), problems
    assert any(p.startswith(f"{base}.channels[0].channel") for p in problems), problems
    assert any(p.startswith(f"{base}.components[0].colour") for p in problems), problems


def test_e_form_definitions_are_checked():
    doc = document()
    fields = doc["procedures"][0]["versions"][0]["cases"][0]["form_fields"]
    fields.append(dict(fields[1]))  # the same key twice
    assert any("unique" in p for p in _rejected(doc))
    fields.pop()
    fields[1] = {**fields[1], "key": "Khai Báo"}  # not a lower-case key
    fields[0] = {**fields[0], "choices": []}  # a choice without choices
    problems = _rejected(doc)
    base = "procedures[0].versions[0].cases[0]"
    assert any(p.startswith(f"{base}.form_fields[1].key") for p in problems), problems
    assert any(p.startswith(f"{base}.form_fields[0]") and "choice" in p for p in problems)
    assert not Procedure.objects.exists()


def test_budgets_that_do_not_add_up_are_refused():
    doc = document()
    doc["procedures"][0]["versions"][0]["cases"][0]["steps"][3]["budget_hours"] = 30
    problems = _rejected(doc)
    assert problems == [
        "procedures[0].versions[0].cases[0].steps: Tổng thời gian các bước là 78.5 giờ làm việc "
        "nhưng thời hạn giải quyết là 80 giờ làm việc."
    ]


def test_unknown_references_duplicates_and_windows():
    doc = document()
    version = doc["procedures"][0]["versions"][0]
    doc["procedures"][0]["field"] = "KHONGCO"
    version["agencies"][0]["agency"] = "H11.01"
    version["cases"][0]["steps"][0]["agency"] = "H11.02"
    second = json.loads(json.dumps(version))
    second["number"] = 2
    second["valid_from"] = "2026-01-01"
    doc["procedures"][0]["versions"].append(second)
    doc["procedures"].append(json.loads(json.dumps(doc["procedures"][0])))
    problems = _rejected(doc)
    assert any(p.startswith("procedures[0].field") for p in problems)
    assert any(p.startswith("procedures[0].versions[0].agencies[0].agency") for p in problems)
    assert any(p.startswith("procedures[0].versions[0].cases[0].steps[0].agency") for p in problems)
    assert any(p.startswith("procedures[0].versions[1].valid_from") for p in problems)
    assert any(p.startswith("procedures[1].code") for p in problems)


def test_invalid_json_and_wrong_format():
    with pytest.raises(InputRejected) as exc:
        import_catalog(data='{"format": "motcua-catalog", ')
    assert "JSON" in str(exc.value)
    with pytest.raises(InputRejected) as exc:
        import_catalog(data={"format": "other", "version": 1})
    assert str(exc.value.problems[0]).startswith("format")


def test_commands_round_trip_and_refuse(tmp_path):
    source = tmp_path / "in.json"
    source.write_text(json.dumps(document(), ensure_ascii=False), encoding="utf-8")
    call_command("catalog", "import", str(source))
    out = tmp_path / "out.json"
    call_command("catalog", "export", str(out))
    assert json.loads(out.read_text(encoding="utf-8")) == document()
    broken = document()
    broken["procedures"][0]["versions"][0]["cases"][0]["time_limit"] = "mười"
    Procedure.objects.all().delete()
    source.write_text(json.dumps(broken), encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("catalog", "import", str(source))
    assert "procedures[0].versions[0].cases[0].time_limit" in str(exc.value)
    assert Procedure.objects.count() == 0
