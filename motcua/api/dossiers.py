"""``/api/v1/dossiers``: the dossiers an officer may see, their detail, counter reception and
every transition (``actions.py``).

Reads are scoped by ``selectors.visible_dossiers``: a dossier the officer may not see answers
404 exactly like one that does not exist. Writes go through ``motcua.dossiers.services`` and
nowhere else; the services check the officer's role for the transition.

The list is ordered by due instant (the most urgent first; dossiers without one, not yet
received, last), then id, and paged by *keyset*: the ``next`` cursor names the last row shown, so
pages stay consistent while dossiers are added or change state.
"""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from motcua.agencies.models import Agency
from motcua.catalog.models import ProcedureCase
from motcua.dossiers import paging, services
from motcua.dossiers.models import Dossier, PauseInterval
from motcua.dossiers.selectors import inbox, visible_dossiers
from motcua.dossiers.states import OPEN_STATES

from . import actions, present
from .errors import ErrorOut, InvalidInput
from .schemas import CounterApplicationIn, DossierDetail, DossierFilters, DossierPage

router = Router(tags=["dossiers"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


# --- Keyset pagination (motcua.dossiers.paging) -------------------------------------------


def after(queryset: QuerySet[Dossier], cursor: str) -> QuerySet[Dossier]:
    try:
        return paging.after(queryset, cursor)
    except paging.BadCursor:
        raise InvalidInput(_("This cursor is not valid."), "after") from None


def overdue_q(now: datetime.datetime) -> Q:
    """Overdue: still being handled and past the due instant, unless the clock stopped (an open
    pause) before the due instant was reached."""
    paused_in_time = PauseInterval.objects.filter(
        dossier_id=OuterRef("pk"), resumed_at=None, requested_at__lt=OuterRef("due_at")
    )
    return Q(state__in=OPEN_STATES, due_at__lt=now) & ~Exists(paused_in_time)


# --- Endpoints --------------------------------------------------------------------------------


@router.get("", response={200: DossierPage, **ERRORS}, summary="List visible dossiers")
def list_dossiers(request, filters: Query[DossierFilters]):
    """Dossiers the officer may see, the most urgent first, ``limit`` at a time."""
    queryset = visible_dossiers(request.auth)
    if filters.state:
        queryset = queryset.filter(state=filters.state)
    if filters.channel:
        queryset = queryset.filter(channel=filters.channel)
    if filters.procedure:
        queryset = queryset.filter(procedure_version__procedure__code=filters.procedure)
    if filters.waiting_at:
        place = _agency(filters.waiting_at, "waiting_at")
        queryset = queryset.filter(pk__in=inbox(place).values("pk"))
    if filters.overdue is not None:
        late = overdue_q(timezone.now())
        queryset = queryset.filter(late if filters.overdue else ~late)
    if filters.after:
        queryset = after(queryset, filters.after)
    rows, following = paging.page(
        present.summary_queryset(queryset), cursor=None, limit=filters.limit
    )
    return {"items": [present.summary(d) for d in rows], "next": following}


@router.get("/{dossier_id}", response={200: DossierDetail, **ERRORS}, summary="Dossier detail")
def get_dossier(request, dossier_id: int):
    """Everything about one dossier: parties, control slip, pauses, notices, history."""
    return present.visible_detail(request.auth, dossier_id)


def _agency(code: str | None, field: str) -> Agency | None:
    if code is None:
        return None
    found = Agency.objects.filter(code=code).first()
    if found is None:
        raise InvalidInput(_("No agency has the code %(code)s.") % {"code": code}, field)
    return found


def _case(payload: CounterApplicationIn) -> ProcedureCase:
    cases = ProcedureCase.objects.select_related("version__procedure")
    if payload.case_id is not None:
        found = cases.filter(pk=payload.case_id).first()
    elif payload.procedure and payload.case:
        today = timezone.localdate()
        found = (
            cases.filter(version__procedure__code=payload.procedure, code=payload.case)
            .filter(version__valid_from__lte=today)
            .filter(Q(version__valid_to__isnull=True) | Q(version__valid_to__gte=today))
            .order_by("-version__number")
            .first()
        )
    else:
        raise InvalidInput(_("Name the case: case_id, or procedure and case."), "case")
    if found is None:
        raise InvalidInput(_("No such procedure case in force."), "case")
    return found


@router.post("", response={201: DossierDetail, **ERRORS}, summary="Receive at the counter")
def create_dossier(request, payload: CounterApplicationIn):
    """Register and receive a counter or postal dossier in one step (Form 01 is issued)."""
    case = _case(payload)
    application = services.Application(
        case=case,
        channel=payload.channel,
        receiving_unit=_agency(payload.receiving_unit, "receiving_unit"),
        competent_agency=_agency(payload.competent_agency, "competent_agency"),
        subject=payload.subject,
        parties=[services.PartyIn(**p.model_dump()) for p in payload.parties],
        components=actions.components_in(payload.components, case),
        sets=payload.sets,
        return_method=payload.return_method,
    )
    actor = services.Actor.officer(request.auth)
    dossier = services.receive_at_counter(application=application, actor=actor)
    return Status(201, present.visible_detail(request.auth, dossier.pk))


actions.register(router, errors=ERRORS)
