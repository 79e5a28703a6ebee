"""A procedure case as the dossier services read it: its version, channels, competent agency,
required components and internal process — read once and kept with the reference data.

Every reception and every hand-over needs the same few catalogue rows of its case. They change
rarely (and a version with dossiers should not change at all), so they are loaded together on
first use and cached per process under the reference-data stamp (``motcua.core.refdata``): an edit
of the catalogue anywhere is seen by the next transition. The objects in a plan are shared by
every dossier of the case in this process: read them, never change them.
"""

from __future__ import annotations

from dataclasses import dataclass

from motcua.agencies.models import Agency
from motcua.catalog.models import (
    CaseChannel,
    ProcedureAgency,
    ProcedureCase,
    ProcedureVersion,
    ProcessStep,
)
from motcua.core import refdata


@dataclass(frozen=True)
class CasePlan:
    case: ProcedureCase
    version: ProcedureVersion
    channels: dict[str, CaseChannel]
    # The agency that decides the case (else the one that implements it), per the catalogue.
    competent: Agency | None
    # The internal process in order: by stage, then by id (same stage = parallel steps).
    steps: tuple[ProcessStep, ...]
    # Primary keys of the case's required components (thành phần hồ sơ).
    component_ids: frozenset[int]


def plan_for(case_id: int) -> CasePlan:
    """The plan of the case ``case_id`` (from the cache, or read with five queries)."""
    return refdata.cached(("case-plan", case_id), lambda: _load(case_id))


def _load(case_id: int) -> CasePlan:
    case = ProcedureCase.objects.select_related("version__procedure").get(pk=case_id)
    parts = {
        p.part: p.agency
        for p in ProcedureAgency.objects.filter(version_id=case.version_id).select_related("agency")
    }
    return CasePlan(
        case=case,
        version=case.version,
        channels={c.channel: c for c in CaseChannel.objects.filter(case=case)},
        competent=parts.get("deciding") or parts.get("implementing"),
        steps=tuple(case.steps.order_by("stage", "id").select_related("agency")),
        component_ids=frozenset(case.components.values_list("id", flat=True)),
    )
