from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("ngon-ngu/", views.switch_language, name="language"),
]
