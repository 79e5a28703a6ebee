"""Top-level URL map: the public home page, the administration site and language switching."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("motcua.core.urls")),
]
