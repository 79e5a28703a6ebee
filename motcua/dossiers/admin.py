"""Read-only administration views of dossiers.

Dossiers change only through ``motcua.dossiers.services`` (the staff workspace, the portal, the
API); the admin lets administrators and supervisors look, never edit, add or delete.
"""

from django.contrib import admin

from .models import Dossier, DossierEvent, DossierStep, Extension, Notice, Party, PauseInterval


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PartyInline(ReadOnlyMixin, admin.TabularInline):
    model = Party
    extra = 0


class StepInline(ReadOnlyMixin, admin.TabularInline):
    model = DossierStep
    extra = 0
    fields = [
        "sequence",
        "stage",
        "name",
        "agency",
        "holder",
        "started_at",
        "due_at",
        "finished_at",
        "action",
        "timeliness",
    ]
    fk_name = "dossier"


class PauseInline(ReadOnlyMixin, admin.TabularInline):
    model = PauseInterval
    extra = 0
    fields = ["kind", "mode", "requested_at", "resumed_at", "due_before", "due_after", "reason"]


class ExtensionInline(ReadOnlyMixin, admin.TabularInline):
    model = Extension
    extra = 0
    fields = ["issued_at", "previous_appointment", "new_appointment", "cause_agency", "reason"]


class NoticeInline(ReadOnlyMixin, admin.TabularInline):
    model = Notice
    extra = 0
    fields = ["form", "form_set", "form_number", "number", "issued_at"]


class EventInline(ReadOnlyMixin, admin.TabularInline):
    model = DossierEvent
    extra = 0
    fields = ["sequence", "at", "actor_label", "action", "from_state", "to_state"]


@admin.register(Dossier)
class DossierAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = [
        "code",
        "procedure_version",
        "channel",
        "state",
        "national_status",
        "received_at",
        "due_at",
        "finished_at",
    ]
    list_filter = ["state", "channel", "regime"]
    search_fields = ["code", "subject", "parties__name", "parties__id_number"]
    date_hierarchy = "received_at"
    list_select_related = ["procedure_version__procedure"]
    inlines = [PartyInline, StepInline, PauseInline, ExtensionInline, NoticeInline, EventInline]
