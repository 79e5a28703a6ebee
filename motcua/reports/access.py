"""Who may see reports, and on which agencies.

Reports are for supervisors and administrators: an officer who holds an active supervisor or
administrator role (``RoleAssignment``) sees the reports of the agencies where they hold it and
of every agency below them in the organisation tree — the same downward rule as
``motcua.dossiers.selectors.covered_agency_ids``, restricted to those two roles. A handling
role (counter officer, specialist…) gives no access to reports, and does not widen the scope of
an officer who also supervises somewhere. Superusers follow the rule like everyone else.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from motcua.agencies.models import Agency, Role, RoleAssignment
from motcua.dossiers.selectors import covered_agency_ids

REPORT_ROLES = (Role.SUPERVISOR, Role.ADMINISTRATOR)


def report_scope(user: AbstractBaseUser | AnonymousUser | None) -> set[int]:
    """Ids of the agencies whose reports ``user`` may see: those where they hold an active
    supervisor or administrator role and all below them. Empty: no access to reports."""
    covered = covered_agency_ids(user)  # every active role's agencies and all below them
    if not covered:
        return set()
    roots = set(
        RoleAssignment.objects.filter(user=user, is_active=True, role__in=REPORT_ROLES).values_list(
            "agency_id", flat=True
        )
    )
    return below(covered, roots)


def below(agencies: set[int], roots: set[int]) -> set[int]:
    """The members of ``agencies`` that are one of ``roots`` or below one of them.

    ``agencies`` must be closed downwards (every agency below a member is a member), as a scope
    is: the walk then needs only the members' parents (one query)."""
    if not agencies or not roots:
        return set()
    parent_of = dict(Agency.objects.filter(pk__in=sorted(agencies)).values_list("pk", "parent_id"))
    inside = {pk for pk in roots if pk in parent_of}
    children: dict[int, list[int]] = {}
    for pk, parent in parent_of.items():
        children.setdefault(parent, []).append(pk)
    frontier = list(inside)
    while frontier:
        found = [c for pk in frontier for c in children.get(pk, ()) if c not in inside]
        inside.update(found)
        frontier = found
    return inside
