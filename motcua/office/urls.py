"""The staff workspace, under ``/can-bo/``."""

from django.urls import path

from . import views

app_name = "office"

urlpatterns = [
    path("", views.home, name="home"),
    path("dang-nhap/", views.SignIn.as_view(), name="login"),
    path("dang-xuat/", views.SignOut.as_view(), name="logout"),
    path("ho-so/", views.inbox, name="inbox"),
]
