from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    """The staff workspace: the counter, the inbox, the dossier page, the forms."""

    name = "motcua.office"
    label = "office"
    verbose_name = _("Staff workspace")
