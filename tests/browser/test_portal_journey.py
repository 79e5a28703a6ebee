"""A citizen's journey through the portal in headless Chromium, with the officers' part in the
staff workspace: find the procedure without diacritics, read it, register, submit online with a
scan, look the dossier up by its code, get asked for a supplement, send it, download the result
and rate the service. Every page
the citizen sees is scanned with axe-core and photographed at 360 and 1280 pixels wide
(``var/test-artifacts/portal/``); none may scroll sideways on the phone."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from motcua.dossiers import services as s
from motcua.dossiers.models import Dossier
from tests.browser.conftest import ARTIFACTS, VIEWPORT, axe_check, sign_in
from tests.dossiers.world import build_world
from tests.portal.citizens import PDF, add_eform

pytestmark = pytest.mark.browser

SHOTS = ARTIFACTS / "portal"
WIDTHS = (360, 1280)
PASSWORD = "Cong-Dan-2026!"


@pytest.fixture
def world(transactional_db):
    built = build_world(password="x")
    add_eform(built.case)
    return built


def scan(page, name: str) -> None:
    """axe-core at desktop width, then a full-page screenshot at each width; at 360 px the page
    must fit the screen (no sideways scrolling)."""
    axe_check(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": VIEWPORT["height"]})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width, f"{name} is {overflow} px wide at {width} px"
    page.set_viewport_size(VIEWPORT)


def pdf_file(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def submit_button(page, value: str):
    return page.locator(f"button[type=submit][name=action][value={value}]")


def test_a_citizen_submits_online_and_follows_the_dossier(page, live_server, world):
    # Home → search without diacritics → the procedure page.
    page.goto("/")
    scan(page, "home")
    page.locator("#home-q").fill("phieu ly lich tu phap")
    with page.expect_navigation():
        page.locator("#home-search button[type=submit]").click()
    expect(page.locator("#results")).to_contain_text("Cấp Phiếu lý lịch tư pháp")
    scan(page, "search")
    with page.expect_navigation():
        page.locator("#results a", has_text="Cấp Phiếu lý lịch tư pháp").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cấp Phiếu lý lịch tư pháp")
    expect(page.locator("main")).to_contain_text("Tờ khai")  # the required component
    scan(page, "procedure")

    # Submitting needs an account: register, then come back to the submission.
    with page.expect_navigation():
        page.locator(f"#submit-{world.case.pk}").click()
    assert "/tai-khoan/dang-nhap/" in page.url
    with page.expect_navigation():
        page.locator("main a[href*='/tai-khoan/dang-ky/']").first.click()
    scan(page, "register")
    page.locator("#id_full_name").fill("Trần Thị Bình")
    page.locator("#id_email").fill("binh@example.vn")
    page.locator("#id_phone").fill("0987 654 321")
    page.locator("#id_id_number").fill("001190012345")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("#id_consent").check()
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    if f"/nop-ho-so/{world.case.pk}/" not in page.url:
        page.goto(f"/nop-ho-so/{world.case.pk}/")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    # The dossier: owner (prefilled from the account), e-form, the scan; review; submit.
    expect(page.locator("#id_nd-phone")).to_have_value("0987654321")
    page.locator("#id_nd-address").fill("Phường Sơn Hà")
    page.locator("#id_tk-birth_date").fill("1990-05-17")
    page.locator("#id_tk-purpose_0").check()
    page.locator("#id_tk-copies_wanted").fill("2")
    page.locator("#id_tk-declaration").check()
    component = world.case.components.get()
    page.locator(f"#tp-{component.pk}").set_input_files(pdf_file("to-khai.pdf"))
    scan(page, "submission")
    with page.expect_navigation():
        submit_button(page, "review").click()
    expect(page.locator("main")).to_contain_text("17/05/1990")
    expect(page.locator("main")).to_contain_text("to-khai.pdf")
    scan(page, "review")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()
    dossier = Dossier.objects.get()
    assert (dossier.state, dossier.channel, dossier.national_status) == ("submitted", "online", 1)
    assert dossier.files.get().name == "to-khai.pdf"
    expect(page.locator("#dossier-state")).to_have_attribute("data-state", "submitted")

    # The counter officer receives it in the staff workspace, then asks for a supplement.
    page.context.clear_cookies()
    sign_in(page, live_server, "motcua", "x")
    page.goto(f"/can-bo/ho-so/{dossier.pk}/xu-ly/tiep-nhan/")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    dossier.refresh_from_db()
    assert dossier.state == "received" and dossier.code
    # Anyone holding the receipt looks the dossier up by its code (Form 01's QR code link) and
    # the last digits of the owner's phone; nothing personal is shown.
    page.context.clear_cookies()
    page.goto(f"/tra-cuu/?ma={dossier.code}")
    page.locator("#lookup-factor").fill("4321")
    with page.expect_navigation():
        page.locator("#lookup-form button[type=submit]").click()
    expect(page.locator("#lookup-result")).to_contain_text(dossier.code)
    expect(page.locator("#lookup-result")).to_contain_text("Trung tâm PVHCC tỉnh")
    expect(page.locator("main")).not_to_contain_text("Trần Thị Bình")
    scan(page, "lookup")
    sign_in(page, live_server, "motcua", "x")
    page.goto(f"/can-bo/ho-so/{dossier.pk}/xu-ly/yeu-cau-bo-sung/")
    page.locator("#id_reason").fill("Ảnh chụp tờ khai bị mờ")
    page.locator("#id_items").fill("Tờ khai chụp rõ nét")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    dossier.refresh_from_db()
    assert dossier.state == "supplement"

    # The citizen signs in with the phone number, sees the request and sends the supplement.
    page.context.clear_cookies()
    page.goto("/tai-khoan/dang-nhap/")
    page.locator("#id_username").fill("0987654321")
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.goto(f"/ho-so-cua-toi/{dossier.pk}/")
    expect(page.locator("#dossier-state")).to_have_attribute("data-state", "supplement")
    expect(page.locator("#supplement")).to_contain_text("Tờ khai chụp rõ nét")
    scan(page, "my-dossier")
    page.locator("#supplement-files").set_input_files(pdf_file("to-khai-ro.pdf"))
    with page.expect_navigation():
        page.locator("#supplement button[type=submit]").click()
    expect(page.locator("#dossier-state")).to_have_attribute("data-state", "processing")

    # Handling goes on (service layer); the clerk finishes it with the result file.
    d = s.forward(dossier_id=dossier.pk, actor=world.counter)
    d = s.assign(dossier_id=d.pk, actor=world.head, to_user=world.specialist.user)
    d = s.forward(dossier_id=d.pk, actor=world.specialist)
    d = s.forward(dossier_id=d.pk, actor=world.leader)
    citizen_cookies = page.context.cookies()
    page.context.clear_cookies()
    sign_in(page, live_server, "vanthu", "x")
    page.goto(f"/can-bo/ho-so/{dossier.pk}/xu-ly/hoan-thanh/")
    page.locator("#id_result_number").fill("45/LLTP")
    page.locator("#id_result_file").set_input_files(pdf_file("phieu-lltp.pdf"))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    dossier.refresh_from_db()
    assert dossier.state == "finished"

    # The citizen downloads the result and rates the service, once.
    page.context.clear_cookies()
    page.context.add_cookies(citizen_cookies)
    page.goto(f"/ho-so-cua-toi/{dossier.pk}/")
    expect(page.locator("#dossier-state")).to_have_attribute("data-state", "finished")
    with page.expect_download() as download:
        page.locator("#result a[download]").first.click()
    assert download.value.suggested_filename == "phieu-lltp.pdf"
    assert Path(download.value.path()).read_bytes() == PDF
    page.locator("#rating input[value=satisfied]").check()
    page.locator("#rating textarea").fill("Nhanh, đúng hẹn")
    with page.expect_navigation():
        page.locator("#rating button[type=submit]").click()
    expect(page.locator("#rated")).to_be_visible()
    dossier.refresh_from_db()
    assert (dossier.rating, dossier.rating_comment) == ("satisfied", "Nhanh, đúng hẹn")
