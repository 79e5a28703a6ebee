"""Top-level URL map: the citizen portal (home page, catalogue, lookup, accounts, online
submission; ``motcua.portal``), the administration site, language switching and
the officers' JSON API (``/api/v1/``, ``motcua.api``)."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("motcua.api.urls")),
    path("can-bo/", include("motcua.office.urls")),
    path("", include("motcua.core.urls")),
    path("", include("motcua.portal.urls")),
]
