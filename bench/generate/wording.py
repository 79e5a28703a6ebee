"""What the simulated officers write and who may do what: roles by transition and the reasons
and items of the forms they issue (the texts of ``bench/generate/life``)."""

from __future__ import annotations

from . import mix

LEADERS = ("department_head", "signing_leader")
NAMED_RECEIVER = mix.NAMED_RECEIVER
_NOBODY: dict = {}
FINISHERS = ("signing_leader", "clerk")
HANDLERS = ("specialist", "department_head", "signing_leader", "clerk")
SUPPLEMENT_ITEMS = (
    ["Bản sao giấy tờ tùy thân còn hiệu lực"],
    ["Văn bản ủy quyền có chứng thực"],
    ["Bản vẽ, sơ đồ vị trí", "Giấy tờ chứng minh quyền sử dụng đất"],
    ["Tờ khai (ghi đầy đủ thông tin)"],
)
REASONS = {
    "completion": "Hồ sơ chưa đầy đủ thành phần theo quy định",
    "refuse": "Thủ tục không thuộc thẩm quyền giải quyết hoặc hồ sơ không hợp lệ",
    "supplement": "Cần bổ sung giấy tờ để thẩm định hồ sơ",
    "payment": "Thông báo nộp nghĩa vụ tài chính",
    "stop": "Tạm dừng để xác minh, lấy ý kiến cơ quan liên quan",
    "withdraw": "Người nộp hồ sơ đề nghị rút hồ sơ",
    "apology": "Hồ sơ cần thêm thời gian xác minh; xin lỗi và hẹn lại ngày trả kết quả",
    "ineligible": "Hồ sơ không đủ điều kiện giải quyết theo quy định",
}
