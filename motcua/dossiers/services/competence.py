"""Which agency is competent for a dossier, and whether a one-stop unit may receive it there.

NĐ 118/2025 art. 14(2): provincial and commune centres receive dossiers *regardless of
administrative boundaries within the province* for the procedures the province lists as not
depending on them (``ProcedureVersion.is_boundary_independent``). So:

* the **competent agency** (cơ quan có thẩm quyền) must be one the catalogue names as deciding
  (or delegated; else implementing) for the procedure, or a unit below one; when the officer
  names none, it is the one serving the receiving unit's own area, or the only one there is;
* a receiving unit may receive for a competent agency of **its own area** (the same People's
  Committee's territory, ``motcua.agencies.territory.area_of``) for any procedure, and for any
  competent agency **of the same province** — or a ministry that assigned reception to the
  locality — when the procedure does not depend on administrative boundaries.

The dossier records both: it is received, coded and returned at the receiving unit, and decided
and tracked at the competent agency.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.agencies.territory import area_of
from motcua.workcalendar.calendars import province_id_of

from ..plans import CasePlan
from .base import DossierError, agency_chain


def competent_for(
    plan: CasePlan, receiving_unit: Agency, requested: Agency | None, day: datetime.date
) -> Agency:
    """The competent agency of a dossier of ``plan`` received at ``receiving_unit`` on ``day``,
    or :class:`DossierError` naming why it cannot be."""
    deciders = plan.deciders
    if requested is not None:
        if deciders and not {a.pk for a in deciders} & set(agency_chain(requested)):
            raise DossierError(
                "invalid_input",
                _("%(agency)s is not competent for this procedure.") % {"agency": requested.name},
                field="competent_agency",
            )
        if not requested.is_active_on(day):
            raise DossierError(
                "invalid_input",
                _("The competent agency no longer exists on that date."),
                field="competent_agency",
            )
        competent = requested
    elif not deciders:
        competent = receiving_unit
    else:
        area = area_of(receiving_unit)
        local = [a for a in deciders if area_of(a) == area and a.is_active_on(day)]
        if len(local) == 1:
            competent = local[0]
        elif len(deciders) == 1:
            competent = deciders[0]
        else:
            raise DossierError(
                "invalid_input",
                _("Several agencies are competent for this procedure: choose one."),
                field="competent_agency",
            )
    check_territory(plan, receiving_unit, competent)
    return competent


def check_territory(plan: CasePlan, receiving_unit: Agency, competent: Agency) -> None:
    """Refuse a reception outside the receiving unit's territory (see the module docstring)."""
    if area_of(receiving_unit) == area_of(competent):
        return
    if plan.version.is_boundary_independent:
        if competent.level == Agency.Level.MINISTRY:
            return
        province = province_id_of(receiving_unit)
        if province is not None and province == province_id_of(competent):
            return
        raise DossierError(
            "outside_territory",
            _("%(unit)s cannot receive dossiers for %(agency)s, which is in another province.")
            % {"unit": receiving_unit.name, "agency": competent.name},
            field="competent_agency",
        )
    raise DossierError(
        "outside_territory",
        _(
            "This procedure depends on administrative boundaries: %(unit)s can receive it only "
            "for agencies of its own area, not for %(agency)s."
        )
        % {"unit": receiving_unit.name, "agency": competent.name},
        field="competent_agency",
    )
