"""A small province with one procedure and officers for every role, for dossier tests and the
intake benchmark (``bench/intake.py``).

Procedure "Cấp Phiếu lý lịch tư pháp" (test copy), case 01: 5 working days = 40 working hours,
internal process:

    stage 1  Tiếp nhận            counter_officer  H99.20     4 h
    stage 2  Phân công            department_head  H99.01     4 h
    stage 3  Thẩm định, dự thảo   specialist       H99.01.01 24 h
    stage 4  Ký duyệt             signing_leader   H99.01     4 h
    stage 5  Phát hành            clerk            H99.01     2 h
    stage 6  Trả kết quả          counter_officer  H99.20     2 h
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model

from motcua.agencies.models import Agency, Role
from motcua.agencies.services import assign_role
from motcua.catalog.models import (
    CaseChannel,
    Field,
    Procedure,
    ProcedureAgency,
    ProcedureCase,
    ProcedureVersion,
    ProcessStep,
    RequiredComponent,
)
from motcua.dossiers.services import Actor, Application, ComponentIn, PartyIn
from motcua.workcalendar.clock import VN_TZ


def vn(*args) -> datetime.datetime:
    """A Vietnam-time instant: vn(2025, 4, 28, 9, 0)."""
    return datetime.datetime(*args, tzinfo=VN_TZ)


@dataclass
class World:
    province: Agency
    centre: Agency
    department: Agency
    division: Agency
    other_centre: Agency
    case: ProcedureCase
    counter: Actor
    head: Actor
    specialist: Actor
    leader: Actor
    clerk: Actor
    outsider: Actor
    supervisor: Actor

    def application(self, channel="counter", **changes) -> Application:
        values = dict(
            case=self.case,
            channel=channel,
            receiving_unit=self.centre,
            subject="Cấp Phiếu lý lịch tư pháp số 1 cho ông Nguyễn Văn An",
            parties=[
                PartyIn(
                    kind="owner",
                    name="Nguyễn Văn An",
                    id_type="cccd",
                    id_number="001088012345",
                    address="Phường Sơn Hà",
                    phone="0912345678",
                    email="an@example.vn",
                ),
            ],
            components=[ComponentIn(name="Tờ khai", originals=1)],
        )
        values.update(changes)
        return Application(**values)


def _agency(code, name, level, kind, parent=None):
    return Agency.objects.create(code=code, name=name, level=level, kind=kind, parent=parent)


def _officer(username, full_name, agency, role, password):
    last, first = full_name.rsplit(" ", 1)
    user = get_user_model().objects.create_user(
        username, password=password, first_name=first, last_name=last
    )
    assign_role(user=user, agency=agency, role=role)
    return Actor.officer(user)


def build_world(password: str | None = "x") -> World:
    """Create the province, the procedure and the officers (``password=None``: unusable
    passwords, as the intake benchmark wants)."""
    province = _agency("H99", "UBND tỉnh Sơn Hà", "province", "peoples_committee")
    centre = _agency("H99.20", "Trung tâm PVHCC tỉnh", "province", "service_centre", province)
    department = _agency("H99.01", "Sở Tư pháp", "province", "department", province)
    division = _agency("H99.01.01", "Phòng Hành chính tư pháp", "province", "division", department)
    other = _agency("H88", "UBND tỉnh khác", "province", "peoples_committee")
    other_centre = _agency(
        "H88.20", "Trung tâm PVHCC tỉnh khác", "province", "service_centre", other
    )
    field = Field.objects.create(code="LLTP", name="Lý lịch tư pháp")
    procedure = Procedure.objects.create(
        code="2.000488.H99", name="Cấp Phiếu lý lịch tư pháp", field=field
    )
    version = ProcedureVersion.objects.create(
        procedure=procedure,
        number=1,
        valid_from=datetime.date(2018, 1, 1),
        name=procedure.name,
        levels="province",
    )
    ProcedureAgency.objects.create(version=version, agency=department, part="deciding")
    case = ProcedureCase.objects.create(
        version=version,
        code="01",
        name="Phiếu số 1",
        time_limit=Decimal(5),
        time_unit="working_days",
    )
    for channel in ("counter", "postal"):
        CaseChannel.objects.create(case=case, channel=channel)
    CaseChannel.objects.create(
        case=case, channel="online", time_limit=Decimal(4), time_unit="working_days"
    )
    RequiredComponent.objects.create(case=case, position=1, name="Tờ khai", originals=1)
    for stage, name, role, agency, hours in [
        (1, "Tiếp nhận", Role.COUNTER_OFFICER, centre, 4),
        (2, "Phân công", Role.DEPARTMENT_HEAD, department, 4),
        (3, "Thẩm định, dự thảo", Role.SPECIALIST, division, 24),
        (4, "Ký duyệt", Role.SIGNING_LEADER, department, 4),
        (5, "Phát hành", Role.CLERK, department, 2),
        (6, "Trả kết quả", Role.COUNTER_OFFICER, centre, 2),
    ]:
        ProcessStep.objects.create(
            case=case, stage=stage, name=name, role=role, agency=agency, budget_hours=Decimal(hours)
        )
    make = lambda *a: _officer(*a, password)  # noqa: E731
    return World(
        province=province,
        centre=centre,
        department=department,
        division=division,
        other_centre=other_centre,
        case=case,
        counter=make("motcua", "Nguyễn Thị Lan", centre, Role.COUNTER_OFFICER),
        head=make("truongphong", "Trần Văn Minh", department, Role.DEPARTMENT_HEAD),
        specialist=make("chuyenvien", "Phạm Thu Hà", division, Role.SPECIALIST),
        leader=make("lanhdao", "Hoàng Đức Thắng", department, Role.SIGNING_LEADER),
        clerk=make("vanthu", "Đỗ Thị Hạnh", department, Role.CLERK),
        outsider=make("motcua.khac", "Lê Văn Khác", other_centre, Role.COUNTER_OFFICER),
        supervisor=make("giamsat", "Lê Thị Giám", centre, Role.SUPERVISOR),
    )


def make_interconnected(world: World) -> World:
    """Turn the world's case into a three-agency (liên thông) process, 5 working days = 40 h:

        stage 1  Tiếp nhận               counter_officer  H99.20 one-stop centre   4 h
        stage 2  Ý kiến về an ninh        specialist       H99.30 police           16 h  ┐ parallel
        stage 2  Xác nhận nghĩa vụ thuế    specialist       H99.31 tax               8 h  ┘
        stage 3  Quyết định               signing_leader   H99.01 department       12 h
        stage 4  Trả kết quả              counter_officer  H99.20                   8 h

    and add ``world.police``, ``world.tax`` and their specialists ``world.cop``,
    ``world.taxman``."""
    police = _agency("H99.30", "Công an tỉnh", "province", "vertical_agency", world.province)
    tax = _agency("H99.31", "Thuế tỉnh", "province", "vertical_agency", world.province)
    world.case.steps.all().delete()
    for stage, name, role, agency, hours in [
        (1, "Tiếp nhận", Role.COUNTER_OFFICER, world.centre, 4),
        (2, "Ý kiến về an ninh, trật tự", Role.SPECIALIST, police, 16),
        (2, "Xác nhận nghĩa vụ thuế", Role.SPECIALIST, tax, 8),
        (3, "Quyết định", Role.SIGNING_LEADER, world.department, 12),
        (4, "Trả kết quả", Role.COUNTER_OFFICER, world.centre, 8),
    ]:
        ProcessStep.objects.create(
            case=world.case,
            stage=stage,
            name=name,
            role=role,
            agency=agency,
            budget_hours=Decimal(hours),
        )
    world.case.version.is_interconnected = True
    world.case.version.save()
    world.police, world.tax = police, tax
    world.cop = _officer("congan", "Vũ Văn Công", police, Role.SPECIALIST, "x")
    world.taxman = _officer("thue", "Lý Thị Thuế", tax, Role.SPECIALIST, "x")
    return world
