"""The citizen's feedback and recommendations (phản ánh, kiến nghị): the list of what they sent
with its status (waiting / answered), a form to send a new one about one of their dossiers or
about a procedure, and each one with the agency's answer.

Only the author sees a feedback: anyone else's number answers 404. The form offers only the
citizen's own dossiers; a procedure is given by its code, and its agencies are offered once the
code is known (the page works without JavaScript: a first submission with the code alone shows
the list when there is more than one agency). ``motcua.feedback.services`` decides; a refusal
is shown on the form and nothing is stored.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.catalog.models import Procedure
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import DossierError
from motcua.feedback import services
from motcua.feedback.models import Feedback

from ..access import citizen_required

PAGE = 20


class DossierChoice(forms.ModelChoiceField):
    def label_from_instance(self, dossier: Dossier) -> str:
        code = dossier.code or _("submitted %(date)s") % {
            "date": dossier.submitted_at.strftime("%d/%m/%Y") if dossier.submitted_at else "—"
        }
        return f"{code} — {dossier.procedure_version.name}"[:200]


class FeedbackForm(forms.Form):
    """What the citizen writes, and what it is about: one of their dossiers, or a procedure
    (by code) with the agency it is for."""

    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=Feedback.Kind.choices,
        initial=Feedback.Kind.FEEDBACK,
        widget=forms.RadioSelect,
    )
    dossier = DossierChoice(
        label=gettext_lazy("About my dossier"),
        queryset=Dossier.objects.none(),
        required=False,
        empty_label=gettext_lazy("— none: about a procedure —"),
    )
    procedure = forms.CharField(
        label=gettext_lazy("Or about the procedure with code"),
        max_length=32,
        required=False,
        help_text=gettext_lazy("The code shown on the procedure's page, e.g. 2.000488."),
    )
    agency = forms.TypedChoiceField(
        label=gettext_lazy("Agency the feedback is for"), coerce=int, required=False
    )
    subject = forms.CharField(label=gettext_lazy("Title"), max_length=services.SUBJECT_MAX)
    body = forms.CharField(
        label=gettext_lazy("Content"),
        max_length=services.BODY_MAX,
        widget=forms.Textarea({"rows": 8}),
        help_text=gettext_lazy("What happened, and what you ask for."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dossier"].queryset = (
            Dossier.objects.filter(applicant_user=user)
            .select_related("procedure_version")
            .order_by("-submitted_at", "-pk")
        )
        self.procedure_found = self._procedure()
        agencies = (
            list(services.procedure_agencies(self.procedure_found)) if self.procedure_found else []
        )
        field = self.fields["agency"]
        field.choices = [("", _("— choose —"))] if len(agencies) != 1 else []
        field.choices += [(a.pk, a.name) for a in agencies]
        if not agencies:
            field.widget = forms.HiddenInput()

    def _procedure(self) -> Procedure | None:
        code = self.data.get("procedure") if self.is_bound else self.initial.get("procedure")
        code = (code or "").strip()
        return Procedure.objects.filter(code__iexact=code).first() if code else None

    def clean(self):
        data = super().clean()
        code = (data.get("procedure") or "").strip()
        if data.get("dossier") and code:
            self.add_error(
                "procedure", _("Choose either one of your dossiers or a procedure, not both.")
            )
        elif not data.get("dossier") and not code and not self.has_error("dossier"):
            self.add_error(
                "dossier", _("Say what the feedback is about: one of your dossiers or a procedure.")
            )
        elif code and self.procedure_found is None:
            self.add_error("procedure", _("No procedure has this code."))
        return data


@citizen_required
def feedback_list(request):
    mine = (
        Feedback.objects.filter(author=request.user)
        .select_related("agency", "dossier", "procedure")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(mine, PAGE).get_page(request.GET.get("trang"))
    return render(request, "portal/feedback/list.html", {"page": page})


@citizen_required
def new(request):
    status = 200
    if request.method == "POST":
        form = FeedbackForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                sent = services.send_feedback(
                    author=request.user,
                    kind=data["kind"],
                    subject=data["subject"],
                    body=data["body"],
                    dossier=data.get("dossier"),
                    procedure=form.procedure_found if not data.get("dossier") else None,
                    agency=data.get("agency") or None,
                )
            except DossierError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = 400
            else:
                messages.success(
                    request,
                    _("Your feedback was sent to %(agency)s.") % {"agency": sent.agency.name},
                )
                return redirect("portal:feedback-detail", pk=sent.pk)
        else:
            status = 400
    else:
        form = FeedbackForm(user=request.user, initial=_prefill(request))
    return render(request, "portal/feedback/new.html", {"form": form}, status=status)


def _prefill(request) -> dict:
    """``?ho-so=<pk>`` (from one of my dossiers' pages) or ``?thu-tuc=<code>`` (from a
    procedure's page). Someone else's dossier number is ignored: it pre-fills nothing."""
    initial = {}
    dossier = request.GET.get("ho-so", "")
    if dossier.isdigit():
        own = Dossier.objects.filter(pk=int(dossier), applicant_user=request.user).first()
        if own is not None:
            initial["dossier"] = own.pk
    code = request.GET.get("thu-tuc", "").strip()
    if code and "dossier" not in initial:
        initial["procedure"] = code[:32]
    return initial


@citizen_required
def detail(request, pk: int):
    feedback = get_object_or_404(
        Feedback.objects.select_related("agency", "dossier", "procedure"),
        pk=pk,
        author=request.user,
    )
    return render(
        request,
        "portal/feedback/detail.html",
        {
            "f": feedback,
            "due": services.answer_due(feedback) if feedback.answered_at is None else None,
        },
    )
