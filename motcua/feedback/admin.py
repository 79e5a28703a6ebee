"""Feedback in the administration: read-only.

Citizens send feedback through the portal and officers answer it in the staff workspace, both
through ``motcua.feedback.services`` (which checks ownership, the agency, the role and that the
answer is given once); the admin lets administrators look, never add, edit or delete.
"""

from django.contrib import admin

from .models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["subject", "kind", "agency", "author", "created_at", "answered_at"]
    list_filter = ["kind", ("answered_at", admin.EmptyFieldListFilter)]
    search_fields = ["subject", "author__username", "agency__code", "dossier__code"]
    date_hierarchy = "created_at"
    list_select_related = ["agency", "author"]
    raw_id_fields = ["author", "dossier", "procedure", "agency", "answered_by"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
