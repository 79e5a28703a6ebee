"""Smoke journeys in a real browser: the public home page and the officers' sign-in."""

import pytest
from playwright.sync_api import expect

from motcua.agencies.models import Role, RoleAssignment
from motcua.core.demo import seed_demo
from tests.agencies.factories import ProvinceFactory
from tests.browser.conftest import SIGN_IN_PATH, axe_check, sign_in

pytestmark = pytest.mark.browser

PASSWORD = "Mot-Cua-2026-thu"  # a test officer's


@pytest.fixture
def officer(django_user_model):
    """A counter officer (at the province), with a password hashed as usual (MD5 in tests)."""
    user = django_user_model.objects.create_user("motcua.tinh", password=PASSWORD)
    RoleAssignment.objects.create(user=user, agency=ProvinceFactory(), role=Role.COUNTER_OFFICER)
    return user


def test_home_page_in_vietnamese_and_accessible(page):
    seed_demo()  # the demo province: its name, figures and fields on the page
    response = page.goto("/")
    assert response.status == 200
    assert response.headers["content-language"] == "vi"
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=2, name="Dành cho cán bộ, công chức")).to_be_visible()
    expect(page.get_by_role("link", name="Bỏ qua, đến nội dung chính")).to_be_attached()
    axe_check(page)


def test_sign_in_page_accessible(page):
    page.goto(SIGN_IN_PATH)
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    axe_check(page)


def _tab_to(page, selector: str, presses: int = 15) -> None:
    """Press Tab until ``selector`` has the focus (it may already have it: autofocus)."""
    target = page.locator(selector)
    for _ in range(presses):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"{selector} never got the focus after {presses} presses of Tab")


def _sign_in_by_keyboard(page, username: str, password: str) -> None:
    page.goto(SIGN_IN_PATH)
    _tab_to(page, "#id_username")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    expect(page.locator("#id_password")).to_be_focused()
    page.keyboard.type(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_officer_signs_in_by_keyboard_only(page, live_server, officer):
    _sign_in_by_keyboard(page, "motcua.tinh", PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/can-bo/ho-so/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")


def test_wrong_password_is_refused_in_vietnamese(page, officer):
    _sign_in_by_keyboard(page, "motcua.tinh", "not-the-password")
    assert page.url.endswith(SIGN_IN_PATH)
    # motcua/locale/vi: "Wrong username or password."
    expect(page.get_by_role("alert")).to_have_text("Sai tên đăng nhập hoặc mật khẩu.")
    # What was typed stays, and the officer can try again from the keyboard.
    expect(page.locator("#id_username")).to_have_value("motcua.tinh")
    expect(page.locator("#id_password")).to_have_value("")


def test_sign_in_helper(page, live_server, officer):
    sign_in(page, live_server, "motcua.tinh", PASSWORD)
    assert page.url == f"{live_server.url}/can-bo/ho-so/"
