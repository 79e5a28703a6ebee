import pytest
from django.urls import reverse

from motcua.catalog.interchange import import_catalog
from motcua.catalog.models import ProcedureCase, ProcessStep

from .documents import document, make_agencies

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    make_agencies()
    import_catalog(data=document())
    return ProcedureCase.objects.get()


def _case_form(case, **changes):
    """The POST data of the case's admin page as it is, with ``changes`` applied."""
    data = {
        "version": case.version_id,
        "code": case.code,
        "name": case.name,
        "time_limit": "10",
        "time_unit": case.time_unit,
        "cutoff": "",
    }
    for prefix, rows, fields in [
        ("channels", case.channels.all(), ["channel", "time_limit", "time_unit"]),
        (
            "fees",
            case.fees.all(),
            ["kind", "name", "amount", "collection", "channel", "description"],
        ),
        (
            "components",
            case.components.all(),
            ["position", "name", "originals", "copies", "template_name", "note"],
        ),
        ("steps", case.steps.all(), ["stage", "name", "role", "agency", "budget_hours"]),
    ]:
        rows = list(rows)
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = str(len(rows))
        for i, row in enumerate(rows):
            data[f"{prefix}-{i}-id"] = str(row.pk)
            data[f"{prefix}-{i}-case"] = str(case.pk)
            for field in fields:
                value = (
                    getattr(row, field + "_id", None) if field == "agency" else getattr(row, field)
                )
                data[f"{prefix}-{i}-{field}"] = "" if value is None else str(value)
            if prefix == "components" and row.mandatory:
                data[f"{prefix}-{i}-mandatory"] = "on"
    data.update(changes)
    return data


def test_catalogue_pages_are_in_vietnamese(admin_client_vi, case):
    page = admin_client_vi.get(reverse("admin:catalog_procedurecase_change", args=[case.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Thời hạn giải quyết" in body
    assert "Quy trình nội bộ" in body
    listing = admin_client_vi.get(reverse("admin:catalog_procedure_changelist") + "?q=lý lịch")
    assert "2.000488.H99" in listing.content.decode()


def test_unchanged_case_saves(admin_client_vi, case):
    url = reverse("admin:catalog_procedurecase_change", args=[case.pk])
    response = admin_client_vi.post(url, _case_form(case, name="Tên đã sửa"))
    assert response.status_code == 302, response.content.decode()[:3000]
    case.refresh_from_db()
    assert case.name == "Tên đã sửa"


def test_budget_mismatch_is_shown_and_nothing_changes(admin_client_vi, case):
    url = reverse("admin:catalog_procedurecase_change", args=[case.pk])
    before = list(ProcessStep.objects.order_by("pk").values_list("budget_hours", flat=True))
    response = admin_client_vi.post(
        url, _case_form(case, name="Không lưu", **{"steps-0-budget_hours": "9"})
    )
    assert response.status_code == 200
    assert "Tổng thời gian các bước là 85 giờ làm việc" in response.content.decode()
    case.refresh_from_db()
    assert case.name == "Cấp Phiếu lý lịch tư pháp số 1"
    assert list(ProcessStep.objects.order_by("pk").values_list("budget_hours", flat=True)) == before


def test_changing_the_limit_without_the_steps_is_refused(admin_client_vi, case):
    url = reverse("admin:catalog_procedurecase_change", args=[case.pk])
    response = admin_client_vi.post(url, _case_form(case, time_limit="12"))
    assert response.status_code == 200
    assert "96 giờ làm việc" in response.content.decode()
    case.refresh_from_db()
    assert case.time_limit == 10
