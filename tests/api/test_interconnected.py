"""An interconnected dossier through the API: one dossier, each agency's share, each inbox."""

import pytest

from motcua.dossiers import services as s
from tests.dossiers.world import make_interconnected

from .conftest import vn


@pytest.fixture
def chain(world):
    return make_interconnected(world)


def test_each_agency_sees_its_share_and_the_dossier_is_listed_once(chain, as_officer):
    w = chain
    d = s.receive_at_counter(application=w.application(), actor=w.counter, at=vn(2025, 5, 12, 8))
    s.forward(dossier_id=d.pk, actor=w.counter, at=vn(2025, 5, 12, 9, 0))
    s.forward(dossier_id=d.pk, actor=w.taxman, at=vn(2025, 5, 12, 16, 0))

    cop = as_officer(w.cop)
    detail = cop.get(f"/dossiers/{d.pk}").json()
    assert detail["receiving_unit"]["code"] == "H99.20"
    assert detail["competent_agency"]["code"] == "H99.01"
    assert [o["agency"]["code"] for o in detail["open_steps"]] == ["H99.30"]
    shares = {sh["agency"]["code"]: sh for sh in detail["shares"]}
    assert shares["H99.31"] == {
        "agency": {"code": "H99.31", "name": "Thuế tỉnh"},
        "rows": [3],
        "budget_hours": 8.0,
        "used_hours": 5.5,
        "overrun_hours": 0.0,
        "timeliness": "early",
    }
    assert shares["H99.30"]["timeliness"] == "pending"

    # The police's inbox has it; the tax office's no longer; the decider's not yet.
    assert [i["id"] for i in cop.get("/dossiers", waiting_at="H99.30").json()["items"]] == [d.pk]
    taxman = as_officer(w.taxman)
    assert taxman.get("/dossiers", waiting_at="H99.31").json()["items"] == []
    # The tax office still sees the dossier it worked on — once.
    assert [i["id"] for i in taxman.get("/dossiers").json()["items"]] == [d.pk]
    response = cop.get("/dossiers", waiting_at="H00")
    assert response.status_code == 422 and response.json()["field"] == "waiting_at"


def test_both_parallel_rows_are_shown_and_counted_once(chain, as_officer):
    w = chain
    d = s.receive_at_counter(application=w.application(), actor=w.counter, at=vn(2025, 5, 12, 8))
    s.forward(dossier_id=d.pk, actor=w.counter, at=vn(2025, 5, 12, 9, 0))
    counter = as_officer(w.counter)
    detail = counter.get(f"/dossiers/{d.pk}").json()
    assert [o["agency"]["code"] for o in detail["open_steps"]] == ["H99.30", "H99.31"]
    assert [i["id"] for i in counter.get("/dossiers").json()["items"]] == [d.pk]
