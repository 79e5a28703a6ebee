"""Public pages that belong to no single domain app."""

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from motcua.agencies.models import Agency
from motcua.catalog.models import Field, Procedure


def home(request: HttpRequest) -> HttpResponse:
    """The landing page: what the system is, and where officers and administrators go."""
    context = {
        "province": Agency.objects.filter(level=Agency.Level.PROVINCE, parent=None)
        .order_by("code")
        .first(),
        "agency_count": Agency.objects.count(),
        "procedure_count": Procedure.objects.count(),
        "fields": Field.objects.order_by("name")[:12],
    }
    return render(request, "core/home.html", context)


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for the province's monitoring."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return JsonResponse({"status": "ok", "database": connection.vendor})
