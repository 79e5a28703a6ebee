from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    """Dossiers (hồ sơ) and their lifecycle: reception, control slip, pauses, results."""

    name = "motcua.dossiers"
    verbose_name = _("Dossiers")
