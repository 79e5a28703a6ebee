import pytest
from django.forms import inlineformset_factory
from django.urls import reverse

from motcua.catalog.admin import MemberFormSet
from motcua.catalog.interchange import import_catalog
from motcua.catalog.models import (
    GroupMember,
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    ProcessStep,
)

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
        ("form_fields", case.form_fields.all(), ["position", "key", "label", "kind"]),
        (
            "steps",
            case.steps.order_by("stage", "id"),
            ["stage", "name", "role", "agency", "member_procedure", "budget_hours"],
        ),
    ]:
        rows = list(rows)
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = str(len(rows))
        for i, row in enumerate(rows):
            data[f"{prefix}-{i}-id"] = str(row.pk)
            data[f"{prefix}-{i}-case"] = str(case.pk)
            for field in fields:
                value = (
                    getattr(row, field + "_id", None)
                    if field in ("agency", "member_procedure")
                    else getattr(row, field)
                )
                data[f"{prefix}-{i}-{field}"] = "" if value is None else str(value)
            if prefix == "components" and row.mandatory:
                data[f"{prefix}-{i}-mandatory"] = "on"
            if prefix == "steps" and row.local_unit:
                data[f"{prefix}-{i}-local_unit"] = "on"
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


def _step_errors(response) -> list[dict]:
    """The errors of each step form on a refused case page (whatever the language)."""
    (steps,) = [f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "steps"]
    return [dict(form.errors) for form in steps.formset.forms]


def test_case_page_shows_local_unit_and_member(admin_client_vi, case):
    page = admin_client_vi.get(reverse("admin:catalog_procedurecase_change", args=[case.pk]))
    body = page.content.decode()
    assert 'name="steps-0-local_unit"' in body
    assert 'name="steps-0-member_procedure"' in body


def test_local_unit_without_agency_is_refused(admin_client_vi, case):
    url = reverse("admin:catalog_procedurecase_change", args=[case.pk])
    form = _case_form(case, **{"steps-0-agency": "", "steps-0-local_unit": "on"})
    response = admin_client_vi.post(url, form)
    assert response.status_code == 200
    assert list(_step_errors(response)[0]) == ["local_unit"]
    assert not ProcessStep.objects.filter(local_unit=True).exists()
    form["steps-0-agency"] = str(case.steps.order_by("stage", "id")[0].agency_id)
    response = admin_client_vi.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert ProcessStep.objects.get(local_unit=True).stage == 1


def test_step_member_must_be_a_member_of_the_version(admin_client_vi, case):
    other = Procedure.objects.create(
        code="2.000489.H99", name="Cấp thẻ", field=case.version.procedure.field
    )
    url = reverse("admin:catalog_procedurecase_change", args=[case.pk])
    form = _case_form(case, **{"steps-1-member_procedure": str(other.pk)})
    response = admin_client_vi.post(url, form)
    assert response.status_code == 200
    assert list(_step_errors(response)[1]) == ["member_procedure"]
    assert not ProcessStep.objects.filter(member_procedure__isnull=False).exists()
    GroupMember.objects.create(version=case.version, procedure=other, position=1)
    response = admin_client_vi.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert ProcessStep.objects.get(member_procedure=other).name == "Tra cứu thông tin"


def test_version_page_has_the_members_inline(admin_client_vi, case):
    page = admin_client_vi.get(
        reverse("admin:catalog_procedureversion_change", args=[case.version_id])
    )
    assert page.status_code == 200
    assert 'name="members-TOTAL_FORMS"' in page.content.decode()


def _member_formset(version: ProcedureVersion, rows: list[tuple[int | None, int, Procedure]]):
    """The members inline as posted: ``rows`` are (existing member id or None, position,
    procedure)."""
    formset_class = inlineformset_factory(
        ProcedureVersion,
        GroupMember,
        formset=MemberFormSet,
        fields=["position", "procedure"],
        extra=0,
    )
    initial = sum(1 for pk, _position, _procedure in rows if pk)
    data = {"members-TOTAL_FORMS": str(len(rows)), "members-INITIAL_FORMS": str(initial)}
    for i, (pk, position, procedure) in enumerate(rows):
        data[f"members-{i}-id"] = str(pk or "")
        data[f"members-{i}-position"] = str(position)
        data[f"members-{i}-procedure"] = str(procedure.pk)
    return formset_class(data, instance=version, prefix="members")


def test_group_cannot_list_itself(case):
    version = case.version
    other = Procedure.objects.create(
        code="2.000489.H99", name="Cấp thẻ", field=version.procedure.field
    )
    formset = _member_formset(version, [(None, 1, other), (None, 2, version.procedure)])
    assert not formset.is_valid()
    assert [list(f.errors) for f in formset.forms] == [[], ["procedure"]]
    assert _member_formset(version, [(None, 1, other)]).is_valid()


def test_member_carried_out_by_a_step_stays(case):
    version = case.version
    other = Procedure.objects.create(
        code="2.000489.H99", name="Cấp thẻ", field=version.procedure.field
    )
    member = GroupMember.objects.create(version=version, procedure=other, position=1)
    ProcessStep.objects.filter(case=case, stage=1).update(member_procedure=other)
    # Replacing the member by another procedure leaves the step without its member.
    third = Procedure.objects.create(code="2.000490.H99", name="Khác", field=other.field)
    formset = _member_formset(version, [(member.pk, 1, third)])
    assert not formset.is_valid()
    assert formset.non_form_errors()
    assert _member_formset(version, [(member.pk, 1, other), (None, 2, third)]).is_valid()
