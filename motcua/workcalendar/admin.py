"""Administration of local calendar overrides."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .calendars import working_periods
from .clock import WorkCalendar
from .models import CalendarOverride


class OverrideForm(forms.ModelForm):
    class Meta:
        model = CalendarOverride
        fields = ["province", "date", "kind", "reason"]

    def clean(self):
        cleaned = super().clean()
        day, kind = cleaned.get("date"), cleaned.get("kind")
        if day and kind:
            # Compared with the national calendar from the holidays package, without overrides.
            working = WorkCalendar(periods=working_periods()).is_working_day(day)
            if kind == CalendarOverride.Kind.WORKING_DAY and working:
                self.add_error("kind", _("This date is already a working day."))
            if kind == CalendarOverride.Kind.DAY_OFF and not working:
                self.add_error("kind", _("This date is already a day off."))
        return cleaned


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    form = OverrideForm
    list_display = ["date", "kind", "province", "reason"]
    list_filter = ["kind", "province"]
    search_fields = ["reason"]
    date_hierarchy = "date"
    autocomplete_fields = ["province"]
