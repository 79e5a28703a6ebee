import pytest
from django.urls import reverse

from motcua.agencies.models import Agency

from .factories import ProvinceFactory

pytestmark = pytest.mark.django_db


def test_agency_admin_refuses_bad_code_and_inverted_level(admin_client_vi):
    province = ProvinceFactory()
    commune = Agency.objects.create(
        code="H99.51", name="Xã", level="commune", kind="peoples_committee", parent=province
    )
    url = reverse("admin:agencies_agency_add")
    form = {"code": "h99-01", "name": "Sở Tư pháp", "level": "province", "kind": "department"}
    response = admin_client_vi.post(url, {**form, "parent": province.pk})
    assert response.status_code == 200
    assert "Mã chỉ được gồm chữ số, chữ in hoa A–Z và dấu chấm." in response.content.decode()
    response = admin_client_vi.post(url, {**form, "code": "H99.01", "parent": commune.pk})
    assert response.status_code == 200
    assert "không thể là cơ quan cấp trên" in response.content.decode()
    assert not Agency.objects.filter(name="Sở Tư pháp").exists()
    response = admin_client_vi.post(url, {**form, "code": "H99.01", "parent": province.pk})
    assert response.status_code == 302
    assert Agency.objects.get(code="H99.01").parent == province


def test_agency_list_search_and_filters(admin_client_vi):
    ProvinceFactory()
    page = admin_client_vi.get(
        reverse("admin:agencies_agency_changelist") + "?q=Sơn Hà&level=province"
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert "Tỉnh Sơn Hà" in body
    assert "Cấp" in body  # the level filter's Vietnamese title


def test_officer_page_shows_roles(admin_client_vi, django_user_model):
    user = django_user_model.objects.create_user("cv1", password="x")
    page = admin_client_vi.get(reverse("admin:auth_user_change", args=[user.pk]))
    assert page.status_code == 200
    assert "Vai trò" in page.content.decode()


def _territory_setup() -> tuple[Agency, Agency]:
    province = ProvinceFactory()
    police = Agency.objects.create(
        code="H99.30",
        name="Công an tỉnh",
        level="province",
        kind="vertical_agency",
        parent=province,
    )
    commune = Agency.objects.create(
        code="H99.51",
        name="UBND xã Hòa An",
        level="commune",
        kind="peoples_committee",
        parent=province,
    )
    return police, commune


def test_territory_is_a_peoples_committee(admin_client_vi):
    police, commune = _territory_setup()
    url = reverse("admin:agencies_agency_add")
    form = {
        "code": "H99.30.51",
        "name": "Công an xã Hòa An",
        "level": "commune",
        "kind": "vertical_agency",
        "parent": police.pk,
    }
    response = admin_client_vi.post(url, {**form, "territory": police.pk})
    assert response.status_code == 200
    assert "territory" in response.context["adminform"].form.errors
    assert not Agency.objects.filter(code="H99.30.51").exists()
    response = admin_client_vi.post(url, {**form, "territory": commune.pk})
    assert response.status_code == 302
    assert Agency.objects.get(code="H99.30.51").territory == commune
    page = admin_client_vi.get(reverse("admin:agencies_agency_change", args=[commune.pk]))
    assert 'name="territory"' in page.content.decode()


def test_territory_autocomplete_offers_peoples_committees_only(admin_client_vi):
    _territory_setup()
    url = reverse("admin:autocomplete")
    query = {"app_label": "agencies", "model_name": "agency", "term": "H99"}
    territory = admin_client_vi.get(url, {**query, "field_name": "territory"}).json()
    assert sorted(r["text"] for r in territory["results"]) == [
        "Tỉnh Sơn Hà (H99)",
        "UBND xã Hòa An (H99.51)",
    ]
    parent = admin_client_vi.get(url, {**query, "field_name": "parent"}).json()
    assert len(parent["results"]) == 3
