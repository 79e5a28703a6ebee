"""The interactive documentation page (Swagger UI) at ``/api/v1/docs``, with no CDN.

django-ninja's own page loads Swagger UI from a CDN unless ``ninja`` is an installed app.
Offices often sit behind restrictive proxies and the page must not depend on a third party at
run time, so this page uses the copy of Swagger UI that ships inside the django-ninja package,
served by ``asset`` below (three whitelisted files).
"""

from __future__ import annotations

import json
from pathlib import Path

import ninja
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.static import serve
from ninja.openapi.docs import Swagger

ASSET_DIR = Path(ninja.__file__).resolve().parent / "static" / "ninja"
ASSETS = frozenset({"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js"})


class LocalSwagger(Swagger):
    def render_page(self, request: HttpRequest, api, **kwargs) -> HttpResponse:
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        context = {
            "api": api,
            "swagger_settings": json.dumps(settings, indent=1),
            "css_url": reverse("api-docs-asset", args=["swagger-ui.css"]),
            "bundle_url": reverse("api-docs-asset", args=["swagger-ui-bundle.js"]),
            "init_url": reverse("api-docs-asset", args=["swagger-ui-init.js"]),
            # Swagger's "Try it out" sends the CSRF token, as a signed-in session requires.
            "add_csrf": True,
        }
        return render(request, "api/docs.html", context)


@cache_control(max_age=86400, public=True)
def asset(request: HttpRequest, name: str) -> HttpResponse:
    if name not in ASSETS:
        raise Http404(name)
    return serve(request, name, document_root=ASSET_DIR)
