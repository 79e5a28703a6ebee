"""The fixed Vietnamese texts of the official forms.

The forms are Vietnamese official documents: their wording is Vietnamese whatever language the
officer's screen uses, so it is written here and in the templates directly, not translated
through gettext. This module holds what depends on data — the title of each form in each form
set, and the words for the codes the forms' data carries (channel, unit of the time limit,
timeliness, state…); the templates hold the rest.

Titles follow TT 01/2018/TT-VPCP (forms 01–06) and TT 03/2025/TT-VPCP Annex I (forms 01–07);
the 2025 apology title and the stop notice are not confirmed against the official text
(domain.md §4.1 [U]).
"""

from __future__ import annotations

LEGAL_BASIS = {
    "2018": "Thông tư số 01/2018/TT-VPCP",
    "2025": "Thông tư số 03/2025/TT-VPCP",
}

# Title of each form, by form set ("*" for both).
TITLES: dict[str, dict[str, str]] = {
    "receipt": {"*": "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"},
    "supplement_request": {"*": "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"},
    "refusal": {"*": "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"},
    "apology": {
        "2018": "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
        "2025": "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
    },
    "stop_notice": {"*": "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"},
    "control_slip": {"*": "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"},
    "ledger": {"*": "SỔ THEO DÕI HỒ SƠ"},
}


def title(form: str, form_set: str) -> str:
    titles = TITLES[form]
    return titles.get(form_set) or titles.get("*") or titles["2025"]


# Words for the codes in the forms' data; ``form_text.label`` looks them up by table name.
LABELS: dict[str, dict[str, str]] = {
    "channel": {
        "counter": "Trực tiếp",
        "online": "Trực tuyến",
        "postal": "Qua dịch vụ bưu chính công ích",
    },
    "return_method": {
        "counter": "Bộ phận Một cửa",
        "post": "Qua dịch vụ bưu chính công ích",
        "online": "Trực tuyến",
    },
    "time_unit": {
        "working_days": "ngày làm việc",
        "working_hours": "giờ làm việc",
        "calendar_days": "ngày",
        "same_day": "trong ngày",
    },
    "id_type": {
        "cccd": "Căn cước công dân",
        "cmnd": "Chứng minh nhân dân",
        "passport": "Hộ chiếu",
        "tax_code": "Mã số doanh nghiệp, mã số thuế",
        "other": "Giấy tờ tùy thân",
    },
    # Per hop of the control slip and per dossier of the ledger (domain.md §3.4, §6.4).
    "timeliness": {
        "early": "Trước hạn",
        "on_time": "Đúng hạn",
        "late": "Quá hạn",
        "within": "Đang giải quyết, còn hạn",
        "overdue": "Đang giải quyết, quá hạn",
        "withdrawn": "Đã rút hồ sơ",
        "": "Đang giải quyết",
    },
    "pause": {
        "supplement": "Bổ sung, hoàn thiện hồ sơ",
        "payment": "Thực hiện nghĩa vụ tài chính",
        "stop": "Tạm dừng giải quyết",
    },
    "state": {
        "submitted": "Đã nộp trực tuyến, chưa tiếp nhận",
        "reception_supplement": "Chờ bổ sung, hoàn thiện trước khi tiếp nhận",
        "refused": "Từ chối tiếp nhận",
        "received": "Đã tiếp nhận",
        "processing": "Đang giải quyết",
        "supplement": "Chờ bổ sung, hoàn thiện hồ sơ",
        "payment": "Chờ thực hiện nghĩa vụ tài chính",
        "stopped": "Tạm dừng giải quyết",
        "withdrawn": "Đã rút hồ sơ, dừng giải quyết",
        "finished": "Đã có kết quả",
        "returned": "Đã trả kết quả",
    },
}


def label(table: str, code: str | None) -> str:
    """The Vietnamese words for ``code`` in ``table``; an unknown code is shown as it is."""
    if code is None:
        code = ""
    return LABELS[table].get(code, code)
