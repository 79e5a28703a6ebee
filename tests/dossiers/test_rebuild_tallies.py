"""``motcua rebuild-tallies``: tallies left stale by a change outside the services are counted
again from the dossiers."""

import io

import pytest
from django.core.management import call_command

from motcua.dossiers.models import DailyTally, Dossier
from motcua.reports import bieu06_counts
from tests.reports.bieu06_helpers import D, at, shaped

pytestmark = pytest.mark.django_db


def test_stale_tallies_are_counted_again(world):
    dossier = shaped(world, received=D(2025, 3, 3), due=D(2025, 3, 20))
    call_command("rebuild-tallies", stdout=io.StringIO())
    # A data fix in SQL: the dossier was in fact returned on the 10th.
    Dossier.objects.filter(pk=dossier.pk).update(
        state="returned", national_status=10, finished_at=at(D(2025, 3, 10))
    )
    period = (D(2025, 3, 1), D(2025, 3, 31))
    assert bieu06_counts.from_tallies(*period) != bieu06_counts.from_dossiers(*period)
    out = io.StringIO()
    call_command("rebuild-tallies", stdout=out)
    assert bieu06_counts.from_tallies(*period) == bieu06_counts.from_dossiers(*period)
    assert "1" in out.getvalue() and DailyTally.objects.filter(resolved_early=1).count() == 1
