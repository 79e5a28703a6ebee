"""The portal's own forms: the dossier owner's details on an online submission, withdrawing a
dossier and rating the service. (The e-form of each case is built by ``eforms``.)"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.core.people import CITIZEN_ID_NUMBER, full_name
from motcua.dossiers.models import Party, ReturnMethod

from .eforms import PHONE, PhoneField

APPLICANT_PREFIX = "nd"  # người nộp


class ApplicantForm(forms.Form):
    """The dossier owner (chủ hồ sơ) as the counter will read it: who, how to reach them, and how
    they want the result back."""

    name = forms.CharField(label=_("Full name"), max_length=255)
    id_type = forms.ChoiceField(
        label=_("ID type"), choices=Party.IdType.choices, initial=Party.IdType.CITIZEN_ID
    )
    id_number = forms.CharField(label=_("ID number"), max_length=32)
    address = forms.CharField(label=_("Address"), max_length=500)
    phone = PhoneField(
        label=_("Phone"),
        max_length=20,
        validators=[PHONE],
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("The receipt, requests and the result notice are also sent here."),
    )
    return_method = forms.ChoiceField(
        label=_("How do you want to receive the result?"),
        choices=ReturnMethod.choices,
        initial=ReturnMethod.ONLINE,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", APPLICANT_PREFIX)
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("id_type") == Party.IdType.CITIZEN_ID
            and cleaned.get("id_number")
            and not CITIZEN_ID_NUMBER.fullmatch(cleaned["id_number"])
        ):
            self.add_error("id_number", _("A citizen ID number has 12 digits."))
        return cleaned


def applicant_initial(user) -> dict:
    """The owner's details prefilled from the citizen's account."""
    profile = getattr(user, "citizen", None)
    return {
        "name": full_name(user) if (user.first_name or user.last_name) else "",
        "email": user.email,
        "phone": getattr(profile, "phone", "") or "",
        "id_number": getattr(profile, "id_number", "") or "",
        "address": getattr(profile, "address", "") or "",
    }


def raw_applicant(data) -> dict:
    """What was typed into the owner's fields, kept with a draft (not yet checked)."""
    names = [f"{APPLICANT_PREFIX}-{name}" for name in ApplicantForm.base_fields]
    return {name: data.get(name, "")[:1000] for name in names if name in data}


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw the dossier?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RatingForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("How satisfied are you with the handling of this dossier?"),
        choices=[
            ("very_satisfied", _("Very satisfied")),
            ("satisfied", _("Satisfied")),
            ("not_satisfied", _("Not satisfied")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SupplementForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the officer (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
