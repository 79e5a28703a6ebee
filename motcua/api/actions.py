"""``POST /api/v1/dossiers/{id}/{action}``: one endpoint per officer transition.

Each row of ``ACTIONS`` names the URL slug, the service function that performs the transition
(``motcua.dossiers.services``), the body schema, and how the body (with the dossier) becomes the
service's keyword arguments. The endpoint first makes sure the officer may *see* the dossier
(404 otherwise, before anything else), then calls the service as ``Actor.officer(user)``; the
service checks the state, the officer's role where the transition requires it, and writes the
change and its event — or nothing. The answer is the dossier's detail after the change.

(This module deliberately has no ``from __future__ import annotations``: the endpoints' body
annotations are built in a loop and must be real classes for django-ninja.)
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from ninja import Router, Schema

from motcua.agencies.models import Agency
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_for

from . import present, schemas
from .errors import InvalidInput


def components_in(components: list[schemas.ComponentIn], case) -> list[services.ComponentIn]:
    """The received components, each ``required_id`` checked against the case's list of
    required components (the services trust it, and a dangling one fails only at commit)."""
    allowed = set(case.components.values_list("pk", flat=True))
    for i, c in enumerate(components):
        if c.required_id is not None and c.required_id not in allowed:
            raise InvalidInput(
                _("This case requires no such component."), f"components.{i}.required_id"
            )
    return [services.ComponentIn(**c.model_dump()) for c in components]


def _components(payload: schemas.ReceiveIn, dossier) -> dict:
    if payload.components is None:
        return {"components": None}
    return {"components": components_in(payload.components, dossier.case)}


def _apology(payload: schemas.ApologiseIn, dossier) -> dict:
    kwargs = payload.model_dump(exclude={"cause_agency"})
    if payload.cause_agency is not None:
        agency = Agency.objects.filter(code=payload.cause_agency).first()
        if agency is None:
            raise InvalidInput(
                _("No agency has the code %(code)s.") % {"code": payload.cause_agency},
                "cause_agency",
            )
        kwargs["cause_agency"] = agency
    return kwargs


def _fields(payload: Schema, dossier) -> dict:
    return payload.model_dump()


@dataclass(frozen=True)
class Action:
    slug: str
    service: Callable
    body: type[Schema] | None = None
    to_kwargs: Callable[[Schema, Dossier], dict] = _fields


ACTIONS = [
    Action("receive", services.receive, schemas.ReceiveIn, _components),
    Action("request-completion", services.request_completion, schemas.ItemsIn),
    Action("refuse", services.refuse, schemas.ReasonIn),
    Action("assign", services.assign, schemas.AssignIn),
    Action("forward", services.forward, schemas.ForwardIn),
    Action("return-to-previous", services.return_to_previous, schemas.ReturnToPreviousIn),
    Action("request-supplement", services.request_supplement, schemas.SupplementIn),
    Action("receive-supplement", services.receive_supplement),
    Action("request-payment", services.request_payment, schemas.ReasonIn),
    Action("confirm-payment", services.confirm_payment),
    Action("stop", services.stop, schemas.ReasonIn),
    Action("resume", services.resume),
    Action("withdraw", services.withdraw, schemas.ReasonIn),
    Action("apologise", services.apologise, schemas.ApologiseIn, _apology),
    Action("finish", services.finish, schemas.FinishIn),
    Action("return-result", services.return_result, schemas.ReturnResultIn),
    Action("rate", services.rate, schemas.RateIn),
]


def perform(request, dossier_id: int, action: Action, payload: Schema | None) -> dict:
    dossier = dossier_for(request.auth, dossier_id)  # 404 before anything else
    kwargs = action.to_kwargs(payload, dossier) if payload is not None else {}
    action.service(dossier_id=dossier.pk, actor=services.Actor.officer(request.auth), **kwargs)
    return present.visible_detail(request.auth, dossier.pk)


def _endpoint(action: Action) -> Callable:
    if action.body is None:

        def endpoint(request, dossier_id: int):
            return perform(request, dossier_id, action, None)

    else:
        body = action.body

        def endpoint(request, dossier_id: int, payload: body):  # type: ignore[valid-type]
            return perform(request, dossier_id, action, payload)

    endpoint.__name__ = action.slug.replace("-", "_")
    endpoint.__doc__ = (action.service.__doc__ or "").strip()
    return endpoint


def register(router: Router, *, errors: dict) -> None:
    """Add one ``POST /{dossier_id}/<slug>`` endpoint per transition to ``router``."""
    for action in ACTIONS:
        router.post(
            f"/{{dossier_id}}/{action.slug}",
            response={200: schemas.DossierDetail, **errors},
            summary=action.slug.replace("-", " ").capitalize(),
            operation_id=f"dossier_{action.slug.replace('-', '_')}",
        )(_endpoint(action))
