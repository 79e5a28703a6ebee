"""What the staff workspace lists: the officer's and the unit's inboxes, the counter's queue of
online dossiers, the badges, and the supervisors' figures.

* **Mine** — dossiers with an open control-slip row held by the officer, or nobody's yet at an
  agency where the officer holds that row's role (or above it).
* **My units** — dossiers with an open row at any agency the officer covers (``selectors``).
* **Counter queue** — dossiers submitted online (national status 1) or waiting for completion
  at a one-stop unit where the officer is a counter officer.

Each is a semi-join on the open rows (``pk IN (SELECT dossier_id …)``), so an interconnected
dossier open at two of the officer's agencies is listed once, and the cost follows the unit's
open rows, not the size of the dossier table. Badges: **overdue** (clock running, past the due
instant), **due soon** (due within the next 24 working hours), **paused** (supplement,
financial obligation, stopped).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from motcua.agencies.models import Role, RoleAssignment
from motcua.dossiers.models import Dossier, DossierStep
from motcua.dossiers.selectors import below_ids
from motcua.dossiers.states import OPEN_STATES, PAUSED_STATES, State
from motcua.workcalendar.calendars import calendar_for

SOON_SECONDS = 24 * 3600  # "due within 24 working hours"


@dataclass(frozen=True)
class Scope:
    """An officer's reach: the agencies covered, and (role, agency) pairs with the agencies
    below them."""

    agencies: frozenset[int]
    roles: frozenset[tuple[str, int]]

    @classmethod
    def of(cls, user) -> Scope:
        pairs = set()
        assignments = RoleAssignment.objects.filter(user=user, is_active=True)
        by_role: dict[str, set[int]] = {}
        for role, agency_id in assignments.values_list("role", "agency_id"):
            by_role.setdefault(role, set()).add(agency_id)
        covered: set[int] = set()
        for role, roots in by_role.items():
            below = below_ids(roots)
            covered |= below
            pairs.update((role, agency_id) for agency_id in below)
        return cls(frozenset(covered), frozenset(pairs))

    def holds(self, role: str) -> bool:
        return any(r == role for r, _ in self.roles)

    def agencies_with(self, role: str) -> list[int]:
        return sorted(a for r, a in self.roles if r == role)


def _open_rows() -> QuerySet[DossierStep]:
    return DossierStep.objects.filter(finished_at=None)


def _with_rows(rows: QuerySet[DossierStep]) -> QuerySet[Dossier]:
    """Dossiers having one of ``rows``: a semi-join driven by the open rows (index
    ``(agency, finished_at)``), not a subquery run for every dossier of the table."""
    return Dossier.objects.filter(pk__in=rows.values("dossier_id"))


def mine(user, scope: Scope) -> QuerySet[Dossier]:
    """One semi-join: a single ``IN`` whose subquery ORs the officer's own rows and the
    unassigned rows of their roles (``IN … OR IN …`` defeats PostgreSQL's semi-join and scans
    every dossier)."""
    unassigned = Q()
    for role, agency_id in scope.roles:
        unassigned |= Q(role=role, agency_id=agency_id)
    condition = Q(holder=user)
    if scope.roles:
        agencies = sorted({a for _, a in scope.roles})
        condition |= Q(holder=None, agency_id__in=agencies) & unassigned
    return _with_rows(_open_rows().filter(condition))


def units(scope: Scope) -> QuerySet[Dossier]:
    return _with_rows(_open_rows().filter(agency_id__in=sorted(scope.agencies)))


def counter_queue(scope: Scope) -> QuerySet[Dossier]:
    return Dossier.objects.filter(
        state__in=[State.SUBMITTED, State.RECEPTION_SUPPLEMENT],
        receiving_unit_id__in=scope.agencies_with(Role.COUNTER_OFFICER),
    )


def soon_threshold(scope: Scope, now: datetime.datetime) -> datetime.datetime:
    """The instant 24 working hours from now, in the calendar of the officer's province."""
    from motcua.agencies.models import Agency

    first = Agency.objects.filter(pk__in=sorted(scope.agencies)[:1]).first()
    return calendar_for(first).add_working_seconds(now, SOON_SECONDS)


def badge_filter(name: str, *, now: datetime.datetime, soon: datetime.datetime) -> Q:
    if name == "overdue":
        return Q(state__in=OPEN_STATES - PAUSED_STATES, due_at__lt=now)
    if name == "soon":
        return Q(state__in=OPEN_STATES - PAUSED_STATES, due_at__gte=now, due_at__lte=soon)
    if name == "paused":
        return Q(state__in=PAUSED_STATES)
    raise ValueError(name)


def badges(dossier: Dossier, *, now: datetime.datetime, soon: datetime.datetime) -> list[str]:
    """The badges of one listed dossier."""
    if dossier.state in PAUSED_STATES:
        return ["paused"]
    if dossier.state in OPEN_STATES and dossier.due_at is not None:
        if dossier.due_at < now:
            return ["overdue"]
        if dossier.due_at <= soon:
            return ["soon"]
    return []


def now() -> datetime.datetime:
    return timezone.now()
