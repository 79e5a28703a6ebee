"""Who may use which part of the portal. Public pages need nothing; a citizen's pages need a
signed-in account and show only that account's dossiers and drafts — anything else is answered
404, so a guessed number reveals nothing."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404

from motcua.dossiers.models import Dossier

from .models import Draft


def citizen_required(view):
    """Sign-in required, through the portal's own sign-in page."""
    return login_required(view, login_url="portal:login")


def own_dossier(request, pk: int, *related: str) -> Dossier:
    """The signed-in citizen's dossier ``pk``, or 404."""
    query = Dossier.objects.select_related(*related) if related else Dossier.objects
    return get_object_or_404(query, pk=pk, applicant_user=request.user)


def own_draft(request, pk: int) -> Draft:
    """The signed-in citizen's draft ``pk``, or 404."""
    return get_object_or_404(
        Draft.objects.select_related("case__version__procedure"), pk=pk, user=request.user
    )
