"""Forms 01–04 and the stop notice, issued through the real services in both form sets, as
print HTML and as PDF: what the PDF shows is read back with pypdf and compared exactly."""

import pytest
from django.utils import translation

from motcua.documents.pdf import notice_pdf
from motcua.documents.render import notice_html
from motcua.dossiers.models import Notice, Party

from .pdftext import VENDORED_FONTS, embedded_fonts, page_count, pdf_text
from .scenarios import issued

BOTH = pytest.mark.parametrize("form_set", ["2018", "2025"])
FORMS = ["receipt", "supplement_request", "refusal", "apology", "stop_notice"]

# The number printed in the corner: the same in both sets for 01–04; the stop notice is Form 05
# of the 2025 set only.
NUMBERS = {
    "receipt": {"2018": "01", "2025": "01"},
    "supplement_request": {"2018": "02", "2025": "02"},
    "refusal": {"2018": "03", "2025": "03"},
    "apology": {"2018": "04", "2025": "04"},
    "stop_notice": {"2018": "", "2025": "05"},
}
TITLES = {
    "receipt": {"*": "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"},
    "supplement_request": {"*": "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"},
    "refusal": {"*": "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"},
    "apology": {
        "2018": "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
        "2025": "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
    },
    "stop_notice": {"*": "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"},
}
BASIS = {"2018": "Thông tư số 01/2018/TT-VPCP", "2025": "Thông tư số 03/2025/TT-VPCP"}

# What each form must show besides the header, by form set. Received Monday 09:00: 2018 on
# 28/04/2025, due 5 working days later on 08/05 (30/04, 01/05, 02/05 and the weekend are off);
# 2025 on 07/07/2025, due 14/07. The apology moves the appointment three days later.
SHOWS = {
    "receipt": {
        "2018": [
            "Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 28 tháng 4 năm 2025",
            "Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 00 phút, ngày 08 tháng 5 năm 2025",
        ],
        "2025": [
            "Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 07 tháng 7 năm 2025",
            "Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 00 phút, ngày 14 tháng 7 năm 2025",
        ],
        "*": [
            "Ông/bà: Nguyễn Văn An",
            "Số giấy tờ (Căn cước công dân): 001088012345",
            "Địa chỉ: Phường Sơn Hà",
            "Tờ khai",
            "Số lượng hồ sơ: 01 (bộ)",
            "Thời gian giải quyết hồ sơ theo quy định là: 5 ngày làm việc",
            "Hình thức nộp: Trực tiếp. Cơ quan giải quyết: Sở Tư pháp",
            "NGƯỜI NỘP HỒ SƠ",
            "NGƯỜI TIẾP NHẬN HỒ SƠ",
        ],
    },
    "supplement_request": {
        "*": [
            "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (bản đầy đủ)",
            "Ảnh chân dung",
            "Lý do: Tờ khai chưa ghi đủ thông tin về nơi cư trú",
            "NGƯỜI HƯỚNG DẪN",
        ]
    },
    "refusal": {
        "*": [
            "với lý do cụ thể như sau: Không thuộc thẩm quyền",
            "NGƯỜI NỘP HỒ SƠ",
            "NGƯỜI TIẾP NHẬN HỒ SƠ",
        ]
    },
    "apology": {
        "2018": [
            "Ngày 28/4/2025, Trung tâm PVHCC tỉnh tiếp nhận hồ sơ",
            "Thời gian hẹn trả kết quả giải quyết hồ sơ: 09 giờ 00 phút, ngày 08 tháng 5 năm 2025",
            "sẽ trả kết quả giải quyết hồ sơ cho ông/bà vào 09 giờ 00 phút, ngày 11 tháng 5 năm "
            "2025",
        ],
        "2025": [
            "Ngày 07/7/2025, Trung tâm PVHCC tỉnh tiếp nhận hồ sơ",
            "Thời gian hẹn trả kết quả giải quyết hồ sơ: 09 giờ 00 phút, ngày 14 tháng 7 năm 2025",
            "đề nghị gia hạn thời gian giải quyết hồ sơ đến 09 giờ 00 phút, ngày 17 tháng 7 năm "
            "2025",
        ],
        "*": [
            "Số: 1/PXL",
            "Kính gửi: Ông/bà Nguyễn Văn An",
            "lĩnh vực Lý lịch tư pháp",
            # The delay was at the specialist's division: it apologises.
            "PHÒNG HÀNH CHÍNH TƯ PHÁP",
            "Tuy nhiên, đến nay Phòng Hành chính tư pháp chưa trả kết quả",
            "Lý do: Cần xác minh thông tin tại địa phương khác",
            "THỦ TRƯỞNG CƠ QUAN",
        ],
    },
    "stop_notice": {
        "2018": ["Thời gian đề nghị dừng giải quyết: 10 giờ 00 phút, ngày 28 tháng 4 năm 2025"],
        "2025": ["Thời gian đề nghị dừng giải quyết: 10 giờ 00 phút, ngày 07 tháng 7 năm 2025"],
        "*": [
            "Kính gửi: Ông/bà Nguyễn Văn An",
            "Tình trạng hồ sơ khi xem xét đề nghị: Đang giải quyết",
            "Lý do: Người nộp rút hồ sơ",
            "việc giải quyết hồ sơ nêu trên đã được dừng",
        ],
    },
}


def expected(table: dict, form: str, form_set: str):
    by_set = table[form]
    return by_set.get(form_set, by_set.get("*"))


@pytest.mark.parametrize("form", FORMS)
@BOTH
def test_each_form_as_pdf_shows_what_was_issued(world, citizen, form, form_set):
    notice = issued(world, form, form_set, citizen)
    assert (notice.form_set, notice.form_number) == (form_set, NUMBERS[form][form_set])

    pdf = notice_pdf(notice)

    assert pdf.startswith(b"%PDF-")
    assert page_count(pdf) == 1
    text = pdf_text(pdf)
    for line in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        expected(TITLES, form, form_set),
        "Nguyễn Văn An",
        "Trung tâm PVHCC tỉnh",
        "Cấp Phiếu lý lịch tư pháp",
        "(mã 2.000488.H99)",
        *SHOWS[form].get(form_set, []),
        *SHOWS[form].get("*", []),
    ]:
        assert line in text, line
    code = notice.data["code"]
    if form == Notice.Form.REFUSAL:
        # Refused at reception: never received, so no code.
        assert code is None and "Mã hồ sơ" not in text
    else:
        prefix = {"2018": "H99.20-250428-", "2025": "H99.20-250707-"}[form_set]
        assert code.startswith(prefix) and code in text
    number = NUMBERS[form][form_set]
    if number:
        assert f"Mẫu số {number} ({BASIS[form_set]})" in text
    else:
        assert "Mẫu số" not in text
    # Only the vendored face (tests/documents/test_fonts.py).
    assert embedded_fonts(pdf) <= VENDORED_FONTS


@BOTH
def test_the_request_to_complete_at_reception_has_no_code(world, citizen, form_set):
    """Form 02 issued before reception (request_completion): no code, the same layout."""
    from motcua.dossiers import services as s

    from .scenarios import START, H

    d = s.submit(application=world.application("online"), actor=citizen, at=START[form_set] - H)
    d = s.request_completion(
        dossier_id=d.pk,
        actor=world.counter,
        reason="Thiếu tờ khai",
        items=["Tờ khai"],
        at=START[form_set],
    )
    html = notice_html(d.notices.get())
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in html
    assert "Mẫu số 02" in html and BASIS[form_set] in html
    assert "Mã hồ sơ" not in html and "Thiếu tờ khai" in html


def test_the_html_is_a_standalone_vietnamese_document(world, citizen):
    notice = issued(world, "receipt", "2018", citizen)
    with translation.override("en"):
        html = notice_html(notice)
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert '<html lang="vi">' in html
    assert '<link rel="stylesheet" href="/static/documents/print.css">' in html
    assert "<title>GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ — H99.20-250428-0001</title>" in html


def test_a_notice_is_rendered_from_its_snapshot_alone(world, citizen, django_assert_num_queries):
    notice = issued(world, "receipt", "2025", citizen)
    # The dossier changes after the receipt was issued: the receipt does not.
    Party.objects.filter(dossier=notice.dossier_id).update(name="Trần Thị Bình")
    notice = Notice.objects.get(pk=notice.pk)

    with django_assert_num_queries(0):
        html = notice_html(notice)

    assert "Nguyễn Văn An" in html and "Trần Thị Bình" not in html


def test_user_input_is_escaped(world, citizen):
    notice = issued(world, "refusal", "2025", citizen)
    notice.data["reason"] = "<script>alert(1)</script>"
    html = notice_html(notice)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_form_without_a_template_is_refused(world, citizen):
    notice = issued(world, "receipt", "2025", citizen)
    notice.form = "unknown"
    with pytest.raises(ValueError, match="unknown"):
        notice_html(notice)
