"""Supervision (giám sát): open dossiers due within 24 working hours and overdue, by unit and
by officer — counted on the open control-slip rows, so each agency of an interconnected dossier
answers for its own row."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render

from motcua.agencies.models import Role
from motcua.dossiers.models import DossierStep
from motcua.dossiers.states import PAUSED_STATES

from .. import queries


@login_required
def supervision(request):
    scope = queries.Scope.of(request.user)
    if not (scope.holds(Role.SUPERVISOR) or scope.holds(Role.ADMINISTRATOR)):
        return render(request, "office/no_role.html", {"role": Role.SUPERVISOR.label}, status=403)
    agencies = sorted(
        set(scope.agencies_with(Role.SUPERVISOR)) | set(scope.agencies_with(Role.ADMINISTRATOR))
    )
    now = queries.now()
    soon = queries.soon_threshold(scope, now)
    rows = DossierStep.objects.filter(finished_at=None, agency_id__in=agencies).exclude(
        dossier__state__in=PAUSED_STATES
    )
    figures = {
        "overdue": Count("dossier", filter=Q(due_at__lt=now), distinct=True),
        "soon": Count("dossier", filter=Q(due_at__gte=now, due_at__lte=soon), distinct=True),
        "open": Count("dossier", distinct=True),
    }
    by_unit = (
        rows.values("agency__code", "agency__name")
        .annotate(**figures)
        .order_by("-overdue", "agency__code")
    )
    by_officer = (
        rows.exclude(holder=None)
        .values("holder__username", "holder__first_name", "holder__last_name", "agency__code")
        .annotate(**figures)
        .order_by("-overdue", "holder__username")
    )
    return render(
        request,
        "office/supervision.html",
        {
            "by_unit": [r for r in by_unit if r["overdue"] or r["soon"]],
            "by_officer": [r for r in by_officer if r["overdue"] or r["soon"]],
            "now": now,
        },
    )
