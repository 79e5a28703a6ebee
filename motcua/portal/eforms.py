"""A case's e-form (tờ khai điện tử) as a Django form.

The catalogue defines each case's fields (``catalog.FormField``: key, label, type, required,
choices, help text, length); this module turns that definition into a form the portal renders
with labels and help texts, and that the *server* validates — the browser's own checks are a
convenience only. Clean answers become JSON values kept on the dossier (``Dossier.form_data``):
text as strings, whole numbers as integers, dates as ``YYYY-MM-DD``, yes/no as booleans.
"""

from __future__ import annotations

import datetime

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import FormField
from motcua.core.people import CITIZEN_ID_NUMBER, phone_digits

PREFIX = "tk"  # tờ khai: keeps the e-form's names apart from the applicant's fields
PHONE = RegexValidator(
    r"^0\d{9,10}$", _("Enter a phone number of 10 or 11 digits, e.g. 0912345678.")
)
CITIZEN_ID = RegexValidator(
    rf"^{CITIZEN_ID_NUMBER.pattern}$", _("A citizen ID number has 12 digits.")
)
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class PhoneField(forms.CharField):
    """A phone number, kept in its national form whatever the separators or country code."""

    def to_python(self, value):
        return phone_digits(super().to_python(value))


def _field(definition: FormField) -> forms.Field:
    common = {
        "label": definition.label,
        "required": definition.required,
        "help_text": definition.help_text,
    }
    Kind = FormField.Kind
    kind = definition.kind
    if kind == Kind.TEXTAREA:
        return forms.CharField(
            max_length=definition.max_length or 2000,
            widget=forms.Textarea(attrs={"rows": 4}),
            **common,
        )
    if kind == Kind.NUMBER:
        return forms.IntegerField(min_value=0, max_value=10**15, **common)
    if kind == Kind.DATE:
        return forms.DateField(
            input_formats=DATE_FORMATS,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            **common,
        )
    if kind == Kind.EMAIL:
        return forms.EmailField(max_length=254, **common)
    if kind == Kind.PHONE:
        return PhoneField(
            max_length=20,
            validators=[PHONE],
            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
            **common,
        )
    if kind == Kind.ID_NUMBER:
        return forms.CharField(
            max_length=12,
            validators=[CITIZEN_ID],
            widget=forms.TextInput(attrs={"inputmode": "numeric"}),
            **common,
        )
    if kind == Kind.CHOICE:
        choices = [(c, c) for c in definition.choice_list]
        widget = forms.RadioSelect if len(choices) <= 5 else forms.Select
        if widget is forms.Select:
            choices = [("", "—"), *choices]
        return forms.ChoiceField(choices=choices, widget=widget, **common)
    if kind == Kind.CHECKBOX:
        return forms.BooleanField(**common)
    return forms.CharField(max_length=definition.max_length or 255, **common)


def definitions(case_id: int) -> list[FormField]:
    return list(FormField.objects.filter(case_id=case_id).order_by("position"))


def form_for(fields: list[FormField], data=None) -> forms.Form:
    """The e-form of ``fields``, bound to ``data`` (a POST, or a draft's saved input) if given."""
    form = forms.Form(data=data, prefix=PREFIX)
    for definition in fields:
        form.fields[definition.key] = _field(definition)
    return form


def answers(form: forms.Form) -> dict:
    """The valid form's answers as JSON values, by field key."""
    out = {}
    for key, value in form.cleaned_data.items():
        if isinstance(value, datetime.date):
            value = value.isoformat()
        out[key] = value
    return out


def raw_input(data, fields: list[FormField]) -> dict:
    """What the applicant typed into the e-form, as saved with a draft (not yet checked)."""
    out = {}
    for definition in fields:
        name = f"{PREFIX}-{definition.key}"
        if name in data:
            out[name] = data.get(name, "")[:5000]
    return out


def shown(fields: list[FormField], values: dict) -> list[tuple[str, str]]:
    """(label, value as a person reads it) for the answers ``values`` kept on a dossier."""
    rows = []
    for definition in fields:
        if definition.key not in values:
            continue
        value = values[definition.key]
        if isinstance(value, bool):
            value = _("Yes") if value else _("No")
        elif definition.kind == FormField.Kind.DATE and value:
            value = datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
        elif definition.kind == FormField.Kind.NUMBER and value is not None:
            value = f"{value:,}".replace(",", ".")
        rows.append((definition.label, "" if value is None else str(value)))
    return rows
