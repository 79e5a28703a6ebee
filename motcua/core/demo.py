"""Demo data: the fictional province of Sơn Hà (files in ``motcua/core/demo/``).

``seed_demo()`` is idempotent: agencies are upserted by code, procedures that already exist are
left as they are (so that dossiers pinned to them keep their versions), and demo officers are
created once with their roles. It goes through the same services as any import.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction

from motcua.agencies.models import Agency, Role
from motcua.agencies.services import assign_role, import_agencies_csv
from motcua.catalog.interchange import import_catalog
from motcua.catalog.models import Procedure

DEMO_DIR = Path(__file__).parent / "demo"
DEMO_PASSWORD = "MotCua@2026"


@dataclass(frozen=True)
class DemoOfficer:
    username: str
    full_name: str
    agency_code: str
    roles: tuple[Role, ...]
    title: str
    superuser: bool = False


DEMO_OFFICERS = (
    DemoOfficer("admin", "Quản trị hệ thống", "H99", (Role.ADMINISTRATOR,), "Quản trị viên", True),
    DemoOfficer(
        "giamsat", "Lê Thị Giám Sát", "H99.20", (Role.SUPERVISOR,), "Chuyên viên kiểm soát TTHC"
    ),
    DemoOfficer(
        "motcua.tinh", "Nguyễn Thị Lan", "H99.20", (Role.COUNTER_OFFICER,), "Công chức một cửa"
    ),
    DemoOfficer(
        "truongphong.tp", "Trần Văn Minh", "H99.01", (Role.DEPARTMENT_HEAD,), "Trưởng phòng"
    ),
    DemoOfficer("chuyenvien.tp", "Phạm Thu Hà", "H99.01", (Role.SPECIALIST,), "Chuyên viên"),
    DemoOfficer(
        "lanhdao.tp", "Hoàng Đức Thắng", "H99.01", (Role.SIGNING_LEADER,), "Phó Giám đốc Sở"
    ),
    DemoOfficer("vanthu.tp", "Đỗ Thị Hạnh", "H99.01", (Role.CLERK,), "Văn thư"),
    DemoOfficer(
        "motcua.xa",
        "Vũ Thị Mai",
        "H99.51.01",
        (Role.COUNTER_OFFICER,),
        "Công chức một cửa cấp xã",
    ),
    DemoOfficer(
        "congchuc.xa",
        "Bùi Văn Nam",
        "H99.51",
        (Role.SPECIALIST, Role.DEPARTMENT_HEAD),
        "Công chức Tư pháp - Hộ tịch",
    ),
    DemoOfficer(
        "chutich.xa", "Ngô Quang Huy", "H99.51", (Role.SIGNING_LEADER,), "Chủ tịch UBND xã"
    ),
    DemoOfficer("vanthu.xa", "Đinh Thị Thu", "H99.51", (Role.CLERK,), "Văn thư"),
    DemoOfficer(
        "congan.xa",
        "Lương Văn Dũng",
        "H99.30.51",
        (Role.SPECIALIST, Role.DEPARTMENT_HEAD),
        "Cán bộ Công an phường",
    ),
    DemoOfficer(
        "bhxh.tinh",
        "Trịnh Thị Hoa",
        "H99.32",
        (Role.SPECIALIST, Role.DEPARTMENT_HEAD),
        "Viên chức Bảo hiểm xã hội tỉnh",
    ),
)


# A citizen's portal account (the username is the e-mail; the phone signs in too).
DEMO_CITIZEN = {
    "email": "congdan@sonha.vn",
    "phone": "0912000111",
    "last_name": "Nguyễn Văn",
    "first_name": "Dân",
    "id_number": "035090001234",
    "address": "Số 15 đường Lê Lợi, phường Sơn Hà, tỉnh Sơn Hà",
}


@dataclass(frozen=True)
class SeedResult:
    agencies_created: int
    procedures_created: int
    officers_created: int


@transaction.atomic
def seed_demo() -> SeedResult:
    agencies = import_agencies_csv(data=(DEMO_DIR / "agencies.csv").read_bytes())
    catalog = json.loads((DEMO_DIR / "catalog.json").read_text(encoding="utf-8"))
    existing = set(Procedure.objects.values_list("code", flat=True))
    catalog["procedures"] = [p for p in catalog["procedures"] if p["code"] not in existing]
    imported = import_catalog(data=catalog)
    _seed_citizen()
    return SeedResult(
        agencies_created=agencies.created,
        procedures_created=imported.procedures,
        officers_created=_seed_officers(),
    )


def _seed_citizen() -> None:
    """The demo citizen of the portal, once (the portal's profile model is looked up by name:
    the demo belongs to no app)."""
    profile_model = apps.get_model("portal", "CitizenProfile")
    user, created = get_user_model().objects.get_or_create(
        username=DEMO_CITIZEN["email"],
        defaults={
            "email": DEMO_CITIZEN["email"],
            "first_name": DEMO_CITIZEN["first_name"],
            "last_name": DEMO_CITIZEN["last_name"],
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        profile_model.objects.create(
            user=user,
            phone=DEMO_CITIZEN["phone"],
            id_number=DEMO_CITIZEN["id_number"],
            address=DEMO_CITIZEN["address"],
        )


def _seed_officers() -> int:
    User = get_user_model()
    created = 0
    for officer in DEMO_OFFICERS:
        first, _sep, last = officer.full_name.rpartition(" ")
        user, was_created = User.objects.get_or_create(
            username=officer.username,
            defaults={
                "first_name": last,
                "last_name": first,
                "email": f"{officer.username}@sonha.gov.vn",
                "is_staff": True,
                "is_superuser": officer.superuser,
            },
        )
        if was_created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            created += 1
        agency = Agency.objects.get(code=officer.agency_code)
        for role in officer.roles:
            assign_role(user=user, agency=agency, role=role, title=officer.title)
    return created
