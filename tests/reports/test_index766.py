"""The Decision 766 index: points from the product's data, "no data" where it holds none, the
periods, the rank bands, the command."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.dossiers import tallies
from motcua.dossiers.models import Dossier, DossierComponent
from motcua.reports.index766 import index, period_of
from tests.reports.bieu06_helpers import D, at, shaped

pytestmark = pytest.mark.django_db


@pytest.fixture
def march(world):
    """Four dossiers received in March 2025, one of them online; two resolved (one early, one
    late), two pending (one within time, one overdue); one component reused; two ratings."""
    early = shaped(
        world, received=D(2025, 3, 3), due=D(2025, 3, 10), finished=D(2025, 3, 7), state="finished"
    )
    late = shaped(
        world, received=D(2025, 3, 3), due=D(2025, 3, 10), finished=D(2025, 3, 12), state="finished"
    )
    shaped(world, received=D(2025, 3, 4), due=D(2025, 4, 20), channel="online")
    shaped(world, received=D(2025, 3, 4), due=D(2025, 3, 20))
    DossierComponent.objects.filter(dossier=early).update(digitisation=2)
    Dossier.objects.filter(pk=early.pk).update(rating="very_satisfied", rated_at=at(D(2025, 3, 8)))
    Dossier.objects.filter(pk=late.pk).update(rating="not_satisfied", rated_at=at(D(2025, 3, 13)))
    tallies.rebuild()
    return world


def _groups(result) -> dict:
    return {g.key: g for g in result.groups}


def test_progress_online_digitisation_and_satisfaction_points(march):
    result = index(date_from=D(2025, 3, 1), date_to=D(2025, 3, 31))
    groups = _groups(result)
    # Progress: early 1 + within 1 of resolved 2 + pending 2 → 2/4 of 20 points.
    assert groups["TDGQ"].points == Decimal("10.00")
    # Online: 1 of 4 received online = 25 %, full marks at 50 % → 3 of 6 points. The world's
    # procedure is offered online (partial, the default) and got an online dossier: 2 + 4.
    online = {i.key: i for i in groups["CLGQ"].indicators}
    assert online["CLGQ.3"].points == Decimal("3.00")
    assert (online["CLGQ.1"].points, online["CLGQ.2"].points) == (Decimal("2.00"), Decimal("4.00"))
    digitised = {i.key: i for i in groups["MDSH"].indicators}
    # Results as files: none of the 2; components: 1 of 4 digitised (25 % of the 80 % → 1.25
    # of 4), the same one reused (0.625 of 2).
    assert digitised["MDSH.1"].points == Decimal("0.00")
    assert digitised["MDSH.2"].points == Decimal("1.25")
    assert digitised["MDSH.3"].points == Decimal("0.63")
    satisfaction = {i.key: i for i in groups["MDHL"].indicators}
    assert satisfaction["MDHL.3"].points == Decimal("3.00")  # 1 of 2 satisfied, of 6
    assert satisfaction["MDHL.1"].points is None  # no feedback at all: nothing to count


def test_what_the_product_does_not_hold_is_no_data_and_not_counted(march):
    result = index(date_from=D(2025, 3, 1), date_to=D(2025, 3, 31))
    groups = _groups(result)
    assert groups["CKMB"].points is None and groups["TTTT"].points is None
    assert groups["MDHL"].indicators[1].points is None
    data = result.as_dict()
    assert data["groups"][0]["indicators"][0]["no_data"] is True
    # Available: progress 20 + online 12 + digitisation 12 + rated satisfaction 6.
    assert result.available_max == Decimal(50)
    assert result.total_points == Decimal("23.88")
    assert result.normalised == Decimal("47.76") and result.band == "weak"


def test_a_period_without_dossiers_has_no_points_and_no_band(world):
    result = index(date_from=D(2025, 3, 1), date_to=D(2025, 3, 31))
    # Only the catalogue-based indicator has something to count.
    assert [g.key for g in result.groups if g.points is not None] == ["CLGQ"]


def test_bands_follow_the_settings(march, settings):
    settings.MOTCUA_766_BANDS = [(90, "excellent"), (40, "passable"), (0, "weak")]
    assert index(date_from=D(2025, 3, 1), date_to=D(2025, 3, 31)).band == "passable"


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2025", D(2025, 1, 1), D(2025, 12, 31)),
        ("2025-q3", D(2025, 7, 1), D(2025, 9, 30)),
        ("2024-02", D(2024, 2, 1), D(2024, 2, 29)),
        ("2025-12", D(2025, 12, 1), D(2025, 12, 31)),
    ],
)
def test_periods(text, first, last):
    assert period_of(text) == (first, last)


@pytest.mark.parametrize("text", ["2025-13", "2025-Q5", "25", "2025/07", ""])
def test_bad_periods(text):
    with pytest.raises(ValueError):
        period_of(text)


def test_the_command_prints_the_province_and_each_agency(march):
    out = io.StringIO()
    call_command("report", "index766", "--period", "2025-03", "--by", "agency", stdout=out)
    data = json.loads(out.getvalue())
    assert data["period"] == {"from": "2025-03-01", "to": "2025-03-31"}
    assert data["total_points"] == "23.88"
    department = next(a for a in data["agencies"] if a["agency_code"] == "H99.01")
    assert department["total_points"] == "23.88"
    centre = next(a for a in data["agencies"] if a["agency_code"] == "H99.20")
    assert centre["groups"][1]["points"] is None  # it settles no dossier


def test_the_command_refuses_a_bad_period(march):
    with pytest.raises(CommandError) as raised:
        call_command("report", "index766", "--period", "2025-13", stdout=io.StringIO())
    assert raised.value.returncode == 2 and "--period" in str(raised.value)


def test_weights_that_do_not_add_up_are_refused(march, settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.MOTCUA_766_SATISFACTION_WEIGHTS = [6, 6, 5]
    with pytest.raises(ImproperlyConfigured):
        index(date_from=D(2025, 3, 1), date_to=D(2025, 3, 31))
