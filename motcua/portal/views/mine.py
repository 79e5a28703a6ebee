"""The citizen's own dossiers: the list with drafts, and each dossier's progress, forms,
files and result, with what the applicant may do now — send the supplement asked for (once),
withdraw the dossier, rate the service once. Another person's dossier is answered 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core import downloads
from motcua.dossiers import attachments
from motcua.dossiers.models import Dossier, DossierFile
from motcua.dossiers.services import Actor, DossierError, receive_supplement, resubmit
from motcua.dossiers.services import rate as rate_dossier
from motcua.dossiers.services import withdraw as withdraw_dossier
from motcua.dossiers.states import State

from .. import eforms, progress
from ..access import citizen_required, own_dossier
from ..forms import RatingForm, SupplementForm, WithdrawForm

PER_PAGE = 20


@citizen_required
def dossiers(request):
    found = (
        Dossier.objects.filter(applicant_user=request.user)
        .select_related("procedure_version", "receiving_unit")
        .order_by("-submitted_at", "-id")
    )
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    drafts = request.user.portal_drafts.select_related("case__version")
    return render(request, "portal/mine/list.html", {"page": page, "drafts": drafts})


def _detail_context(dossier: Dossier) -> dict:
    files = list(dossier.files.all())
    steps = list(dossier.steps.select_related("agency").order_by("sequence"))
    return {
        "dossier": dossier,
        "history": progress.history(dossier),
        "steps": steps,
        "notices": list(dossier.notices.order_by("issued_at", "id")),
        "answers": eforms.shown(eforms.definitions(dossier.case_id), dossier.form_data or {}),
        "files": [f for f in files if f.kind == DossierFile.Kind.COMPONENT],
        "supplements": [f for f in files if f.kind == DossierFile.Kind.SUPPLEMENT],
        "results": [f for f in files if f.kind == DossierFile.Kind.RESULT],
        "request": progress.open_request(dossier),
        "can_supplement": progress.can_supplement(dossier),
        "can_withdraw": progress.can_withdraw(dossier),
        "can_rate": progress.can_rate(dossier),
        "rating_form": RatingForm(),
        "supplement_form": SupplementForm(),
    }


@citizen_required
def detail(request, pk: int):
    dossier = own_dossier(
        request, pk, "procedure_version__procedure", "case", "receiving_unit", "competent_agency"
    )
    return render(request, "portal/mine/detail.html", _detail_context(dossier))


def _refused(request, dossier, refused: DossierError, template="portal/mine/detail.html", **extra):
    messages.error(request, refused.message)
    context = {**_detail_context(dossier), **extra}
    return render(request, template, context, status=refused.status)


@citizen_required
@require_POST
def supplement(request, pk: int):
    """The applicant sends what Form 02 asked for: the files are kept with the dossier and the
    dossier goes back to the officers (the clock resumes, or the counter checks it again)."""
    dossier = own_dossier(request, pk)
    form = SupplementForm(request.POST)
    uploads = request.FILES.getlist("files")
    try:
        if not progress.can_supplement(dossier):
            raise DossierError(
                "invalid_state", _("No supplement is asked for this dossier."), status=409
            )
        if not uploads:
            raise DossierError("invalid_input", _("Attach the documents asked for."), field="files")
        if not form.is_valid():
            raise DossierError("invalid_input", _("The note is too long."), field="note")
        kinds = [attachments.check_upload(upload) for upload in uploads]
        actor = Actor.citizen(request.user)
        with transaction.atomic():
            if dossier.state == State.RECEPTION_SUPPLEMENT:
                resubmit(dossier_id=dossier.pk, actor=actor, note=form.cleaned_data["note"])
            else:
                receive_supplement(dossier_id=dossier.pk, actor=actor)
            for upload, kind in zip(uploads, kinds, strict=True):
                attachments.attach(
                    dossier,
                    upload,
                    content_type=kind,
                    user=request.user,
                    kind=DossierFile.Kind.SUPPLEMENT,
                )
    except DossierError as refused:
        return _refused(request, dossier, refused)
    messages.success(request, _("Your supplement was sent."))
    return redirect("portal:my-dossier", pk=dossier.pk)


@citizen_required
def withdraw(request, pk: int):
    dossier = own_dossier(request, pk, "procedure_version")
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            withdraw_dossier(
                dossier_id=dossier.pk,
                actor=Actor.citizen(request.user),
                reason=form.cleaned_data["reason"],
            )
        except DossierError as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("The dossier was withdrawn."))
            return redirect("portal:my-dossier", pk=dossier.pk)
    if not progress.can_withdraw(dossier):
        messages.error(request, _("This dossier can no longer be withdrawn."))
        return redirect("portal:my-dossier", pk=dossier.pk)
    return render(request, "portal/mine/withdraw.html", {"dossier": dossier, "form": form})


@citizen_required
@require_POST
def rate(request, pk: int):
    dossier = own_dossier(request, pk)
    form = RatingForm(request.POST)
    try:
        if not form.is_valid():
            raise DossierError("invalid_input", _("Choose one of the ratings."), field="rating")
        rate_dossier(
            dossier_id=dossier.pk,
            actor=Actor.citizen(request.user),
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
        )
    except DossierError as refused:
        return _refused(request, dossier, refused)
    messages.success(request, _("Thank you for rating the service."))
    return redirect("portal:my-dossier", pk=dossier.pk)


@citizen_required
def download(request, pk: int, file_id: int):
    dossier = own_dossier(request, pk)
    found = dossier.files.filter(pk=file_id).first()
    if found is None:
        raise Http404(_("No such file."))
    return downloads.stored_file(found, attachment=found.kind == DossierFile.Kind.RESULT)


@citizen_required
def notice(request, pk: int, notice_id: int):
    """An official form issued for the dossier (receipt, supplement request, refusal, apology,
    stop notice), as the print view or, with ``?pdf=1``, as a PDF."""
    dossier = own_dossier(request, pk)
    found = dossier.notices.filter(pk=notice_id).first()
    if found is None:
        raise Http404(_("No such form."))
    from motcua.documents import pdf
    from motcua.documents import render as papers

    if request.GET.get("pdf"):
        return downloads.pdf(pdf.notice_pdf(found), downloads.paper_name(dossier, found.form))
    return HttpResponse(papers.notice_html(found))
