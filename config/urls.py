"""Top-level URL map: the public status lookup (``lookup``), the citizen portal (home page,
catalogue, accounts, online submission; ``motcua.portal``), the administration site, language
switching and the officers' JSON API (``/api/v1/``, ``motcua.api``)."""

from django.contrib import admin
from django.urls import include, path

from motcua.portal.views.lookup import lookup

urlpatterns = [
    # The public status lookup, where every receipt's QR code leads: the busiest page under load,
    # so the first pattern tried (each pattern before it costs every lookup a little).
    path("tra-cuu/", lookup, name="lookup"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("motcua.api.urls")),
    path("can-bo/", include("motcua.office.urls")),
    path("", include("motcua.core.urls")),
    path("", include("motcua.portal.urls")),
]
