"""Signing in and out. Failed attempts are counted by django-axes (settings: AXES_*): after
``AXES_FAILURE_LIMIT`` failures for one username from one address, sign-in is refused for the
cool-off period, with a page that says so."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _


class SignIn(auth_views.LoginView):
    template_name = "office/login.html"
    redirect_authenticated_user = True


class SignOut(auth_views.LogoutView):
    next_page = "office:login"


def locked_out(request, credentials=None, *args, **kwargs):
    """django-axes' answer to a locked-out username (AXES_LOCKOUT_CALLABLE). A sign-in on the
    citizen portal gets the portal's page; the office's own sign-in, this one."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.namespace == "portal":
        from motcua.portal.views.accounts import locked_out as portal_locked_out

        return portal_locked_out(request)
    return render(
        request,
        "office/login.html",
        {"locked": True, "error": _("Too many failed attempts: try again later.")},
        status=429,
    )


@login_required
def home(request):
    return redirect("office:inbox")
