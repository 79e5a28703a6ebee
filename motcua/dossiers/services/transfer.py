"""Transfer of open dossiers after a merger or abolition (sáp nhập, giải thể).

When an agency ceases to exist (``merge_agencies`` records its last day and successor), the
dossiers it still holds — not yet received, being handled, waiting for the applicant, or with a
result not yet returned — move to the successor. Each dossier keeps its code, its history and
its deadlines; what changes, in one event per dossier:

* the receiving unit, competent agency and current agency that were the old agency (or a unit
  of it) become the successor;
* every open control-slip row there is closed with the action ``transfer`` (judged on its own
  due instant, so a delay the old agency caused stays on its record) and continued by a row at
  the successor with the same due instant, the working time left as its budget.

The whole transfer is one transaction: either every dossier moves or none does.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency, Role

from .. import deadlines
from ..models import Dossier, DossierStep
from ..selectors import agencies_below
from ..states import TRANSITIONS
from ..timeliness import vn_date
from .base import (
    Actor,
    DossierError,
    _instant,
    close_step,
    closed_rows_payload,
    commit,
    has_role,
    lock,
    opened_payload,
    write_later,
)

# States in which a dossier still needs an agency: everything but refused, withdrawn, returned.
MOVABLE_STATES = TRANSITIONS["transfer"].sources


@dataclass(frozen=True)
class TransferResult:
    dossiers: int
    rows: int


def transfer_open_dossiers(
    *,
    source: Agency,
    successor: Agency | None = None,
    actor: Actor,
    at: datetime.datetime | None = None,
) -> TransferResult:
    """Move the open dossiers of ``source`` and its units to ``successor`` (by default the
    successor recorded on ``source``). The actor must administer both agencies."""
    successor = successor or source.successor
    at = _instant(at, None)
    _check(source, successor, actor, at)
    moved_ids = agencies_below(source)
    open_there = DossierStep.objects.filter(
        dossier_id=OuterRef("pk"), finished_at=None, agency_id__in=sorted(moved_ids)
    )
    ids = list(
        Dossier.objects.filter(state__in=MOVABLE_STATES)
        .filter(
            Q(receiving_unit_id__in=moved_ids)
            | Q(competent_agency_id__in=moved_ids)
            | Q(current_agency_id__in=moved_ids)
            | Exists(open_there)
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    carried: list[DossierStep] = []
    with transaction.atomic():
        for dossier_id in ids:
            dossier = lock(dossier_id)
            commit(
                dossier,
                transition=TRANSITIONS["transfer"],
                actor=actor,
                at=_instant(at, dossier),
                change=lambda d, at: _move(d, at, actor, moved_ids, successor, carried),
            )
    return TransferResult(dossiers=len(ids), rows=len(carried))


def _check(source: Agency, successor: Agency | None, actor: Actor, at: datetime.datetime) -> None:
    if successor is None:
        raise DossierError(
            "invalid_input", _("Name the agency that takes over the work."), field="successor"
        )
    if successor.pk in agencies_below(source):
        raise DossierError(
            "invalid_input",
            _("The successor cannot be the merged agency or one of its units."),
            field="successor",
        )
    if not successor.is_active_on(vn_date(at)):
        raise DossierError(
            "invalid_input",
            _("The successor does not exist on %(day)s.") % {"day": f"{vn_date(at):%d/%m/%Y}"},
            field="successor",
        )
    if actor.applicant or not all(
        has_role(actor.user, [Role.ADMINISTRATOR], agency) for agency in (source, successor)
    ):
        raise DossierError(
            "forbidden",
            _("You must administer both %(source)s and %(successor)s.")
            % {"source": source.name, "successor": successor.name},
            status=403,
        )


def _move(dossier, at, actor, moved_ids, successor, carried_rows) -> dict:
    moved = {}
    for name in ("receiving_unit", "competent_agency", "current_agency"):
        agency = getattr(dossier, name)
        if agency is not None and agency.pk in moved_ids:
            moved[name] = agency.code
            setattr(dossier, name, successor)
    calendar = deadlines.calendar_of(dossier)
    closed, opened = [], []
    rows = dossier.steps.filter(finished_at=None, agency_id__in=sorted(moved_ids))
    for row in rows.select_related("agency").order_by("sequence"):
        close_step(dossier, row, at=at, action="transfer", note=_("Transferred after a merger."))
        dossier.step_count += 1
        left = calendar.working_seconds_between(at, row.due_at) if row.due_at > at else 0
        carried = DossierStep(
            dossier=dossier,
            sequence=dossier.step_count,
            process_step_id=row.process_step_id,
            stage=row.stage,
            name=row.name,
            role=row.role,
            agency=successor,
            holder=None,
            giver=actor.user,
            giver_agency=row.agency,
            started_at=at,
            budget_seconds=left,
            due_at=row.due_at,
        )
        write_later(dossier, carried)
        if row.pk == dossier.current_step_id:
            dossier.current_step, dossier.current_holder = carried, None
        closed.append(row)
        opened.append(carried)
    carried_rows.extend(opened)
    payload: dict = {"from": sorted(moved.values()), "to": successor.code, "moved": moved}
    payload.update(closed_rows_payload(closed))
    payload.update(opened_payload(opened, kept_due=True))
    return payload
