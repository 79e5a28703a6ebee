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
    # The agencies that may decide the case (deciding and delegated agencies; else the
    # implementing ones), per the catalogue: the competent agency of a dossier is one of them.
    deciders: tuple[Agency, ...]
    # The internal process in order: by stage, then by id (same stage = parallel steps).
    steps: tuple[ProcessStep, ...]
    # Primary keys of the case's required components (thành phần hồ sơ).
    component_ids: frozenset[int]

    @property
    def has_parallel_stage(self) -> bool:
        """Whether some stage has several steps (agencies working side by side)."""
        stages = [s.stage for s in self.steps]
        return len(stages) != len(set(stages))

    def stage_steps(self, stage: int) -> list[ProcessStep]:
        return [s for s in self.steps if s.stage == stage]


def plan_for(case_id: int) -> CasePlan:
    """The plan of the case ``case_id`` (from the cache, or read with five queries)."""
    return refdata.cached(("case-plan", case_id), lambda: _load(case_id))


def _load(case_id: int) -> CasePlan:
    case = ProcedureCase.objects.select_related("version__procedure").get(pk=case_id)
    parts = ProcedureAgency.objects.filter(version_id=case.version_id).select_related("agency")
    Part = ProcedureAgency.Part
    deciders = [p.agency for p in parts if p.part in (Part.DECIDING, Part.DELEGATED)]
    if not deciders:
        deciders = [p.agency for p in parts if p.part == Part.IMPLEMENTING]
    return CasePlan(
        case=case,
        version=case.version,
        channels={c.channel: c for c in CaseChannel.objects.filter(case=case)},
        deciders=tuple({a.pk: a for a in deciders}.values()),
        steps=tuple(case.steps.order_by("stage", "id").select_related("agency")),
        component_ids=frozenset(case.components.values_list("id", flat=True)),
    )
