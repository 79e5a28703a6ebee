"""The generated database (``bench/generate``): a few hundred dossiers written into the test
database, each one as the services would have written it.

Every dossier is read back through the ORM and checked (``bench.generate.verify``): the replay of
its event log gives the stored clock (``replay.differences``), events and control-slip rows are
numbered without gaps and chain their states, the current step is the first open row, the
state has the fields it must have, pauses are open exactly in paused states, and the notices'
snapshots are what ``forms`` computes. Codes are gapless per unit and day, in the order of
reception, and the daily counters hold their last number.
"""

import datetime

import pytest
from django.db.models import Count

from bench.generate import generate, mix
from bench.generate.verify import check_codes, check_dossier
from motcua.dossiers.models import (
    DailyCounter,
    Dossier,
    DossierComponent,
    DossierEvent,
    DossierStep,
    Extension,
    Notice,
    Party,
    PauseInterval,
)

# Around the reform of 1 July 2025: both legal regimes and form sets, ~15 dossiers a day.
SINCE, UNTIL = datetime.date(2025, 6, 16), datetime.date(2025, 7, 11)


def _problems():
    dossiers = Dossier.objects.select_related(
        "receiving_unit", "competent_agency", "procedure_version__procedure", "case"
    )
    return {d.code or d.pk: found for d in dossiers if (found := check_dossier(d))}


@pytest.mark.django_db
def test_generated_dossiers_are_consistent():
    summary = generate(300, seed=7, since=SINCE, until=UNTIL)

    assert summary.count == Dossier.objects.count() == 300
    assert _problems() == {}
    codes = check_codes()
    assert codes["problems"] == []
    assert codes["codes"] == Dossier.objects.exclude(code=None).count()
    assert DailyCounter.objects.filter(scope="dossier").count() == codes["unit_days"]
    # The summary counts what was written.
    tables = {
        "dossier": Dossier,
        "party": Party,
        "component": DossierComponent,
        "step": DossierStep,
        "event": DossierEvent,
        "notice": Notice,
        "pause": PauseInterval,
        "extension": Extension,
        "counter": DailyCounter,
    }
    assert {k: m.objects.count() for k, m in tables.items()} == summary.rows
    assert sum(summary.states.values()) == 300
    # Both regimes, with their form sets, and the mix the benchmarks expect.
    regimes = dict(Dossier.objects.values_list("regime").annotate(n=Count("id")))
    assert set(regimes) == {"2018", "2025"}
    assert set(Dossier.objects.values_list("regime", "form_set").distinct()) <= {
        ("2018", "2018"),
        ("2025", "2025"),
    }
    assert summary.channels["online"] > 0.75 * 300
    assert summary.states.get("returned", 0) + summary.states.get("finished", 0) > 0.85 * 300
    # Several dossiers a day per unit: the sequences really are sequences.
    assert codes["unit_days"] < codes["codes"]


@pytest.mark.django_db
def test_every_branch_of_the_lifecycle_is_consistent(monkeypatch):
    """The rare branches made frequent: supplements (restart), financial obligations, stops,
    withdrawals, late dossiers with apologies, refusals and requests to complete at reception."""
    for name, value in {
        "SUPPLEMENT": 0.25,
        "SUPPLEMENT_ABANDONED": 0.2,
        "STOP": 0.15,
        "STOP_NEVER_RESUMED": 0.3,
        "WITHDRAW": 0.15,
        "PAYMENT": 0.9,
        "APOLOGY": 1.0,
        "LATE": {"province": 0.3, "commune": 0.3},
        "COMPLETION": 0.15,
        "REFUSED": 0.05,
        "STEP_OVERRUN": 0.3,
        "PROCEDURES": {
            **mix.PROCEDURES,
            ("2.009934.H99", "01", "province"): 15.0,  # land: financial obligations
            ("2.009933.H99", "01", "province"): 8.0,  # two agencies in parallel
            ("2.009940.H99", "01", "province"): 8.0,  # three agencies in parallel
            ("1.009922.H99", "01", "commune"): 15.0,  # NĐ 63/2024 group, local police unit
        },
    }.items():
        monkeypatch.setattr(mix, name, value)
    summary = generate(300, seed=11, since=SINCE, until=UNTIL)

    assert _problems() == {}
    assert check_codes()["problems"] == []
    states = summary.states
    for state in ("returned", "withdrawn", "refused", "supplement", "stopped"):
        assert states.get(state), f"no {state} dossier generated"
    assert summary.features.get("apologies") and summary.features.get("parallel_stages")
    assert Extension.objects.count() == Notice.objects.filter(form="apology").count() > 0
    kinds = set(PauseInterval.objects.values_list("kind", "mode").distinct())
    assert {("supplement", "restart"), ("payment", "pause"), ("stop", "pause")} <= kinds
    assert DossierStep.objects.filter(timeliness="late", overrun_seconds__gt=0).exists()
    late_finishes = DossierEvent.objects.filter(action="finish", payload__has_key="late_steps")
    assert late_finishes.exists()
    # Parallel stages: rows of several agencies at once, and the hand-over that waits for them.
    assert DossierEvent.objects.filter(payload__has_key="also_opened").exists()
    assert DossierEvent.objects.filter(payload__has_key="waiting_for").exists()
