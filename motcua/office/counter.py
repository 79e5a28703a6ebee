"""The counter's forms (quầy tiếp nhận): finding a procedure without diacritics (the catalogue's
search, ``motcua.catalog.search``, shared with the portal), and the reception form of a case —
applicant, components with originals, copies and scans, the decision (receive with Form 01, ask
to complete with Form 02, refuse with Form 03)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.catalog.search import search  # the shared procedure search, used by the views
from motcua.dossiers.models import Party, ReturnMethod
from motcua.dossiers.plans import CasePlan

__all__ = ["DECISIONS", "ReceptionForm", "search"]

DECISIONS = [
    ("receive", _("Receive: the dossier is complete (Form 01)")),
    ("supplement", _("Ask the applicant to complete it (Form 02)")),
    ("refuse", _("Refuse it (Form 03)")),
]


class ReceptionForm(forms.Form):
    """The reception form of one case, with one group of fields per required component."""

    receiving_unit = forms.TypedChoiceField(label=_("Receiving unit"), coerce=int)
    competent_agency = forms.TypedChoiceField(
        label=_("Competent agency"), coerce=int, required=False, empty_value=None
    )
    channel = forms.ChoiceField(label=_("Channel"))
    subject = forms.CharField(label=_("Subject"), max_length=500, required=False)
    owner_name = forms.CharField(label=_("Owner's full name"), max_length=255)
    owner_id_type = forms.ChoiceField(
        label=_("ID type"), choices=[("", "—"), *Party.IdType.choices], required=False
    )
    owner_id_number = forms.CharField(label=_("ID number"), max_length=32, required=False)
    owner_address = forms.CharField(label=_("Address"), max_length=500, required=False)
    owner_phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    owner_email = forms.EmailField(label=_("E-mail"), required=False)
    submitter_name = forms.CharField(
        label=_("Submitted by (if not the owner)"), max_length=255, required=False
    )
    submitter_phone = forms.CharField(label=_("Submitter's phone"), max_length=32, required=False)
    proxy_name = forms.CharField(
        label=_("Authorised proxy (if any): full name"), max_length=255, required=False
    )
    proxy_id_number = forms.CharField(label=_("Proxy's ID number"), max_length=32, required=False)
    proxy_phone = forms.CharField(label=_("Proxy's phone"), max_length=32, required=False)
    return_method = forms.ChoiceField(
        label=_("Return of the result"), choices=[("", "—"), *ReturnMethod.choices], required=False
    )
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason (to complete or to refuse)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea({"rows": 3}),
    )
    missing = forms.CharField(
        label=_("Items to complete (one per line; unticked required components are added)"),
        required=False,
        widget=forms.Textarea({"rows": 3}),
    )

    def __init__(self, *args, plan: CasePlan, units, deciders, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["receiving_unit"].choices = [(a.pk, a.name) for a in units]
        if len(units) == 1:
            self.fields["receiving_unit"].initial = units[0].pk
        self.fields["competent_agency"].choices = [("", _("— as the catalogue says —"))] + [
            (a.pk, f"{a.name} ({a.code})") for a in deciders
        ]
        self.fields["channel"].choices = [
            (c, label)
            for c, label in (("counter", _("At the counter")), ("postal", _("By post")))
            if c in plan.channels
        ]
        self.components = list(plan.case.components.all())
        for c in self.components:
            self.fields[f"c{c.pk}_received"] = forms.BooleanField(
                label=_("Received: %(name)s") % {"name": c.name}, required=False
            )
            self.fields[f"c{c.pk}_originals"] = forms.IntegerField(
                label=_("Originals"), min_value=0, max_value=99, initial=c.originals
            )
            self.fields[f"c{c.pk}_copies"] = forms.IntegerField(
                label=_("Copies"), min_value=0, max_value=99, initial=c.copies
            )
            self.fields[f"c{c.pk}_file"] = forms.FileField(
                label=_("Scan (PDF, JPEG or PNG)"), required=False
            )

    def component_rows(self):
        return [
            {
                "component": c,
                "received": self[f"c{c.pk}_received"],
                "originals": self[f"c{c.pk}_originals"],
                "copies": self[f"c{c.pk}_copies"],
                "file": self[f"c{c.pk}_file"],
            }
            for c in self.components
        ]

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        missing = [
            c.name for c in self.components if c.mandatory and not data.get(f"c{c.pk}_received")
        ]
        if decision == "receive" and missing:
            raise forms.ValidationError(
                _(
                    "Required components are missing (%(names)s): ask the applicant to complete "
                    "the dossier instead."
                )
                % {"names": "; ".join(missing)}
            )
        if decision in ("supplement", "refuse") and not (data.get("reason") or "").strip():
            self.add_error("reason", _("A reason is required."))
        if decision == "supplement":
            extra = [x.strip() for x in (data.get("missing") or "").splitlines() if x.strip()]
            data["items"] = missing + [x for x in extra if x not in missing]
            if not data["items"]:
                self.add_error("missing", _("List the missing items."))
        return data
