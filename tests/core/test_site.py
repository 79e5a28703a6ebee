import subprocess
import sys

import pytest
from django.urls import reverse

from motcua.agencies.models import Agency, RoleAssignment
from motcua.catalog.budgets import process_hours
from motcua.catalog.models import Field, Procedure, ProcedureVersion
from motcua.core.demo import DEMO_OFFICERS, seed_demo

pytestmark = pytest.mark.django_db


def test_home_page_and_health(client):
    """The portal's home is the site's front page; officers find their way in from it."""
    page = client.get("/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'href="{reverse("office:inbox")}"' in html
    assert f'href="{reverse("admin:index")}"' in html
    assert "Đăng nhập trang quản trị" in html
    login = client.get(reverse("admin:login")).content.decode()
    assert "Quản trị Một Cửa" in login and "Django" not in login.split("<body")[0]
    assert client.get(reverse("core:healthz")).json()["status"] == "ok"


def test_vietnamese_by_default_whatever_the_browser_says(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert page["Content-Language"] == "vi"
    assert "Dành cho cán bộ, công chức" in page.content.decode()
    assert "/static/motcua/site.css" in page.content.decode()


def test_english_switch(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/")
    assert page["Content-Language"] == "en"
    html = page.content.decode()
    assert "For officers" in html and "Sign in to the administration" in html
    assert f'href="{reverse("office:inbox")}"' in html


def test_seed_demo_is_idempotent_and_complete(client):
    first = seed_demo()
    counts = (Agency.objects.count(), Procedure.objects.count(), RoleAssignment.objects.count())
    second = seed_demo()
    assert (
        Agency.objects.count(),
        Procedure.objects.count(),
        RoleAssignment.objects.count(),
    ) == counts
    assert first.procedures_created >= 30 and second.procedures_created == 0
    assert second.officers_created == 0
    assert Field.objects.count() >= 8
    assert Agency.objects.filter(kind="department").count() >= 15
    assert (
        Agency.objects.filter(level="commune", kind="peoples_committee", valid_to=None).count()
        >= 18
    )
    roles = set(RoleAssignment.objects.values_list("role", flat=True))
    assert roles == {
        "counter_officer",
        "specialist",
        "department_head",
        "signing_leader",
        "clerk",
        "supervisor",
        "administrator",
    }
    for version in ProcedureVersion.objects.prefetch_related("cases__steps", "cases__components"):
        for case in version.cases.all():
            assert case.components.exists(), case
            hours = process_hours((s.stage, s.budget_hours) for s in case.steps.all())
            if case.time_unit == "working_days" and not case.no_appointment:
                assert hours == case.time_limit * 8, case
    # The demo administrator can sign in to the admin.
    admin = next(o for o in DEMO_OFFICERS if o.superuser)
    page = client.post(
        reverse("admin:login"),
        {"username": admin.username, "password": "MotCua@2026", "next": "/admin/"},
    )
    assert page.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert "UBND tỉnh Sơn Hà" in client.get("/").content.decode()


def test_console_script_without_subcommand_lists_commands():
    result = subprocess.run(
        [sys.executable, "-m", "motcua.cli"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    for command in ("deadline", "import-agencies", "catalog", "seed-demo", "migrate"):
        assert command in result.stdout


def test_the_language_switch_is_a_plain_link_back_to_the_page(client):
    url = reverse("core:language")
    response = client.get(url, {"language": "en", "next": "/thu-tuc/?q=khai+sinh"})
    assert response.status_code == 302 and response["Location"] == "/thu-tuc/?q=khai+sinh"
    assert response.cookies["django_language"].value == "en"
    assert "Procedures" in client.get("/").content.decode()
    elsewhere = client.get(url, {"language": "vi", "next": "https://example.com/"})
    assert elsewhere["Location"] == "/"
    unknown = client.get(url, {"language": "fr", "next": "/"})
    assert "django_language" not in unknown.cookies
