"""URLs of the portal benchmark's server: ``/bench/bare/``, the baseline — a view that returns a
tiny response and reads nothing, behind the whole middleware stack — then every URL of the
product (``config.urls``), the status lookup ``/tra-cuu/`` among them."""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    """The cheapest page Django can serve: what the lookup is compared with."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare, name="bench-bare"),
    path("", include("config.urls")),
]
