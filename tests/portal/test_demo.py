"""The demo province carries e-forms and a citizen account, so that `make run` shows the portal
working end to end."""

import pytest
from django.contrib.auth import get_user_model

from motcua.catalog.models import ProcedureCase
from motcua.core.demo import DEMO_CITIZEN, DEMO_PASSWORD, seed_demo
from motcua.portal import eforms

pytestmark = pytest.mark.django_db


def test_demo_citizen_and_birth_registration_e_form():
    seed_demo()
    seed_demo()  # idempotent
    user = get_user_model().objects.get(username=DEMO_CITIZEN["email"])
    assert user.check_password(DEMO_PASSWORD) and user.citizen.phone == DEMO_CITIZEN["phone"]
    case = ProcedureCase.objects.get(version__procedure__code="1.001193", code="01")
    fields = eforms.definitions(case.pk)
    assert [f.key for f in fields][:3] == ["child_name", "child_birth_date", "child_sex"]
    answers = {
        "tk-child_name": "Nguyễn Minh Khang",
        "tk-child_birth_date": "2026-11-02",
        "tk-child_sex": "Nam",
        "tk-birth_place": "Bệnh viện Đa khoa tỉnh Sơn Hà",
        "tk-mother_name": "Lê Thị Hoa",
        "tk-mother_id": "035195001234",
        "tk-relationship": "Mẹ",
        "tk-declaration": "on",
    }
    form = eforms.form_for(fields, data=answers)
    assert form.is_valid(), form.errors
    assert eforms.answers(form)["child_birth_date"] == "2026-11-02"
    assert eforms.answers(form)["father_name"] == ""  # optional, left empty
    wrong = eforms.form_for(fields, data={**answers, "tk-mother_id": "12345"})
    assert not wrong.is_valid() and "mother_id" in wrong.errors
