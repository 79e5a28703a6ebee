"""What an officer may see: the set-based visibility rule for dossiers.

An officer sees a dossier when it *touches* an agency the officer covers. The officer covers
every agency where they hold an active role (``RoleAssignment.is_active``) and every agency
below it in the organisation tree: a department head at the Department of Justice (H99.01)
covers its divisions (H99.01.01), a province administrator covers the whole province.

A dossier touches an agency through:

* its receiving unit (the one-stop unit that received it),
* its competent agency (the one that decides),
* its current agency (where it is now), or
* the agency of any row of its control slip (every unit it passed through — the division that
  drafted the decision keeps seeing the dossier after handing it on).

Supervisors and administrators follow the same rule: they see what their agencies cover. The
role only matters for *acting* (``services.base.has_role``), not for seeing. A user with no active
role — superusers included — and an inactive user see nothing.

The rule is evaluated in the database: one query per tree level to collect the covered agency
ids (trees are shallow: province → department → division), then one filter.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet

from motcua.agencies.models import Agency, RoleAssignment

from .models import Dossier, DossierStep


def covered_agency_ids(user: AbstractBaseUser | AnonymousUser | None) -> set[int]:
    """Ids of the agencies where ``user`` holds an active role, and of all agencies below them."""
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    return below_ids(
        RoleAssignment.objects.filter(user=user, is_active=True).values_list("agency_id", flat=True)
    )


def below_ids(roots) -> set[int]:
    """The agencies ``roots`` (ids) and every agency below them (one query per tree level)."""
    found = set(roots)
    frontier = set(found)
    while frontier:
        frontier = set(
            Agency.objects.filter(parent_id__in=sorted(frontier)).values_list("pk", flat=True)
        ).difference(found)
        found |= frontier
    return found


def visible_dossiers(user: AbstractBaseUser | AnonymousUser | None) -> QuerySet[Dossier]:
    """Every dossier ``user`` may see (see the module docstring for the rule)."""
    agencies = covered_agency_ids(user)
    if not agencies:
        return Dossier.objects.none()
    ids = sorted(agencies)
    passed_through = DossierStep.objects.filter(dossier_id=OuterRef("pk"), agency_id__in=ids)
    return Dossier.objects.filter(
        Q(receiving_unit_id__in=ids)
        | Q(competent_agency_id__in=ids)
        | Q(current_agency_id__in=ids)
        | Exists(passed_through)
    )


def dossier_for(user: AbstractBaseUser | AnonymousUser | None, pk: int) -> Dossier:
    """The dossier ``pk`` if ``user`` may see it; ``Dossier.DoesNotExist`` otherwise, whether it
    does not exist or belongs to someone else (the two are indistinguishable on purpose)."""
    return visible_dossiers(user).get(pk=pk)


def agencies_below(agency: Agency) -> set[int]:
    """``agency`` and every agency under it (one query per tree level)."""
    return below_ids([agency.pk])


def inbox(agency: Agency) -> QuerySet[Dossier]:
    """The dossiers waiting on ``agency`` or a unit below it: those with an open control-slip
    row there. An interconnected dossier open at two agencies is in both inboxes, and once in
    an inbox covering both (a semi-join driven by the open rows, not a join)."""
    open_here = DossierStep.objects.filter(
        finished_at=None, agency_id__in=sorted(agencies_below(agency))
    )
    return Dossier.objects.filter(pk__in=open_here.values("dossier_id"))
