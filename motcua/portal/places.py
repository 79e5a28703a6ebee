"""Where an online dossier goes: the one-stop units (the province's Public Administration Service
Centre, communes' one-stop units) that may receive a case, each with the competent agency the
catalogue gives it (``dossiers.services.competence``). The citizen picks one; the counter of
that unit then checks and receives the dossier."""

from __future__ import annotations

import datetime

from motcua.agencies.models import Agency
from motcua.core import refdata
from motcua.dossiers.plans import plan_for
from motcua.dossiers.services import DossierError
from motcua.dossiers.services.competence import competent_for

RECEIVING_KINDS = (Agency.Kind.SERVICE_CENTRE, Agency.Kind.ONE_STOP_UNIT)


def _options(case_id: int, day: datetime.date) -> list[tuple[Agency, Agency]]:
    plan = plan_for(case_id)
    units = Agency.objects.active_on(day).filter(kind__in=RECEIVING_KINDS).order_by("level", "name")
    found = []
    for unit in units:
        try:
            found.append((unit, competent_for(plan, unit, None, day)))
        except DossierError:
            continue
    return found


def receiving_options(case_id: int, day: datetime.date) -> list[tuple[Agency, Agency]]:
    """(receiving unit, competent agency) pairs for an online dossier of the case on ``day``."""
    return refdata.cached(("portal-places", case_id, day), lambda: _options(case_id, day))
