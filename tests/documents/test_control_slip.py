"""The control slip (phiếu kiểm soát), built live from the dossier: every hand-over with giver
and receiver, agency and officer, the time, and the per-hop assessment."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.documents.pdf import control_slip_pdf
from motcua.documents.render import control_slip_html, coordinating_agencies
from motcua.dossiers import forms
from motcua.dossiers import services as s
from tests.dossiers.world import make_interconnected, vn

from .pdftext import page_count, pdf_text
from .scenarios import START, received, returned

RESULT_CELLS = re.compile(r'<td class="centre">([^<]*)</td>')


@pytest.mark.parametrize(
    "form_set, number, day",
    [("2018", "05", "ngày 28 tháng 4 năm 2025"), ("2025", "06", "ngày 07 tháng 7 năm 2025")],
)
def test_the_control_slip_of_a_returned_dossier(world, form_set, number, day):
    d = returned(world, form_set)
    rows = forms.control_slip(d)["rows"]

    html = control_slip_html(d)
    pdf = control_slip_pdf(d)

    # One assessment per hand-over, in order (tests/documents/scenarios.py: LIFE).
    assert RESULT_CELLS.findall(html) == [
        "Đúng hạn",
        "Quá hạn",
        "Trước hạn",
        "Đúng hạn",
        "Đúng hạn",
        "Đúng hạn",
    ]
    text = pdf_text(pdf)
    for line in [
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        f"Mẫu số {number}",
        f"Mã hồ sơ: {d.code}",
        "(Kèm theo hồ sơ của: Nguyễn Văn An)",
        "Thủ tục hành chính: Cấp Phiếu lý lịch tư pháp (mã 2.000488.H99)",
        f"Ngày nhận hồ sơ: 09 giờ 00 phút, {day}",
        "Bộ phận tiếp nhận và trả kết quả: Trung tâm PVHCC tỉnh",
        "Cơ quan chủ trì giải quyết: Sở Tư pháp",
        # The division belongs to the department: it does not coordinate.
        "Cơ quan phối hợp giải quyết: không",
        # The reception: the applicant gave the dossier to the counter officer.
        f"1. Giao: Nguyễn Văn An (người nộp hồ sơ) 2. Nhận: {rows[0]['receiver']} "
        f"(Trung tâm PVHCC tỉnh) 09 giờ 00 phút, {day}",
        "Phòng Hành chính tư pháp Thẩm định, dự thảo",
    ]:
        assert line in text, line
    for row in rows[1:]:
        hop = f"1. Giao: {row['giver']} ({row['giver_agency']}) 2. Nhận: {row['receiver']}"
        assert hop in text, hop
    # The rows use the assessments 1, 4 and 1 times; the heading, repeated on each page, once.
    pages = page_count(pdf)
    assert (text.count("Trước hạn"), text.count("Đúng hạn"), text.count("Quá hạn")) == (
        1 + pages,
        4 + pages,
        1 + pages,
    )


def test_an_open_row_is_being_handled(world):
    d = received(world, START["2025"])
    html = control_slip_html(d)
    assert RESULT_CELLS.findall(html) == ["Đang giải quyết"]
    assert "Hạn xử lý: 14:30 07/7/2025" in html and "hoàn thành" not in html


def test_pauses_are_listed(world):
    start = START["2025"]
    d = received(world, start)
    d = s.request_supplement(
        dossier_id=d.pk, actor=world.counter, reason="Thiếu ảnh", items=["Ảnh"], at=start
    )
    text = pdf_text(control_slip_pdf(d))
    assert "Bổ sung, hoàn thiện hồ sơ: Thiếu ảnh 09:00 07/7/2025" in text


def test_agencies_giving_opinions_side_by_side_coordinate(world):
    chain = make_interconnected(world)
    d = s.receive_at_counter(
        application=chain.application(), actor=chain.counter, at=vn(2025, 5, 12, 8, 0)
    )
    d = s.forward(dossier_id=d.pk, actor=chain.counter, at=vn(2025, 5, 12, 9, 0))

    assert coordinating_agencies(d) == ["Công an tỉnh", "Thuế tỉnh"]
    text = pdf_text(control_slip_pdf(d))
    assert "Cơ quan phối hợp giải quyết: Công an tỉnh; Thuế tỉnh" in text
    assert text.count("Đang giải quyết") == 2  # the two opinions, side by side


def test_the_number_of_queries_does_not_grow_with_the_rows(world):
    def queries(dossier) -> int:
        dossier = type(dossier).objects.get(pk=dossier.pk)
        with CaptureQueriesContext(connection) as captured:
            control_slip_html(dossier)
        return len(captured.captured_queries)

    one_row = received(world, START["2025"])
    six_rows = returned(world, "2025")
    assert queries(one_row) == queries(six_rows) <= 10
