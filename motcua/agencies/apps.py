from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    """Organisation: the agency tree (cơ quan, đơn vị), identification codes, officers' roles."""

    name = "motcua.agencies"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from motcua.core import refdata

        from .models import Agency, RoleAssignment

        refdata.watch(Agency, RoleAssignment)
