"""Every error the API returns has one shape: ``{"code", "message", "field"}``.

``code`` is stable and meant for programs (``not_found``, ``forbidden``, ``invalid_input``,
``invalid_state``, ``supplement_once``…); ``message`` is for people, in the user's language
(Vietnamese by default); ``field`` names the offending input, when there is one.

* ``DossierError`` from the services → its own status and ``as_dict()``;
* a request that does not match its schema → 422 ``invalid_input`` naming the first bad field;
* a body that is not JSON → 400 ``malformed_body``; one above Django's size limit → 413;
* no or bad credentials → 401 ``unauthenticated``; a failed CSRF check → 403 ``csrf_failed``;
* a dossier that does not exist *or that the caller may not see* → 404 ``not_found``: the API
  never reveals that someone else's dossier exists.
"""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from motcua.dossiers.models import Dossier
from motcua.dossiers.services import DossierError

from .auth import CsrfFailed


class ErrorOut(Schema):
    code: str
    message: str
    field: str | None = None


class InvalidInput(Exception):
    """An input the schema accepted but the API cannot use (unknown agency code, bad cursor)."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.message, self.field = message, field


def error_body(code: str, message: str, field: str | None = None) -> dict:
    return {"code": code, "message": message, "field": field}


def not_found_body() -> dict:
    return error_body("not_found", _("No such dossier."))


# Body parameters are all called "payload"; they are not part of the field's name.
BODY_PARAM = "payload"


def _field(loc) -> str | None:
    parts = [str(p) for p in loc[1:]]
    if parts and parts[0] == BODY_PARAM:
        parts = parts[1:]
    return ".".join(parts) or None


def _reason(error: dict) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return _("this field is required.")
    if kind == "extra_forbidden":
        return _("this field is not expected.")
    if kind == "timezone_aware":
        return _("the instant must carry a time zone (e.g. +07:00).")
    if kind.startswith(("datetime_", "timezone_")):
        return _("not a valid date and time (ISO 8601, e.g. 2025-05-08T09:00:00+07:00).")
    if kind.startswith("date_"):
        return _("not a valid date (ISO 8601, e.g. 2025-05-08).")
    if kind.startswith("int_"):
        return _("must be a whole number.")
    if kind.startswith("bool_"):
        return _("must be true or false.")
    if kind in ("literal_error", "enum"):
        expected = (error.get("ctx") or {}).get("expected", "")
        return _("must be one of: %(expected)s.") % {"expected": expected}
    if kind.startswith("string_"):
        if kind == "string_too_long":
            return _("too long (at most %(max)s characters).") % {
                "max": (error.get("ctx") or {}).get("max_length")
            }
        if kind == "string_too_short":
            return _("must not be empty.")
        return _("must be a string.")
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return _("out of the allowed range.")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return _("must be a JSON object.")
    if kind in ("list_type", "too_short", "too_long"):
        return _("not a valid list.")
    return _("invalid value.")


def validation_error_body(errors: list[dict]) -> dict:
    first = errors[0] if errors else {}
    field = _field(first.get("loc", ()))
    reason = _reason(first)
    message = (
        _("Invalid input: %(field)s — %(reason)s") % {"field": field, "reason": reason}
        if field
        else _("Invalid input: %(reason)s") % {"reason": reason}
    )
    return error_body("invalid_input", message, field)


def _http_error_body(exc: HttpError) -> dict:
    if isinstance(exc, CsrfFailed):
        return error_body("csrf_failed", exc.message)
    if isinstance(exc, AuthenticationError) or exc.status_code == 401:
        return unauthenticated_body(exc)
    if exc.status_code == 400:
        # django-ninja raises 400 only when the request body cannot be parsed.
        return error_body("malformed_body", _("The request body is not valid JSON."))
    if exc.status_code == 403:
        return error_body("forbidden", _("You may not do this."))
    if exc.status_code == 405:
        return error_body("method_not_allowed", _("This method is not allowed here."))
    if exc.status_code == 429:
        return error_body("throttled", _("Too many requests; try again later."))
    return error_body("error", str(exc))


def unauthenticated_body(exc: HttpError | None = None) -> dict:
    message = exc.message if exc is not None and exc.message != "Unauthorized" else ""
    return error_body("unauthenticated", message or _("Sign in or send an API token."))


def install(api: NinjaAPI) -> None:
    """Register the handlers that give every error the common shape."""

    def respond(request: HttpRequest, body: dict, status: int) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(DossierError)
    def dossier_error(request, exc: DossierError):
        return respond(request, exc.as_dict(), exc.status)

    @api.exception_handler(InvalidInput)
    def invalid_input(request, exc: InvalidInput):
        return respond(request, error_body("invalid_input", exc.message, exc.field), 422)

    @api.exception_handler(ValidationError)
    def validation_error(request, exc: ValidationError):
        return respond(request, validation_error_body(exc.errors), 422)

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        return respond(request, _http_error_body(exc), exc.status_code)

    @api.exception_handler(Dossier.DoesNotExist)
    def dossier_not_found(request, exc):
        return respond(request, not_found_body(), 404)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc):
        return respond(request, error_body("too_large", _("The request body is too large.")), 413)

    @api.exception_handler(Http404)
    def http_404(request, exc):
        return respond(request, error_body("not_found", _("Not found.")), 404)


def not_found_view(request: HttpRequest, *args, **kwargs) -> JsonResponse:
    """Any other path under /api/v1/: a JSON 404 rather than the site's HTML page."""
    return JsonResponse(error_body("not_found", _("Not found.")), status=404)
