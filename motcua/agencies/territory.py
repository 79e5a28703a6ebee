"""Territory (địa bàn): whose area an agency serves, its local units, and who succeeded it.

* The **area** of an agency is the People's Committee whose territory it serves: its own
  ``territory`` when set (a commune police unit sits under the provincial police but serves its
  commune), otherwise the nearest People's Committee at or above it (a department serves the
  province, a commune's one-stop centre serves its commune).
* A **local unit** of an agency is the unit below it that serves a given area: the step
  "register permanent residence" named at the provincial police is done by the police of the
  dossier's commune.
* An agency that ceased to exist (merger, abolition) hands its work to its **successor**.

All three are reference data: computed once per process and cached under the reference stamp
(``motcua.core.refdata``), so that routing a dossier costs no query.
"""

from __future__ import annotations

import datetime

from motcua.core import refdata

from .models import Agency


def area_of(agency: Agency) -> int:
    """Primary key of the People's Committee whose territory ``agency`` serves (the agency's own
    key when no People's Committee is above it)."""

    def find() -> int:
        if agency.territory_id:
            return agency.territory_id
        node: Agency | None = agency
        while node is not None:
            if node.kind == Agency.Kind.PEOPLES_COMMITTEE:
                return node.pk
            node = node.parent
        return agency.pk

    return refdata.cached(("area", agency.pk), find)


def local_unit(agency: Agency, area_id: int) -> Agency:
    """The unit below ``agency`` (breadth first) that serves the area ``area_id``; ``agency``
    itself when it serves that area or no unit below it does."""

    def find() -> Agency:
        if area_of(agency) == area_id:
            return agency
        level = list(agency.children.all())
        seen = {agency.pk}
        while level:
            for unit in level:
                if area_of(unit) == area_id:
                    return unit
            seen.update(u.pk for u in level)
            level = [c for c in Agency.objects.filter(parent__in=level) if c.pk not in seen]
        return agency

    return refdata.cached(("local-unit", agency.pk, area_id), find)


def successor_on(agency: Agency, day: datetime.date) -> Agency:
    """The agency doing ``agency``'s work on ``day``: itself while it exists, else its successor
    (followed through successive mergers)."""

    def find() -> Agency:
        node, seen = agency, set()
        while not node.is_active_on(day) and node.successor_id and node.pk not in seen:
            seen.add(node.pk)
            node = node.successor
        return node

    if agency.is_active_on(day):
        return agency
    return refdata.cached(("successor", agency.pk, day), find)
