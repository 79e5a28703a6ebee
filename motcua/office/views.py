"""Views of the staff workspace."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render


class SignIn(auth_views.LoginView):
    template_name = "office/login.html"
    redirect_authenticated_user = True


class SignOut(auth_views.LogoutView):
    next_page = "office:login"


@login_required
def home(request):
    return redirect("office:inbox")


@login_required
def inbox(request):
    return render(request, "office/inbox.html", {})
