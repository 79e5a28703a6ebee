"""Officers' journeys through the staff workspace in headless Chromium: what each sees, and
what the database holds after each step."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from motcua.dossiers import services as s
from motcua.dossiers.models import Dossier, Extension, Notice
from tests.browser.conftest import axe_check, sign_in
from tests.dossiers.world import build_world, make_interconnected

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    return build_world(password="x")


def act(page, label: str, **fields) -> None:
    """Open an action of the dossier page, fill its form, confirm."""
    page.get_by_role("link", name=label, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(label)
    for name, value in fields.items():
        control = page.get_by_label(name)
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(label=value)
        else:
            control.fill(value)
    with page.expect_navigation():
        page.get_by_role("button", name=f"Xác nhận: {label}").click()
    expect(page.locator(".message.success")).to_contain_text("Đã thực hiện")


def open_from_inbox(page, live_server, code: str) -> None:
    page.goto(f"{live_server.url}/can-bo/ho-so/?tab=mine")
    page.get_by_role("link", name=code).click()
    expect(page.locator("h1 .code")).to_have_text(code)


def test_a_dossier_from_the_counter_to_the_returned_result(page, live_server, world):
    # The counter officer finds the procedure without diacritics and receives the dossier.
    sign_in(page, live_server, "motcua", "x")
    page.get_by_role("link", name="Tiếp nhận", exact=True).click()
    page.get_by_label("Tìm thủ tục").fill("phieu ly lich tu phap")
    page.get_by_role("button", name="Tìm").click()
    page.get_by_role("link", name="01. Phiếu số 1").click()
    axe_check(page)
    page.get_by_label("Họ và tên chủ hồ sơ").fill("Nguyễn Văn An")
    page.get_by_label("Số giấy tờ tùy thân", exact=True).fill("001088012345")
    page.get_by_label("Đã nhận: Tờ khai").check()
    page.get_by_label("Tiếp nhận: hồ sơ đầy đủ, hợp lệ (Mẫu 01)").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Xác nhận quyết định").click()
    d = Dossier.objects.get()
    assert d.state == "received" and d.code.startswith("H99.20-")
    expect(page.locator("h1 .code")).to_have_text(d.code)
    expect(page.get_by_text("Sở Tư pháp (H99.01)")).to_be_visible()  # the competent agency
    axe_check(page)
    receipt = d.notices.get(form=Notice.Form.RECEIPT)
    with page.expect_navigation():
        page.get_by_role("link", name="Giấy tiếp nhận hồ sơ và hẹn trả kết quả", exact=True).click()
    assert f"/bieu-mau/{receipt.pk}/" in page.url
    expect(page.get_by_text(d.code).first).to_be_visible()
    expect(page.get_by_text("Nguyễn Văn An").first).to_be_visible()
    page.go_back()
    act(page, "Chuyển bước tiếp theo")
    d.refresh_from_db()
    assert (d.state, d.current_agency) == ("processing", world.department)

    # The head of department assigns it to the specialist.
    page.context.clear_cookies()
    sign_in(page, live_server, "truongphong", "x")
    axe_check(page)  # the inbox
    open_from_inbox(page, live_server, d.code)
    act(page, "Phân công", **{"Cán bộ nhận": "Phạm Thu Hà (chuyenvien)"})
    d.refresh_from_db()
    assert d.current_holder == world.specialist.user

    # The specialist drafts and forwards; the signing leader approves; the clerk releases.
    for username in ("chuyenvien", "lanhdao"):
        page.context.clear_cookies()
        sign_in(page, live_server, username, "x")
        open_from_inbox(page, live_server, d.code)
        act(page, "Chuyển bước tiếp theo")
    page.context.clear_cookies()
    sign_in(page, live_server, "vanthu", "x")
    open_from_inbox(page, live_server, d.code)
    act(
        page,
        "Hoàn thành: có kết quả",
        **{"Số văn bản": "123/STP-LLTP", "Người ký": "Hoàng Đức Thắng"},
    )
    d.refresh_from_db()
    assert (d.state, d.result_number) == ("finished", "123/STP-LLTP")

    # The counter returns the result to the applicant.
    page.context.clear_cookies()
    sign_in(page, live_server, "motcua", "x")
    open_from_inbox(page, live_server, d.code)
    act(page, "Trả kết quả", **{"Người nhận kết quả": "Nguyễn Văn An"})
    d.refresh_from_db()
    assert (d.state, d.returned_to) == ("returned", "Nguyễn Văn An")
    assert list(d.events.values_list("action", flat=True)) == [
        "receive",
        "forward",
        "assign",
        "forward",
        "forward",
        "finish",
        "return_result",
    ]


def test_supplement_during_handling(page, live_server, world):
    d = s.receive_at_counter(application=world.application(), actor=world.counter)
    s.forward(dossier_id=d.pk, actor=world.counter)
    s.assign(dossier_id=d.pk, actor=world.head, to_user=world.specialist.user)
    sign_in(page, live_server, "chuyenvien", "x")
    open_from_inbox(page, live_server, d.code)
    act(
        page,
        "Yêu cầu bổ sung (Mẫu 02)",
        **{
            "Lý do": "Thiếu bản sao",
            "Nội dung cần bổ sung, hoàn thiện (mỗi dòng một nội dung)": "Bản sao CCCD",
        },
    )
    d.refresh_from_db()
    assert d.state == "supplement" and d.notices.filter(form="supplement_request").exists()
    expect(page.locator(".badge.paused")).to_be_visible()
    page.context.clear_cookies()
    sign_in(page, live_server, "motcua", "x")
    page.goto(f"{live_server.url}/can-bo/ho-so/{d.pk}/")
    act(page, "Đã nhận hồ sơ bổ sung")
    d.refresh_from_db()
    assert d.state == "processing"


def _assigned(world, start):
    d = s.receive_at_counter(application=world.application(), actor=world.counter, at=start)
    s.forward(dossier_id=d.pk, actor=world.counter, at=start + datetime.timedelta(minutes=5))
    s.assign(
        dossier_id=d.pk,
        actor=world.head,
        to_user=world.specialist.user,
        at=start + datetime.timedelta(minutes=10),
    )
    d.refresh_from_db()
    return d


APOLOGY = "Xin lỗi và hẹn lại ngày trả (Mẫu 04)"


def _apologise(page, live_server, d, new_day) -> None:
    page.goto(f"{live_server.url}/can-bo/ho-so/{d.pk}/")
    page.get_by_role("link", name=APOLOGY).click()
    page.get_by_label("Lý do").fill("Cần xác minh thêm tại cơ quan công an")
    page.get_by_label("Ngày hẹn mới").fill(new_day.isoformat())
    page.get_by_label("Giờ hẹn mới").fill("16:30")
    with page.expect_navigation():
        page.get_by_role("button", name=f"Xác nhận: {APOLOGY}").click()


def test_an_apology_gives_a_new_appointment_before_the_old_one(page, live_server, world):
    d = _assigned(world, timezone.now() - datetime.timedelta(minutes=30))
    sign_in(page, live_server, "chuyenvien", "x")
    new_day = (d.appointment_at + datetime.timedelta(days=7)).date()
    _apologise(page, live_server, d, new_day)
    expect(page.locator(".message.success")).to_contain_text("Đã thực hiện")
    extension = Extension.objects.get(dossier=d)
    d.refresh_from_db()
    assert extension.new_appointment.date() == new_day == d.appointment_at.date()
    # The statutory due instant stays: finished after it, the dossier is still late.
    assert d.due_at == extension.previous_appointment
    assert d.notices.filter(form="apology").exists()


def test_a_late_dossier_is_marked_and_a_late_apology_refused(page, live_server, world):
    d = _assigned(world, timezone.now() - datetime.timedelta(days=30))
    sign_in(page, live_server, "chuyenvien", "x")
    page.goto(f"{live_server.url}/can-bo/ho-so/?tab=mine&badge=overdue")
    expect(page.get_by_role("link", name=d.code)).to_be_visible()
    _apologise(page, live_server, d, timezone.now().date() + datetime.timedelta(days=3))
    expect(page.get_by_role("alert")).to_contain_text("trước thời điểm hẹn trả")
    assert not Extension.objects.exists()
    page.goto(f"{live_server.url}/can-bo/ho-so/{d.pk}/")
    expect(page.locator(".badge.overdue")).to_be_visible()
    act(page, "Chuyển bước tiếp theo")
    # The specialist's row closed long after its budget: late, with the hours over budget.
    expect(
        page.locator("table.slip tr", has_text="Thẩm định, dự thảo").locator(".t.late")
    ).to_be_visible()


def test_an_interconnected_dossier_passes_through_two_agencies_inboxes(page, live_server, world):
    w = make_interconnected(world)
    d = s.receive_at_counter(application=w.application(), actor=w.counter)
    s.forward(dossier_id=d.pk, actor=w.counter)
    for username in ("congan", "thue"):
        page.context.clear_cookies()
        sign_in(page, live_server, username, "x")
        open_from_inbox(page, live_server, d.code)
        expect(page.get_by_role("heading", name="Phần việc của từng cơ quan")).to_be_visible()
        axe_check(page)
        act(page, "Chuyển bước tiếp theo")
    d.refresh_from_db()
    assert d.current_agency == w.department
    assert sorted(d.steps.filter(stage=2).values_list("agency__code", "holder__username")) == [
        ("H99.30", "congan"),
        ("H99.31", "thue"),
    ]


def test_refused_actions_show_an_error_and_change_nothing(page, live_server, world):
    d = s.receive_at_counter(application=world.application(), actor=world.counter)
    events = d.events.count()
    sign_in(page, live_server, "chuyenvien", "x")
    response = page.goto(f"{live_server.url}/can-bo/ho-so/{d.pk}/xu-ly/chuyen/")
    assert response.status in (403, 404)
    page.context.clear_cookies()
    sign_in(page, live_server, "motcua.khac", "x")  # another province's counter
    response = page.goto(f"{live_server.url}/can-bo/ho-so/{d.pk}/")
    assert response.status == 404
    d.refresh_from_db()
    assert d.state == "received" and d.events.count() == events


def test_an_action_by_keyboard_only(page, live_server, world):
    d = s.receive_at_counter(application=world.application(), actor=world.counter)
    sign_in(page, live_server, "motcua", "x")
    page.goto(f"{live_server.url}/can-bo/ho-so/{d.pk}/")
    link = page.get_by_role("link", name="Chuyển bước tiếp theo", exact=True)
    for _ in range(40):
        if link.evaluate("e => e === document.activeElement"):
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("the action link never got the focus")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    button = page.get_by_role("button", name="Xác nhận: Chuyển bước tiếp theo")
    for _ in range(20):
        if button.evaluate("e => e === document.activeElement"):
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("the confirmation button never got the focus")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    d.refresh_from_db()
    assert d.state == "processing"


def test_a_supervisor_opens_the_reports_dashboard(page, live_server, world):
    from motcua.agencies.services import assign_role

    assign_role(user=world.supervisor.user, agency=world.province, role="supervisor")
    s.receive_at_counter(application=world.application(), actor=world.counter)
    sign_in(page, live_server, "giamsat", "x")
    page.get_by_role("link", name="Báo cáo", exact=True).click()
    expect(page.locator("svg[role=img]").first).to_be_visible()
    axe_check(page)
