from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Cross-cutting pieces: the public home page, base templates and shared helpers."""

    name = "motcua.core"
    verbose_name = _("Core")
