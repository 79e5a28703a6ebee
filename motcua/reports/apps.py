from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Reports on the handling of dossiers: today the agencies and officers causing delays
    (``delays.py``); the statutory periodic report will live beside it."""

    name = "motcua.reports"
    label = "reports"
    verbose_name = _("Reports")
