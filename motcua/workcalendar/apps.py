from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkCalendarConfig(AppConfig):
    """Working-time clock: the Vietnamese calendar, local overrides, working-time arithmetic."""

    name = "motcua.workcalendar"
    verbose_name = _("Working calendar")

    def ready(self) -> None:
        from motcua.core import refdata

        from .models import CalendarOverride

        refdata.watch(CalendarOverride)
