"""Reference data of the generated database: the demo province and catalogue, more officers,
and everything the simulation reads about them, as plain Python.

``build_world()`` loads the demo with ``seed_demo()``, makes the demo's agencies and procedure
versions (which start on 1 July 2025, the reform) in force from the first generated day, gives
every agency that appears in a process a few officers for each role it needs (created with unusable
passwords, their roles through ``assign_role``), then asks the services themselves — once per
case, receiving unit and competent agency — what they would decide: the competent agency and
territory (``competent_for``), where each step happens (``step_agency``), the time limit and
budgets of each channel (``deadlines.limit_for``, ``budget_seconds``). Nothing of that is
re-implemented here.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import Argon2PasswordHasher

from . import mix
from .people import People
from .timeline import Clock

ROLE_SLUG = {
    "counter_officer": "motcua",
    "specialist": "chuyenvien",
    "department_head": "truongphong",
    "signing_leader": "lanhdao",
    "clerk": "vanthu",
}
ROLE_TITLE = {
    "counter_officer": "Công chức một cửa",
    "specialist": "Chuyên viên",
    "department_head": "Trưởng phòng",
    "signing_leader": "Lãnh đạo",
    "clerk": "Văn thư",
}


class QuickArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with small parameters, for the demo officers' passwords in a benchmark database
    (``seed_demo`` hashes thirteen of them, 0.3 s each with the production parameters). The
    standard hasher verifies them — the parameters are part of the hash — and upgrades them at
    the first sign-in."""

    time_cost = 1
    memory_cost = 1024
    parallelism = 1


@dataclass(frozen=True)
class StepSpec:
    id: int
    stage: int
    name: str
    role: str


@dataclass(frozen=True)
class ChannelSpec:
    channel: str
    time_limit: Decimal | None
    time_unit: str
    scale: Decimal
    budgets: tuple[int, ...]  # budget_seconds of each step, aligned with CaseSpec.steps
    time_limit_db: object
    scale_db: object
    time_limit_text: str | None  # str(limit), as the receive event records it
    scale_text: str
    # ``deadlines.statutory_due`` on the integer clock (``Clock.due``): ("seconds", working
    # seconds) or ("days", calendar days; 0 = same day); None: no appointment, or computed by
    # ``statutory_due`` itself.
    due_rule: tuple[str, int] | None


@dataclass
class CaseSpec:
    index: int
    key: tuple[str, str]  # (procedure code, case code)
    case_id: int
    version_id: int
    valid_from: dt.date
    valid_to: dt.date | None
    procedure_code: str
    version_name: str
    field_name: str
    case_name: str
    supplement_mode: str  # the version's ("" = the regime's default)
    boundary_independent: bool
    cutoff: dt.time | None
    cutoff_db: object
    cutoff_text: str | None
    cutoff_sod: int  # the cut-off as a second of the day (86400: none)
    steps: tuple[StepSpec, ...]
    # Handling stages in order, each a tuple of indexes into ``steps`` (several = parallel);
    # the closing counter step ("return the result"), opened only by ``finish``, is apart.
    stages: tuple[tuple[int, ...], ...]
    return_step: int | None
    channels: dict[str, ChannelSpec]
    # Required components: id, name, originals, copies, mandatory.
    components: tuple[tuple[int, str, int, int, bool], ...]
    plan: object
    deciders: tuple[int, ...]


@dataclass
class World:
    clock: Clock
    calendar: object
    agencies: dict[int, tuple[str, str]]  # id -> (code, name)
    locality: dict[int, str]  # commune centre id -> "phường Sơn Hà"
    localities: list[str]
    specs: list[CaseSpec]
    versions: dict[tuple[str, str], list[CaseSpec]]  # key -> specs by valid_from
    province_centre: int
    commune_centres: dict[int, float]  # id -> weight
    local_decider: dict[tuple[int, int], int]  # (spec index, unit id) -> competent agency id
    routes: dict[tuple[int, int, int], tuple[int, ...]]  # (spec, unit, competent) -> step agencies
    officers: dict[tuple[int, str], list[tuple[int, str]]]  # (agency, role) -> [(user id, label)]
    labels: dict[int, str]  # user id -> actor label (full name)
    applicant_label: str
    officers_created: int
    backdated: dict[str, int] = field(default_factory=dict)

    def spec_on(self, key: tuple[str, str], day: dt.date) -> CaseSpec | None:
        for spec in self.versions[key]:
            if spec.valid_from <= day and (spec.valid_to is None or day <= spec.valid_to):
                return spec
        return None


def build_world(*, since: dt.date, until: dt.date, seed: int) -> World:
    from django.conf import settings
    from django.db import connection, transaction
    from django.test.utils import override_settings
    from django.utils import translation

    from motcua.agencies.models import Agency
    from motcua.catalog.models import ProcedureVersion
    from motcua.core import refdata
    from motcua.core.demo import seed_demo
    from motcua.dossiers.services.base import Actor
    from motcua.workcalendar.calendars import calendar_for

    hashers = ["bench.generate.world.QuickArgon2PasswordHasher", *settings.PASSWORD_HASHERS]
    with transaction.atomic(), override_settings(PASSWORD_HASHERS=hashers):
        seed_demo()
        backdated = {}
        if since < mix.REFORM:
            # The demo describes the province as reorganised on 1 July 2025; the generated
            # history starts earlier, so its units and procedures are put in force from ``since``
            # (the districts abolished by the reform are left as they are, unused).
            backdated["agencies"] = Agency.objects.filter(valid_from=mix.REFORM).update(
                valid_from=since
            )
            backdated["procedure_versions"] = ProcedureVersion.objects.filter(
                valid_from=mix.REFORM
            ).update(valid_from=since)
            refdata.bump()
    refdata.refresh()
    agencies = {a.pk: a for a in Agency.objects.select_related("parent")}
    by_code = {a.code: a for a in agencies.values()}
    province = by_code["H99"]
    calendar = calendar_for(province)
    clock = Clock(calendar, since, until)
    clock.check(since, until)

    specs = _case_specs(connection)
    centre = by_code[mix.PROVINCE_CENTRE]
    communes = {by_code[c].pk: w for c, w in mix.COMMUNE_WEIGHTS.items()}
    local_decider, routes, needed = _routes(specs, agencies, centre, communes, since)
    for spec in specs:
        provinces = {
            _province_id(agencies[a]) for key, a in local_decider.items() if key[0] == spec.index
        }
        if len(provinces - {province.pk}) > 0:
            raise RuntimeError("bench.generate handles one province (one working calendar)")
    needed |= {(unit, "counter_officer") for unit in [centre.pk, *communes]}
    officers, created = _officers(needed, agencies, seed)
    localities = {c: agencies[c].parent.name.removeprefix("UBND ") for c in communes}
    with translation.override("vi"):
        applicant_label = Actor.citizen(None).label
    return World(
        clock=clock,
        calendar=calendar,
        agencies={a.pk: (a.code, a.name) for a in agencies.values()},
        locality=localities,
        localities=sorted(set(localities.values())),
        specs=specs,
        versions=_by_key(specs),
        province_centre=centre.pk,
        commune_centres=communes,
        local_decider=local_decider,
        routes=routes,
        officers=officers,
        labels={uid: label for pool in officers.values() for uid, label in pool},
        applicant_label=applicant_label,
        officers_created=created,
        backdated=backdated,
    )


def _province_id(agency) -> int:
    node, province = agency, None
    while node is not None:
        if node.level == "province":
            province = node.pk
        node = node.parent
    return province


def _by_key(specs: list[CaseSpec]) -> dict[tuple[str, str], list[CaseSpec]]:
    out: dict[tuple[str, str], list[CaseSpec]] = defaultdict(list)
    for spec in sorted(specs, key=lambda s: s.valid_from):
        out[spec.key].append(spec)
    return dict(out)


def _case_specs(connection) -> list[CaseSpec]:
    from motcua.catalog.models import ProcedureCase
    from motcua.dossiers import deadlines
    from motcua.dossiers.models import Dossier
    from motcua.dossiers.plans import plan_for

    limit_field = Dossier._meta.get_field("time_limit")
    scale_field = Dossier._meta.get_field("budget_scale")
    cutoff_field = Dossier._meta.get_field("cutoff")
    specs = []
    cases = ProcedureCase.objects.select_related("version__procedure__field").order_by("pk")
    for case in cases:
        version = case.version
        plan = plan_for(case.pk)
        steps = tuple(StepSpec(s.pk, s.stage, s.name, s.role) for s in plan.steps)
        if not steps:
            continue
        last = len(steps) - 1
        return_step = (
            last
            if steps[last].role == "counter_officer" and steps[last].stage > steps[0].stage
            else None
        )
        stage_numbers = sorted(
            {s.stage for s in steps} - ({steps[last].stage} if return_step else set())
        )
        stages = tuple(
            tuple(i for i, s in enumerate(steps) if s.stage == n and i != return_step)
            for n in stage_numbers
        )
        channels = {}
        for name, own in plan.channels.items():
            limit, unit, scale = deadlines.limit_for(plan.case, own)
            channels[name] = ChannelSpec(
                channel=name,
                time_limit=limit,
                time_unit=unit,
                scale=scale,
                budgets=tuple(deadlines.budget_seconds(s.budget_hours, scale) for s in plan.steps),
                time_limit_db=limit_field.get_db_prep_save(limit, connection),
                scale_db=scale_field.get_db_prep_save(scale, connection),
                time_limit_text=str(limit) if limit is not None else None,
                scale_text=str(scale),
                due_rule=_due_rule(limit, unit),
            )
        components = tuple(
            (c.pk, c.name, c.originals, c.copies, c.mandatory)
            for c in case.components.order_by("position")
        )
        specs.append(
            CaseSpec(
                index=len(specs),
                key=(version.procedure.code, case.code),
                case_id=case.pk,
                version_id=version.pk,
                valid_from=version.valid_from,
                valid_to=version.valid_to,
                procedure_code=version.procedure.code,
                version_name=version.name,
                field_name=version.procedure.field.name,
                case_name=case.name,
                supplement_mode=version.supplement_mode,
                boundary_independent=version.is_boundary_independent,
                cutoff=case.cutoff,
                cutoff_db=cutoff_field.get_db_prep_save(case.cutoff, connection),
                cutoff_text=case.cutoff.isoformat() if case.cutoff else None,
                cutoff_sod=(
                    case.cutoff.hour * 3600 + case.cutoff.minute * 60 + case.cutoff.second
                    if case.cutoff
                    else 86_400
                ),
                steps=steps,
                stages=stages,
                return_step=return_step,
                channels=channels,
                components=components,
                plan=plan,
                deciders=tuple(a.pk for a in plan.deciders),
            )
        )
    return specs


def _due_rule(limit: Decimal | None, unit: str) -> tuple[str, int] | None:
    """How ``deadlines.statutory_due`` computes a due instant, for ``Clock.due``."""
    from motcua.workcalendar.calendars import working_periods

    if limit is None and unit != "same_day":
        return None
    if unit == "same_day":
        return ("days", 0)
    if unit == "calendar_days":
        return ("days", int(limit))
    scale = working_periods().seconds_per_day if unit == "working_days" else 3600
    seconds = round(Decimal(limit) * scale)  # as ``clock._to_seconds`` rounds (half to even)
    return ("seconds", seconds) if seconds > 0 else None


def _routes(specs, agencies, centre, communes, day):
    """For every case, receiving unit and competent agency the mix can produce: the competent
    agency the services choose, and the agency of each step (``services.base.step_agency``)."""
    from motcua.dossiers.models import Dossier
    from motcua.dossiers.services.base import DossierError, step_agency
    from motcua.dossiers.services.competence import competent_for
    from motcua.workcalendar.clock import VN_TZ

    at = dt.datetime.combine(day, dt.time(9), VN_TZ)
    wanted = {(code, case) for code, case, _where in mix.PROCEDURES}
    local: dict[tuple[int, int], int] = {}
    routes: dict[tuple[int, int, int], tuple[int, ...]] = {}
    needed: set[tuple[int, str]] = set()
    for spec in specs:
        if spec.key not in wanted:
            continue
        units = [centre, *(agencies[c] for c in communes)]
        for unit in units:
            try:
                competent = competent_for(spec.plan, unit, None, day)
            except DossierError:
                continue
            local[(spec.index, unit.pk)] = competent.pk
            candidates = [competent]
            if spec.boundary_independent:
                candidates += [agencies[a] for a in spec.deciders if a != competent.pk]
            for agency in candidates:
                try:
                    competent_for(spec.plan, unit, agency, day)
                except DossierError:
                    continue
                stub = Dossier(receiving_unit=unit, competent_agency=agency)
                route = tuple(step_agency(stub, ps, at).pk for ps in spec.plan.steps)
                routes[(spec.index, unit.pk, agency.pk)] = route
                for step, where in zip(spec.steps, route, strict=True):
                    needed.add((where, step.role))
                    if step.role != "counter_officer":
                        # Leaders who may stop a dossier (and apologise) where it is handled.
                        needed.add((where, "department_head"))
    return local, routes, needed


def _officers(needed: set[tuple[int, str]], agencies, seed: int):
    """A few officers per (agency, role) needed, the demo's own counted: created with unusable
    passwords, their roles given by ``assign_role``."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from motcua.agencies.models import RoleAssignment
    from motcua.agencies.services import assign_role

    User = get_user_model()
    people = People(random.Random(f"officers-{seed}"))
    have: dict[tuple[int, str], list[int]] = defaultdict(list)
    for user_id, agency_id, role in RoleAssignment.objects.filter(is_active=True).values_list(
        "user_id", "agency_id", "role"
    ):
        have[(agency_id, role)].append(user_id)
    to_create: list[tuple[tuple[int, str], object]] = []
    taken = set(User.objects.values_list("username", flat=True))
    for agency_id, role in sorted(needed):
        code, _name = agencies[agency_id].code, agencies[agency_id].name
        want = _pool_size(agencies[agency_id], role)
        for k in range(len(have[(agency_id, role)]) + 1, want + 1):
            username = f"cb.{code.lower().replace('.', '-')}.{ROLE_SLUG[role]}{k}"
            if username in taken:
                continue
            taken.add(username)
            full, _female = people.name()
            family, _sep, given = full.rpartition(" ")
            user = User(
                username=username,
                first_name=given,
                last_name=family,
                email=f"{username}@sonha.gov.vn",
                is_staff=True,
                password=make_password(None),
            )
            to_create.append(((agency_id, role), user))
    with transaction.atomic():
        User.objects.bulk_create([u for _key, u in to_create])
        created = User.objects.filter(username__in=[u.username for _k, u in to_create])
        by_name = {u.username: u for u in created}
        for (agency_id, role), user in to_create:
            assign_role(
                user=by_name[user.username],
                agency=agencies[agency_id],
                role=role,
                title=ROLE_TITLE[role],
            )
    pools: dict[tuple[int, str], list[tuple[int, str]]] = {}
    users = {
        u.pk: u
        for u in User.objects.filter(
            pk__in=RoleAssignment.objects.filter(is_active=True).values("user_id")
        )
    }
    for user_id, agency_id, role in RoleAssignment.objects.filter(is_active=True).values_list(
        "user_id", "agency_id", "role"
    ):
        user = users[user_id]
        pools.setdefault((agency_id, role), []).append(
            (user_id, user.get_full_name() or user.get_username())
        )
    for pool in pools.values():
        pool.sort()
    missing = [key for key in needed if key not in pools]
    if missing:
        raise RuntimeError(f"no officer for {missing[:5]}")
    return pools, len(to_create)


def _pool_size(agency, role: str) -> int:
    busy = agency.code in ("H99.20", "H99.51.01", "H99.52.01") or agency.code.startswith("H99.04")
    if role == "counter_officer":
        return 8 if agency.code == "H99.20" else (4 if busy else 3)
    if role == "specialist":
        return 4 if busy or agency.level == "province" else 3
    if role in ("department_head", "signing_leader"):
        return 2
    return 2 if busy else 1
