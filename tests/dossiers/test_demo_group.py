"""The demo's NĐ 63/2024 group (khai sinh + thường trú + thẻ BHYT cho trẻ em dưới 6 tuổi), end to
end through the services as the demo officers: one submission, one code, three agencies."""

import pytest
from django.contrib.auth import get_user_model

from motcua.agencies.models import Agency
from motcua.catalog.models import ProcedureCase
from motcua.core.demo import seed_demo
from motcua.dossiers import services as s
from motcua.dossiers.models import Dossier
from motcua.dossiers.replay import differences
from motcua.dossiers.selectors import inbox

from .conftest import vn


@pytest.fixture
def demo(db):
    seed_demo()
    officer = lambda name: s.Actor.officer(get_user_model().objects.get(username=name))  # noqa: E731
    return officer


def group_application(case, unit):
    return s.Application(
        case=case,
        channel="counter",
        receiving_unit=unit,
        subject="Liên thông khai sinh, thường trú, thẻ BHYT cho cháu Nguyễn Minh An",
        parties=[
            s.PartyIn(
                kind="owner",
                name="Nguyễn Văn Bình",
                id_type="cccd",
                id_number="035090001234",
                phone="0912000111",
            )
        ],
        components=[
            s.ComponentIn(name=c.name, originals=1, required_id=c.pk)
            for c in case.components.filter(mandatory=True)
        ],
    )


def test_the_group_passes_through_three_agencies_in_three_working_days(demo):
    case = ProcedureCase.objects.get(version__procedure__code="1.009922.H99", code="01")
    assert sorted(case.version.members.values_list("procedure__code", flat=True)) == [
        "1.001193",
        "1.009908.H99",
        "2.009932.H99",
    ]
    ward_centre = Agency.objects.get(code="H99.51.01")
    # Received at 15:30, after the 15:00 cut-off: the 3 working days count from Tuesday 07:30.
    d = s.receive_at_counter(
        application=group_application(case, ward_centre),
        actor=demo("motcua.xa"),
        at=vn(2025, 8, 4, 15, 30),
    )
    assert d.competent_agency.code == "H99.51"
    assert d.due_at == vn(2025, 8, 7, 17, 0)
    d = s.forward(dossier_id=d.pk, actor=demo("motcua.xa"), at=vn(2025, 8, 4, 16, 0))
    assert d.current_step.agency.code == "H99.51"
    # The birth is registered; the ward police and provincial social insurance work in parallel.
    d = s.forward(dossier_id=d.pk, actor=demo("congchuc.xa"), at=vn(2025, 8, 5, 10, 0))
    open_at = sorted(d.steps.filter(finished_at=None).values_list("agency__code", flat=True))
    assert open_at == ["H99.30.51", "H99.32"]
    for code in ("H99.30.51", "H99.32"):
        assert list(inbox(Agency.objects.get(code=code))) == [d]
    d = s.forward(dossier_id=d.pk, actor=demo("bhxh.tinh"), at=vn(2025, 8, 5, 15, 0))
    assert not inbox(Agency.objects.get(code="H99.32")).exists()
    d = s.forward(dossier_id=d.pk, actor=demo("congan.xa"), at=vn(2025, 8, 6, 9, 0))
    assert d.current_step.agency.code == "H99.51" and d.current_step.role == "signing_leader"
    d = s.finish(
        dossier_id=d.pk, actor=demo("chutich.xa"), result_number="15/2025", at=vn(2025, 8, 6, 14, 0)
    )
    assert d.current_step.agency == ward_centre
    d = s.return_result(
        dossier_id=d.pk,
        actor=demo("motcua.xa"),
        method="counter",
        received_by="Nguyễn Văn Bình",
        at=vn(2025, 8, 6, 15, 30),
    )
    assert d.state == "returned" and Dossier.objects.count() == 1
    assert {r.agency.code for r in d.steps.all()} == {"H99.51.01", "H99.51", "H99.30.51", "H99.32"}
    assert not d.steps.filter(timeliness="late").exists()
    assert differences(d) == []
