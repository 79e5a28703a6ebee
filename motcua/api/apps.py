from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The officers' JSON API: session or token authentication, dossiers and transitions."""

    name = "motcua.api"
    label = "api"
    verbose_name = _("Programming interface (API)")
