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

from motcua.agencies.models import Role, RoleAssignment
from motcua.dossiers.selectors import below_ids

REPORT_ROLES = (Role.SUPERVISOR, Role.ADMINISTRATOR)


def report_scope(user: AbstractBaseUser | AnonymousUser | None) -> set[int]:
    """Ids of the agencies whose reports ``user`` may see: those where they hold an active
    supervisor or administrator role and all below them. Empty: no access to reports."""
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    roots = RoleAssignment.objects.filter(user=user, is_active=True, role__in=REPORT_ROLES)
    return below_ids(roots.values_list("agency_id", flat=True))
