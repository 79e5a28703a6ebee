"""The API's URL map, mounted at ``/api/v1/`` by ``config/urls.py``.

``/api/v1/openapi.json`` is the OpenAPI description, ``/api/v1/docs`` the interactive page;
every other unknown path under ``/api/v1/`` answers a JSON 404, and a known path called with the
wrong method a JSON 405.
"""

import functools

from django.http import JsonResponse
from django.urls import path, re_path
from django.utils.translation import gettext as _
from ninja import NinjaAPI

from . import dossiers, errors
from .auth import AUTH
from .docs import LocalSwagger, asset

api = NinjaAPI(
    title="Một Cửa API",
    version="1",
    description=(
        "The officers' interface to dossiers (hồ sơ). Authenticate with the web session (and "
        "the X-CSRFToken header for POST) or with `Authorization: Bearer <token>` "
        "(`motcua api-token create`). Errors are `{code, message, field}`."
    ),
    openapi_url="/openapi.json",
    docs=LocalSwagger(),
    docs_url="/docs",
    urls_namespace="api",
    auth=AUTH,
)
errors.install(api)
api.add_router("/dossiers", dossiers.router)
api.add_router("/reports", "motcua.api.reports.router")
api.add_router("/reports", "motcua.api.report_figures.router")


def json_405(view):
    """django-ninja answers a wrong method with a plain-text 405; give it the common shape."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").endswith("json"):
            body = errors.error_body("method_not_allowed", _("This method is not allowed here."))
            return JsonResponse(body, status=405, headers={"Allow": response.get("Allow", "")})
        return response

    return wrapped


api_patterns, app_name_, namespace = api.urls
for pattern in api_patterns:
    pattern.callback = json_405(pattern.callback)

urlpatterns = [
    path("docs/assets/<str:name>", asset, name="api-docs-asset"),
    path("", (api_patterns, app_name_, namespace)),
    re_path(r"^", errors.not_found_view),
]
