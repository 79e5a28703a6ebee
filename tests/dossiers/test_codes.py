"""Dossier codes {agency}-{YYMMDD}-{NNNN}: per agency and Vietnam day, no gaps, no reuse."""

import datetime

import pytest

from motcua.agencies.models import Agency
from motcua.agencies.services import assign_role
from motcua.dossiers import forms
from motcua.dossiers import services as s
from motcua.dossiers.codes import allocate_dossier_code
from motcua.dossiers.models import DailyCounter, Dossier, DossierEvent, Notice

from .conftest import vn

MON = vn(2025, 4, 28, 9, 0)


def receive(world, at, actor=None, unit=None):
    application = world.application(receiving_unit=unit or world.centre)
    return s.receive_at_counter(application=application, actor=actor or world.counter, at=at)


def counters():
    return sorted((c.agency.code, c.day.isoformat(), c.last) for c in DailyCounter.objects.all())


def test_daily_sequence_per_agency(world):
    codes = [receive(world, MON + datetime.timedelta(minutes=m)).code for m in (0, 5, 10)]
    assert codes == ["H99.20-250428-0001", "H99.20-250428-0002", "H99.20-250428-0003"]
    # The next day starts again at 0001.
    assert receive(world, vn(2025, 4, 29, 8, 0)).code == "H99.20-250429-0001"
    # Another receiving unit has its own sequence on the same day.
    branch = Agency.objects.create(
        code="H99.21",
        name="Chi nhánh",
        level="province",
        kind="service_centre",
        parent=world.province,
    )
    assign_role(user=world.outsider.user, agency=branch, role="counter_officer")
    other = receive(world, MON, actor=world.outsider, unit=branch)
    assert other.code == "H99.21-250428-0001"
    assert receive(world, MON + datetime.timedelta(hours=1)).code == "H99.20-250428-0004"
    assert counters() == [
        ("H99.20", "2025-04-28", 4),
        ("H99.20", "2025-04-29", 1),
        ("H99.21", "2025-04-28", 1),
    ]


def test_the_day_is_the_vietnam_day(world):
    # 23:30 UTC on Monday 28/04 is 06:30 on Tuesday 29/04 in Vietnam.
    at = datetime.datetime(2025, 4, 28, 23, 30, tzinfo=datetime.UTC)
    assert receive(world, at).code == "H99.20-250429-0001"
    assert counters() == [("H99.20", "2025-04-29", 1)]


def test_the_sequence_grows_to_five_digits_after_9999(world):
    DailyCounter.objects.create(scope="dossier", agency=world.centre, day=MON.date(), last=9998)
    assert receive(world, MON).code == "H99.20-250428-9999"
    assert receive(world, MON).code == "H99.20-250428-10000"
    assert receive(world, MON).code == "H99.20-250428-10001"
    # Form 01 carries the same number.
    assert Notice.objects.filter(form="receipt").latest("id").number == "H99.20-250428-10001"


def test_centralised_format(world, settings):
    settings.MOTCUA_CODE_FORMAT = "centralised"
    settings.MOTCUA_CENTRALISED_SYSTEM_DIGITS = "12"
    assert receive(world, MON).code == "H99.20-250428-120001"
    assert receive(world, MON).code == "H99.20-250428-120002"
    settings.MOTCUA_CODE_FORMAT = "unknown"  # anything else is the standard format
    assert receive(world, MON).code == "H99.20-250428-0003"


def test_centralised_format_without_system_digits_uses_00(world, settings):
    settings.MOTCUA_CODE_FORMAT = "centralised"
    assert not hasattr(settings, "MOTCUA_CENTRALISED_SYSTEM_DIGITS")
    code = allocate_dossier_code(agency=world.centre, day=datetime.date(2026, 1, 26))
    assert code == "H99.20-260126-000001"


def _broken_receipt(dossier):
    assert dossier.code  # the number was already taken when the failure happens
    raise RuntimeError("printer on fire")


def test_a_failed_counter_reception_consumes_no_number(world, monkeypatch):
    DailyCounter.objects.create(scope="dossier", agency=world.centre, day=MON.date(), last=4)
    with monkeypatch.context() as m:
        m.setattr(forms, "receipt", _broken_receipt)
        with pytest.raises(RuntimeError):
            receive(world, MON)
    assert not Dossier.objects.exists() and not DossierEvent.objects.exists()
    assert counters() == [("H99.20", "2025-04-28", 4)]
    assert receive(world, MON).code == "H99.20-250428-0005"


def test_a_failed_online_reception_consumes_no_number(world, monkeypatch, django_user_model):
    citizen = s.Actor.citizen(django_user_model.objects.create_user("an", password="x"))
    d = s.submit(application=world.application("online"), actor=citizen, at=MON)
    with monkeypatch.context() as m:
        m.setattr(forms, "receipt", _broken_receipt)
        with pytest.raises(RuntimeError):
            s.receive(dossier_id=d.pk, actor=world.counter, at=MON)
    d.refresh_from_db()
    assert (d.state, d.code, d.due_at, d.steps.count(), d.events.count()) == (
        "submitted",
        None,
        None,
        0,
        1,
    )
    assert not DailyCounter.objects.exists() and not Notice.objects.exists()
    d = s.receive(dossier_id=d.pk, actor=world.counter, at=MON)
    assert d.code == "H99.20-250428-0001"
    assert receive(world, MON).code == "H99.20-250428-0002"


def test_refused_and_withdrawn_dossiers_take_no_number(world, django_user_model):
    citizen = s.Actor.citizen(django_user_model.objects.create_user("an", password="x"))
    a = s.submit(application=world.application("online"), actor=citizen, at=MON)
    b = s.submit(application=world.application("online"), actor=citizen, at=MON)
    s.refuse(dossier_id=a.pk, actor=world.counter, reason="Sai thẩm quyền", at=MON)
    s.withdraw(dossier_id=b.pk, actor=citizen, reason="Rút", at=MON)
    assert not DailyCounter.objects.exists()
    assert receive(world, MON).code == "H99.20-250428-0001"
