"""The tracking ledger (sổ theo dõi hồ sơ; 2018: Form 06, 2025: Form 07), read from the database.

The ledger of a one-stop unit lists the dossiers it received (``receiving_unit``) on the
Vietnam calendar days ``date_from`` to ``date_to`` (both included), in the order received.
``motcua.dossiers.forms.ledger`` gives the official columns; this module adds what the ledger
also shows:

* **procedure** and **competent agency** (cơ quan chủ trì giải quyết);
* **transferred at** (chuyển hồ sơ đến cơ quan giải quyết): when the first control-slip row held
  by another agency than the receiving unit started — the one-stop unit handed the dossier on;
  empty while the counter still holds it, or when the unit decides itself;
* **timeliness**: a finished or returned dossier is early / on time / late by its finishing
  day against its due day; a pending one is within time or overdue on the day of ``at``
  (paused dossiers count as within time), as ``motcua.dossiers.timeliness`` says; a withdrawn
  dossier is marked as such.

Two queries whatever the number of dossiers: the dossiers with their procedure version,
agencies and the transfer instant (a subquery), then their parties.
"""

from __future__ import annotations

import datetime

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from motcua.agencies.models import Agency
from motcua.core.dates import vn_midnight
from motcua.dossiers import forms
from motcua.dossiers.models import Dossier, DossierStep
from motcua.dossiers.policies import regime_on
from motcua.dossiers.states import PAUSED_STATES, State
from motcua.dossiers.timeliness import classify_finished, classify_pending
from motcua.workcalendar.clock import VN_TZ

from . import wording

WITHDRAWN = "withdrawn"


def received_dossiers(
    *, agency: Agency, date_from: datetime.date, date_to: datetime.date
) -> list[Dossier]:
    """The dossiers ``agency`` received from ``date_from`` to ``date_to`` (Vietnam days)."""
    transfer = (
        DossierStep.objects.filter(dossier=OuterRef("pk"))
        .exclude(agency=OuterRef("receiving_unit"))
        .order_by("sequence")
        .values("started_at")[:1]
    )
    return list(
        Dossier.objects.filter(
            receiving_unit=agency,
            received_at__gte=vn_midnight(date_from),
            received_at__lt=vn_midnight(date_to + datetime.timedelta(days=1)),
        )
        .select_related("procedure_version", "competent_agency", "receiving_unit")
        .prefetch_related("parties")
        .annotate(transferred_at=Subquery(transfer))
        .order_by("received_at", "code")
    )


def timeliness(dossier: Dossier, at: datetime.datetime) -> str:
    """A code of ``wording.LABELS["timeliness"]`` for the dossier, looked at on ``at``."""
    if dossier.state == State.WITHDRAWN:
        return WITHDRAWN
    if dossier.state in (State.FINISHED, State.RETURNED) and dossier.finished_at:
        return classify_finished(finished_at=dossier.finished_at, due_at=dossier.due_at).value
    return classify_pending(at=at, due_at=dossier.due_at, paused=dossier.state in PAUSED_STATES)


def ledger_data(
    *,
    agency: Agency,
    date_from: datetime.date,
    date_to: datetime.date,
    at: datetime.datetime | None = None,
    form_set: str | None = None,
) -> dict:
    """The ledger's data: ``forms.ledger`` and the columns above, in the form set in force on
    ``date_to`` unless ``form_set`` is given."""
    at = at or timezone.now()
    dossiers = received_dossiers(agency=agency, date_from=date_from, date_to=date_to)
    data = forms.ledger(dossiers, form_set=form_set or regime_on(date_to).form_set)
    for row, dossier in zip(data["rows"], dossiers, strict=True):
        row["procedure"] = dossier.procedure_version.name
        row["competent_agency"] = dossier.competent_agency.name
        transferred = dossier.transferred_at
        row["transferred_at"] = transferred.astimezone(VN_TZ).isoformat() if transferred else None
        row["timeliness"] = timeliness(dossier, at)
        if dossier.state == State.WITHDRAWN:
            # Processing stopped: no result came back from the deciding agency.
            row["result_received_at"] = None
        if dossier.state in PAUSED_STATES:
            row["note"] = row["note"] or wording.label("state", dossier.state)
    data.update(
        unit={"code": agency.code, "name": agency.name},
        date_from=date_from.isoformat(),
        date_to=date_to.isoformat(),
    )
    return data
