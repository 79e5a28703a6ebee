"""Administration of the organisation tree and of officers' roles."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Agency, RoleAssignment


class ActiveFilter(admin.SimpleListFilter):
    title = _("existence")
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return [("yes", _("Active today")), ("no", _("Ended (merged or abolished)"))]

    def queryset(self, request, queryset):
        from django.utils import timezone

        today = timezone.localdate()
        active = Agency.objects.active_on(today).values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=active)
        if self.value() == "no":
            return queryset.exclude(pk__in=active)
        return queryset


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "kind", "parent", "valid_from", "valid_to"]
    list_filter = ["level", "kind", ActiveFilter]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent", "territory", "successor"]
    list_select_related = ["parent"]
    fieldsets = [
        (None, {"fields": ["code", "name", "level", "kind", "parent", "territory"]}),
        (_("Contact"), {"fields": ["address", "phone", "email"]}),
        (_("Validity and succession"), {"fields": ["valid_from", "valid_to", "successor"]}),
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "territory":  # the territory served is a People's Committee's
            kwargs["queryset"] = Agency.objects.filter(kind=Agency.Kind.PEOPLES_COMMITTEE)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # The autocomplete of the territory offers People's Committees only.
        if (
            request.GET.get("app_label") == "agencies"
            and request.GET.get("model_name") == "agency"
            and request.GET.get("field_name") == "territory"
        ):
            queryset = queryset.filter(kind=Agency.Kind.PEOPLES_COMMITTEE)
        return queryset, may_have_duplicates


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "agency", "role", "title", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "agency__name"]
    autocomplete_fields = ["user", "agency"]
    list_select_related = ["user", "agency"]


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["agency"]
    fields = ["agency", "role", "title", "is_active"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class OfficerAdmin(UserAdmin):
    """Django's user admin with the officer's roles per agency."""

    inlines = [RoleAssignmentInline]
    list_filter = [*UserAdmin.list_filter, "role_assignments__role"]
