"""Administration of the procedure catalogue: procedures, versions, cases and processes."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from motcua.core.dates import windows_overlap
from motcua.workcalendar.calendars import hours_per_day

from .budgets import budget_problem, needs_time_limit
from .models import (
    CaseChannel,
    Fee,
    Field,
    FormField,
    GroupMember,
    LegalBasis,
    Level,
    Procedure,
    ProcedureAgency,
    ProcedureCase,
    ProcedureResult,
    ProcedureVersion,
    ProcessStep,
    RequiredComponent,
)


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class VersionLinkInline(admin.TabularInline):
    model = ProcedureVersion
    extra = 0
    fields = ["number", "valid_from", "valid_to", "online_level", "edit_link"]
    readonly_fields = ["edit_link"]
    show_change_link = True

    @admin.display(description=_("content"))
    def edit_link(self, obj):
        if not obj.pk:
            return "—"
        url = reverse("admin:catalog_procedureversion_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Edit cases and components"))


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "field"]
    list_filter = ["field"]
    search_fields = ["code", "name"]
    list_select_related = ["field"]
    inlines = [VersionLinkInline]


class VersionForm(forms.ModelForm):
    levels = forms.MultipleChoiceField(
        label=_("levels"), choices=Level.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ProcedureVersion
        exclude: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["levels"] = self.instance.level_list

    def clean_levels(self):
        return ",".join(self.cleaned_data["levels"])

    def clean(self):
        cleaned = super().clean()
        procedure, start = cleaned.get("procedure"), cleaned.get("valid_from")
        end = cleaned.get("valid_to")
        if procedure and start:
            others = ProcedureVersion.objects.filter(procedure=procedure).exclude(
                pk=self.instance.pk
            )
            for other in others:
                if windows_overlap(start, end, other.valid_from, other.valid_to):
                    raise ValidationError(
                        _("The validity overlaps version %(number)d of this procedure."),
                        params={"number": other.number},
                    )
        return cleaned


class AgencyPartInline(admin.TabularInline):
    model = ProcedureAgency
    extra = 0
    autocomplete_fields = ["agency"]


class MemberFormSet(forms.BaseInlineFormSet):
    """A group does not bundle itself, and keeps every member its process steps carry out."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        version = self.instance
        kept = set()
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            procedure = form.cleaned_data.get("procedure")
            if procedure is not None and procedure.pk == version.procedure_id:
                form.add_error(
                    "procedure", _("A procedure group cannot be one of its own members.")
                )
            kept.add(procedure.pk if procedure else None)
        if version.pk:
            step = (
                ProcessStep.objects.filter(case__version=version, member_procedure__isnull=False)
                .exclude(member_procedure__in=kept - {None})
                .select_related("member_procedure")
                .first()
            )
            if step is not None:
                raise ValidationError(
                    _(
                        "Procedure %(code)s is carried out by the step “%(step)s”: it must stay "
                        "among the members."
                    ),
                    params={"code": step.member_procedure.code, "step": step},
                )


class MemberInline(admin.TabularInline):
    """The procedures bundled in an interconnected procedure group (nhóm TTHC liên thông)."""

    model = GroupMember
    formset = MemberFormSet
    extra = 0
    autocomplete_fields = ["procedure"]
    fields = ["position", "procedure"]


class LegalBasisInline(admin.TabularInline):
    model = LegalBasis
    extra = 0


class ResultInline(admin.TabularInline):
    model = ProcedureResult
    extra = 0


class CaseLinkInline(admin.TabularInline):
    model = ProcedureCase
    extra = 0
    fields = ["code", "name", "time_limit", "time_unit", "cutoff", "no_appointment"]
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        # A case needs its internal process: it is created on its own page.
        return False


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(admin.ModelAdmin):
    form = VersionForm
    list_display = ["procedure", "number", "valid_from", "valid_to", "online_level"]
    list_filter = ["online_level", "is_interconnected", "is_boundary_independent"]
    search_fields = ["procedure__code", "procedure__name", "name"]
    autocomplete_fields = ["procedure"]
    list_select_related = ["procedure"]
    inlines = [AgencyPartInline, MemberInline, LegalBasisInline, ResultInline, CaseLinkInline]


class ChannelInline(admin.TabularInline):
    model = CaseChannel
    extra = 0
    min_num = 1


class FeeInline(admin.TabularInline):
    model = Fee
    extra = 0


class ComponentInline(admin.TabularInline):
    model = RequiredComponent
    extra = 0


class StepFormSet(forms.BaseInlineFormSet):
    """Checks that the steps share out exactly the case's time limit (catalog.budgets), that a
    local unit is looked up below a named agency and that a step carries out one of the group's
    members."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        case = self.instance  # carries the limit and version just entered in the main form
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        members = (
            set(case.version.members.values_list("procedure_id", flat=True))
            if case.version_id
            else set()
        )
        for form in kept:
            data = form.cleaned_data
            if data.get("local_unit") and data.get("agency") is None:
                form.add_error(
                    "local_unit",
                    _("A local unit is looked up below the step's agency: name the agency."),
                )
            member = data.get("member_procedure")
            if member is not None and member.pk not in members:
                form.add_error(
                    "member_procedure",
                    _("Procedure %s is not among the members of this version.") % member.code,
                )
        if any(self.errors):
            return
        steps = [(form.cleaned_data["stage"], form.cleaned_data["budget_hours"]) for form in kept]
        problem = budget_problem(
            time_limit=case.time_limit,
            time_unit=case.time_unit,
            no_appointment=case.no_appointment,
            steps=steps,
            hours_per_day=hours_per_day(),
        )
        if problem:
            raise ValidationError(problem)


class StepInline(admin.TabularInline):
    model = ProcessStep
    formset = StepFormSet
    extra = 0
    fields = ["stage", "name", "role", "agency", "local_unit", "member_procedure", "budget_hours"]
    autocomplete_fields = ["agency", "member_procedure"]


class CaseForm(forms.ModelForm):
    class Meta:
        model = ProcedureCase
        exclude: list[str] = []

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("time_limit") is None and needs_time_limit(
            time_unit=cleaned.get("time_unit"), no_appointment=cleaned.get("no_appointment")
        ):
            self.add_error(
                "time_limit",
                _(
                    "A time limit is required unless there is no appointment date or the case "
                    "is handled the same day."
                ),
            )
        return cleaned


class FormFieldInline(admin.TabularInline):
    """The e-form the portal shows for the case (fields in order)."""

    model = FormField
    extra = 0


@admin.register(ProcedureCase)
class ProcedureCaseAdmin(admin.ModelAdmin):
    form = CaseForm
    list_display = ["version", "code", "name", "time_limit", "time_unit", "cutoff"]
    list_filter = ["time_unit"]
    search_fields = ["version__procedure__code", "version__procedure__name", "name"]
    autocomplete_fields = ["version"]
    list_select_related = ["version__procedure"]
    inlines = [ChannelInline, FeeInline, ComponentInline, FormFieldInline, StepInline]
