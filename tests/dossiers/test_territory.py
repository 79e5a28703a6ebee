"""Reception regardless of administrative boundaries (NĐ 118/2025 art. 14(2)) and routing by
competence: which agency decides, where each step happens."""

import datetime
from decimal import Decimal

import pytest

from motcua.agencies.models import Agency, Role
from motcua.agencies.services import assign_role
from motcua.catalog.models import (
    CaseChannel,
    Procedure,
    ProcedureAgency,
    ProcedureCase,
    ProcedureVersion,
    ProcessStep,
)
from motcua.dossiers import services as s
from motcua.dossiers.models import Dossier, DossierEvent

from .conftest import vn
from .world import _agency, _officer

MON = vn(2025, 8, 4, 9, 0)


@pytest.fixture
def communes(world):
    """Two communes of the province, each with its one-stop centre and its police, and a
    commune-level procedure decided by either commune, with a step for the commune police."""
    w = world
    police = _agency("H99.30", "Công an tỉnh", "province", "vertical_agency", w.province)
    w.communes = []
    for n, name in ((51, "phường Sơn Hà"), (52, "phường Đông Thành")):
        pc = _agency(f"H99.{n}", f"UBND {name}", "commune", "peoples_committee", w.province)
        centre = _agency(f"H99.{n}.01", f"TTPVHCC {name}", "commune", "service_centre", pc)
        cops = _agency(f"H99.30.{n}", f"Công an {name}", "commune", "vertical_agency", police)
        cops.territory = pc
        cops.save()
        w.communes.append((pc, centre, cops))
    procedure = Procedure.objects.create(
        code="1.000001.H99", name="Thủ tục cấp xã (thử)", field=w.case.version.procedure.field
    )
    version = ProcedureVersion.objects.create(
        procedure=procedure,
        number=1,
        valid_from=datetime.date(2025, 7, 1),
        name=procedure.name,
        levels="commune",
    )
    for pc, _centre, _cops in w.communes:
        ProcedureAgency.objects.create(version=version, agency=pc, part="deciding")
    case = ProcedureCase.objects.create(
        version=version, code="01", name="Trường hợp chung", time_limit=Decimal(2)
    )
    CaseChannel.objects.create(case=case, channel="counter")
    for stage, role, agency, local, hours in [
        (1, Role.COUNTER_OFFICER, None, False, 2),
        (2, Role.SPECIALIST, None, False, 6),
        (3, Role.SPECIALIST, police, True, 6),
        (4, Role.COUNTER_OFFICER, None, False, 2),
    ]:
        ProcessStep.objects.create(
            case=case,
            stage=stage,
            name=f"Bước {stage}",
            role=role,
            agency=agency,
            local_unit=local,
            budget_hours=Decimal(hours),
        )
    w.commune_case = case
    w.commune_counter = _officer(
        "motcua.xa", "Vũ Thị Mai", w.communes[0][1], Role.COUNTER_OFFICER, "x"
    )
    assign_role(user=w.counter.user, agency=w.centre, role=Role.COUNTER_OFFICER)
    return w


def application(w, unit, competent=None, case=None):
    return w.application(
        case=case or w.commune_case, receiving_unit=unit, competent_agency=competent
    )


def test_the_competent_agency_defaults_to_the_receiving_units_own_area(communes):
    w = communes
    (pc_a, centre_a, _), _b = w.communes
    d = s.receive_at_counter(application=application(w, centre_a), actor=w.commune_counter, at=MON)
    assert (d.receiving_unit, d.competent_agency) == (centre_a, pc_a)


def test_a_boundary_dependent_procedure_is_refused_for_another_commune(communes):
    w = communes
    (_, centre_a, _), (pc_b, _, _) = w.communes
    with pytest.raises(s.DossierError) as refused:
        s.receive_at_counter(
            application=application(w, centre_a, pc_b), actor=w.commune_counter, at=MON
        )
    assert (refused.value.code, refused.value.field) == ("outside_territory", "competent_agency")
    assert "địa giới" in refused.value.message or "boundaries" in refused.value.message
    assert not Dossier.objects.exists() and not DossierEvent.objects.exists()


def test_a_boundary_independent_procedure_is_received_anywhere_in_the_province(communes):
    w = communes
    (pc_a, centre_a, _), (pc_b, _centre_b, cops_b) = w.communes
    version = w.commune_case.version
    version.is_boundary_independent = True
    version.save()
    # At commune A's centre, for commune B: received and coded at A, decided and tracked at B.
    d = s.receive_at_counter(
        application=application(w, centre_a, pc_b), actor=w.commune_counter, at=MON
    )
    assert (d.receiving_unit, d.competent_agency) == (centre_a, pc_b)
    assert d.code.startswith("H99.51.01-")
    assert d.current_step.agency == centre_a  # the counter's step is at the receiving unit
    officer_b = _officer("congchuc.b", "Bùi Văn Nam", pc_b, Role.SPECIALIST, "x")
    d = s.forward(dossier_id=d.pk, actor=w.commune_counter, at=MON + datetime.timedelta(hours=1))
    assert d.current_step.agency == pc_b and d.current_agency == pc_b
    # The police step names the provincial police as a local unit: commune B's police do it.
    d = s.forward(dossier_id=d.pk, actor=officer_b, at=MON + datetime.timedelta(hours=2))
    assert d.current_step.agency == cops_b
    # At the provincial centre too; but not for another province's agency.
    d2 = s.receive_at_counter(application=application(w, w.centre, pc_a), actor=w.counter, at=MON)
    assert d2.competent_agency == pc_a
    other_pc = Agency.objects.get(code="H88")
    ProcedureAgency.objects.create(version=version, agency=other_pc, part="deciding")
    with pytest.raises(s.DossierError) as refused:
        s.receive_at_counter(
            application=application(w, w.centre, other_pc), actor=w.counter, at=MON
        )
    assert refused.value.code == "outside_territory"


def test_the_competent_agency_must_be_one_the_catalogue_names(communes):
    w = communes
    (_, centre_a, _), _b = w.communes
    with pytest.raises(s.DossierError) as refused:
        s.receive_at_counter(
            application=application(w, centre_a, w.department), actor=w.commune_counter, at=MON
        )
    assert (refused.value.code, refused.value.field) == ("invalid_input", "competent_agency")


def test_without_a_local_decider_the_officer_must_choose(communes):
    w = communes
    # The provincial centre is in neither commune: two deciders, none of its own area.
    with pytest.raises(s.DossierError) as refused:
        s.receive_at_counter(application=application(w, w.centre), actor=w.counter, at=MON)
    assert refused.value.field == "competent_agency"
    assert not Dossier.objects.exists()


def test_form_01_names_the_receiving_unit_and_the_competent_agency(communes):
    w = communes
    (_, centre_a, _), (pc_b, _, _) = w.communes
    w.commune_case.version.is_boundary_independent = True
    w.commune_case.version.save()
    d = s.receive_at_counter(
        application=application(w, centre_a, pc_b), actor=w.commune_counter, at=MON
    )
    receipt = d.notices.get(form="receipt").data
    assert receipt["unit"]["code"] == "H99.51.01"
    assert receipt["competent_agency"] == {"code": "H99.52", "name": "UBND phường Đông Thành"}
