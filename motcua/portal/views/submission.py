"""Online submission: choose where to submit, fill the owner's details and the case's e-form,
upload the required components, save as a draft, review and submit."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.catalog import search
from motcua.catalog.models import ProcedureCase
from motcua.dossiers.services import DossierError
from motcua.dossiers.timeliness import vn_date

from .. import drafts, eforms
from ..access import citizen_required, own_draft
from ..forms import APPLICANT_PREFIX, ApplicantForm, applicant_initial
from ..places import receiving_options


def _submittable_case(case_id: int) -> ProcedureCase:
    """A case in force today that a citizen may submit online, or 404."""
    case = get_object_or_404(
        ProcedureCase.objects.select_related("version__procedure").prefetch_related("channels"),
        search.in_force(vn_date(timezone.now()), "version__"),
        pk=case_id,
    )
    if not search.submittable_online(case.version, case):
        raise Http404(_("This case cannot be submitted online."))
    return case


@citizen_required
def start(request, case_id: int):
    case = _submittable_case(case_id)
    options = receiving_options(case.pk, vn_date(timezone.now()))
    if request.method == "POST":
        try:
            unit = int(request.POST.get("receiving_unit") or 0) or None
        except ValueError:
            unit = None
        try:
            draft = drafts.start(user=request.user, case=case, receiving_unit_id=unit)
        except DossierError as refused:
            messages.error(request, refused.message)
        else:
            return redirect("portal:draft", pk=draft.pk)
    existing = request.user.portal_drafts.filter(case=case)
    return render(
        request,
        "portal/submission/start.html",
        {"case": case, "version": case.version, "options": options, "drafts": existing},
    )


def _initial(raw: dict, prefix: str) -> dict:
    """A draft's typed input as a form's initial values (no error shown before a check)."""
    start = len(prefix) + 1
    return {name[start:]: value for name, value in raw.items() if name.startswith(prefix + "-")}


def _forms(request, draft, bound: bool):
    fields = eforms.definitions(draft.case_id)
    data = draft.data or {}
    if bound:
        return ApplicantForm(data=data.get("applicant", {})), eforms.form_for(
            fields, data=data.get("eform", {})
        )
    applicant_values = _initial(data.get("applicant", {}), APPLICANT_PREFIX)
    applicant = ApplicantForm(initial=applicant_values or applicant_initial(request.user))
    eform = eforms.form_for(fields)
    eform.initial = _initial(data.get("eform", {}), eforms.PREFIX)
    return applicant, eform


def _uploads(request) -> dict[int, list]:
    found: dict[int, list] = {}
    for name in request.FILES:
        if name.startswith("tp-") and name[3:].isdigit():
            found[int(name[3:])] = request.FILES.getlist(name)
    return found


@citizen_required
def edit(request, pk: int):
    draft = own_draft(request, pk)
    bound = False
    if request.method == "POST":
        with transaction.atomic():
            drafts.save_input(draft, request.POST)
            errors = drafts.add_files(draft, _uploads(request))
        for error in errors:
            messages.error(request, error)
        if request.POST.get("action") == "review" and not errors:
            checked = drafts.check(draft)
            if checked.ok:
                return redirect("portal:review", pk=draft.pk)
            bound = True
            messages.error(request, _("Some information is missing or wrong: see below."))
        elif not errors:
            messages.success(request, _("The draft is saved."))
            return redirect("portal:draft", pk=draft.pk)
        else:
            bound = True
    applicant, eform = _forms(request, draft, bound)
    checked = drafts.check(draft) if bound else None
    return render(
        request,
        "portal/submission/edit.html",
        {
            "draft": draft,
            "case": draft.case,
            "version": draft.case.version,
            "applicant": applicant,
            "eform": eform,
            "components": drafts.components(draft),
            "missing": checked.missing if checked else [],
        },
    )


@citizen_required
def review(request, pk: int):
    draft = own_draft(request, pk)
    checked = drafts.check(draft)
    if not checked.ok:
        messages.error(request, _("Some information is missing or wrong: see below."))
        return redirect("portal:draft", pk=draft.pk)
    if request.method == "POST":
        try:
            dossier = drafts.submit(draft)
        except DossierError as refused:
            messages.error(request, refused.message)
            return redirect("portal:draft", pk=draft.pk)
        messages.success(
            request,
            _(
                "Your dossier was submitted. The one-stop unit will check it and send you the "
                "receipt."
            ),
        )
        return redirect("portal:my-dossier", pk=dossier.pk)
    fields = eforms.definitions(draft.case_id)
    return render(
        request,
        "portal/submission/review.html",
        {
            "draft": draft,
            "case": draft.case,
            "version": draft.case.version,
            "owner": checked.applicant.cleaned_data,
            "applicant": checked.applicant,
            "answers": eforms.shown(fields, eforms.answers(checked.eform)),
            "components": drafts.components(draft),
        },
    )


@citizen_required
@require_POST
def discard(request, pk: int):
    draft = own_draft(request, pk)
    with transaction.atomic():
        drafts.discard(draft)
    messages.success(request, _("The draft was deleted."))
    return redirect("portal:my-dossiers")


@citizen_required
@require_POST
def remove_file(request, pk: int, file_id: int):
    draft = own_draft(request, pk)
    with transaction.atomic():
        drafts.save_input(draft, request.POST)
        if not drafts.remove_file(draft, file_id):
            raise Http404(_("No such file."))
    messages.success(request, _("The file was removed."))
    return redirect("portal:draft", pk=draft.pk)
