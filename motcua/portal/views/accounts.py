"""Citizens' accounts: register, sign in and out, reset a forgotten password by e-mail, and the
account page (details and password). The rules on identifiers and the writes are in
``motcua.portal.accounts``; these views parse the request, call them and answer.

After signing in or registering, the citizen goes back to where they were (``next``) when that
address is on this site, else to their dossiers: an address elsewhere is ignored, so a link
cannot send a citizen from the portal's sign-in page to a look-alike site.
"""

from __future__ import annotations

import math

from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from ..access import citizen_required
from ..accounts import AccountForm, CitizenPasswordResetForm, RegistrationForm, SignInForm

# The backend that checks passwords; named when signing in a citizen who just registered.
PASSWORD_BACKEND = "django.contrib.auth.backends.ModelBackend"
TEMPLATES = "portal/accounts/"


def safe_next(request) -> str:
    """The ``next`` address of the request if it stays on this site, else ""."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@sensitive_post_parameters("password1", "password2")
@never_cache
@require_http_methods(["GET", "POST"])
def register(request):
    """Open a citizen account; the new citizen is signed in at once."""
    target = safe_next(request)
    if request.user.is_authenticated:
        return redirect(target or reverse("portal:my-dossiers"))
    form = RegistrationForm(request.POST) if request.method == "POST" else RegistrationForm()
    if request.method == "POST" and form.is_valid():
        try:
            user = form.save()
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend=PASSWORD_BACKEND)
            messages.success(request, _("Your account is ready."))
            return redirect(target or reverse("portal:my-dossiers"))
    return render(request, TEMPLATES + "register.html", {"form": form, "next": target})


class SignIn(auth_views.LoginView):
    """Sign-in by e-mail or phone. Repeated failures lock the account out from this address for
    a while (django-axes; the answer is ``locked_out`` below)."""

    authentication_form = SignInForm
    template_name = TEMPLATES + "login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return reverse("portal:my-dossiers")


class SignOut(auth_views.LogoutView):
    """Sign-out, by POST only (a link could sign a citizen out from another site)."""

    next_page = "portal:home"


def locked_out(request, *args, **kwargs):
    """The answer to a sign-in refused after too many failures (through
    ``motcua.office.views.auth.locked_out``, django-axes' AXES_LOCKOUT_CALLABLE)."""
    from axes.helpers import get_cool_off

    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    return render(request, TEMPLATES + "locked.html", {"minutes": minutes}, status=429)


class PasswordReset(auth_views.PasswordResetView):
    """Ask for a link to set a new password, sent to the account's e-mail address."""

    form_class = CitizenPasswordResetForm
    template_name = TEMPLATES + "password_reset_form.html"
    email_template_name = TEMPLATES + "reset_email.txt"
    subject_template_name = TEMPLATES + "reset_subject.txt"
    success_url = reverse_lazy("portal:password-reset-done")


class PasswordResetDone(auth_views.PasswordResetDoneView):
    template_name = TEMPLATES + "password_reset_done.html"


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    """Set a new password from the link. The link proves the citizen holds the mailbox, so the
    failed sign-ins counted against the account are forgotten with the old password."""

    template_name = TEMPLATES + "password_reset_confirm.html"
    success_url = reverse_lazy("portal:password-reset-complete")

    def form_valid(self, form):
        from axes.utils import reset

        response = super().form_valid(form)
        reset(username=self.user.get_username())
        return response


class PasswordResetComplete(auth_views.PasswordResetCompleteView):
    template_name = TEMPLATES + "password_reset_complete.html"


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@never_cache
@citizen_required
@require_http_methods(["GET", "POST"])
def account(request):
    """The citizen's own details, and a new password. Each form posts on its own (``form``)."""
    user = request.user
    details = AccountForm(user=user, initial=AccountForm.initial_for(user))
    password = PasswordChangeForm(user, prefix="password")
    if request.method == "POST" and request.POST.get("form") == "details":
        details = AccountForm(request.POST, user=user)
        if details.is_valid():
            try:
                details.save()
            except ValidationError as error:
                details.add_error(None, error)
            else:
                messages.success(request, _("Your details have been saved."))
                return redirect("portal:account")
    elif request.method == "POST" and request.POST.get("form") == "password":
        password = PasswordChangeForm(user, request.POST, prefix="password")
        if password.is_valid():
            password.save()
            update_session_auth_hash(request, password.user)
            messages.success(request, _("Your password has been changed."))
            return redirect("portal:account")
    return render(
        request, TEMPLATES + "account.html", {"details": details, "password_form": password}
    )
