"""Small catalogue documents in the interchange format, for tests."""

import copy

from motcua.agencies.models import Agency


def make_agencies() -> None:
    province = Agency.objects.create(
        code="H99", name="Tỉnh Sơn Hà", level="province", kind="peoples_committee"
    )
    Agency.objects.create(
        code="H99.01", name="Sở Tư pháp", level="province", kind="department", parent=province
    )
    Agency.objects.create(
        code="H99.20",
        name="Trung tâm PVHCC",
        level="province",
        kind="service_centre",
        parent=province,
    )
    Agency.objects.create(
        code="H99.30",
        name="Công an tỉnh",
        level="province",
        kind="vertical_agency",
        parent=province,
    )


CASE = {
    "code": "01",
    "name": "Cấp Phiếu lý lịch tư pháp số 1",
    "time_limit": 10,
    "time_unit": "working_days",
    "cutoff": None,
    "no_appointment": False,
    "channels": [
        {"channel": "counter", "time_limit": None, "time_unit": None},
        {"channel": "online", "time_limit": 8, "time_unit": "working_days"},
    ],
    "fees": [
        {
            "kind": "charge",
            "name": "Phí cung cấp thông tin lý lịch tư pháp",
            "amount": 200000,
            "collection": "before",
            "channel": None,
            "description": "",
        }
    ],
    "components": [
        {
            "name": "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp",
            "originals": 1,
            "copies": 0,
            "mandatory": True,
            "template_name": "Mẫu số 03/2013/TT-LLTP",
            "template_file": "",
            "note": "",
        },
        {
            "name": "Bản chụp giấy tờ tùy thân",
            "originals": 0,
            "copies": 1,
            "mandatory": True,
            "template_name": "",
            "template_file": "",
            "note": "Xuất trình bản chính để đối chiếu",
        },
    ],
    "form_fields": [
        {
            "key": "purpose",
            "label": "Mục đích yêu cầu cấp Phiếu",
            "kind": "choice",
            "required": True,
            "choices": ["Xin việc", "Du học", "Khác"],
            "help_text": "",
            "max_length": None,
        },
        {
            "key": "declaration",
            "label": "Tôi cam đoan lời khai trên là đúng sự thật",
            "kind": "checkbox",
            "required": True,
            "choices": [],
            "help_text": "",
            "max_length": None,
        },
    ],
    "steps": [
        {
            "stage": 1,
            "name": "Tiếp nhận hồ sơ",
            "role": "counter_officer",
            "agency": "H99.20",
            "local_unit": False,
            "member_procedure": None,
            "budget_hours": 4,
        },
        {
            "stage": 2,
            "name": "Tra cứu thông tin",
            "role": "specialist",
            "agency": "H99.01",
            "local_unit": False,
            "member_procedure": None,
            "budget_hours": 40,
        },
        {
            "stage": 2,
            "name": "Xác minh tại Công an",
            "role": "specialist",
            "agency": "H99.30",
            "local_unit": False,
            "member_procedure": None,
            "budget_hours": 32,
        },
        {
            "stage": 3,
            "name": "Ký duyệt",
            "role": "signing_leader",
            "agency": "H99.01",
            "local_unit": False,
            "member_procedure": None,
            "budget_hours": 31.5,
        },
        {
            "stage": 4,
            "name": "Trả kết quả",
            "role": "counter_officer",
            "agency": "H99.20",
            "local_unit": False,
            "member_procedure": None,
            "budget_hours": 4.5,
        },
    ],
}

DOCUMENT = {
    "format": "motcua-catalog",
    "version": 1,
    "fields": [{"code": "LLTP", "name": "Lý lịch tư pháp"}],
    "procedures": [
        {
            "code": "2.000488.H99",
            "name": "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
            "field": "LLTP",
            "versions": [
                {
                    "number": 1,
                    "valid_from": "2025-07-01",
                    "valid_to": None,
                    "name": "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
                    "levels": ["province"],
                    "procedure_type": "1",
                    "online_level": "full",
                    "is_interconnected": True,
                    "is_boundary_independent": True,
                    "result_must_be_signed": True,
                    "supplement_mode": "",
                    "description": "",
                    "requirements": "",
                    "applicant_types": ["Công dân Việt Nam"],
                    "where_to_submit": "Trung tâm Phục vụ hành chính công tỉnh",
                    "decision_reference": "QĐ 1520/QĐ-UBND",
                    "keywords": "lý lịch tư pháp",
                    "agencies": [
                        {"agency": "H99.01", "part": "deciding"},
                        {"agency": "H99.30", "part": "coordinating"},
                    ],
                    "members": [],
                    "legal_bases": [
                        {
                            "number": "28/2009/QH12",
                            "title": "Luật Lý lịch tư pháp",
                            "issued_on": "2009-06-17",
                        }
                    ],
                    "results": [{"name": "Phiếu lý lịch tư pháp", "validity": ""}],
                    "cases": [CASE],
                }
            ],
        }
    ],
}


def document() -> dict:
    return copy.deepcopy(DOCUMENT)
