"""Official forms as print views and PDFs, the tracking ledger, and the dossier's files —
each only for an officer who may see the dossier (or, for the ledger, works at the unit)."""

import datetime

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.core import downloads
from motcua.dossiers.timeliness import vn_date

from .. import queries
from .dossier import visible


def _papers():
    """The documents app (print views and PDFs), imported when first needed: WeasyPrint loads
    native libraries that the rest of the workspace does not need."""
    from motcua.documents import pdf, render

    return render, pdf


@login_required
def notice(request, pk: int, notice_id: int, fmt: str = "html"):
    dossier = visible(request.user, pk)
    found = next((n for n in dossier.notices.all() if n.pk == notice_id), None)
    if found is None:
        raise Http404(_("No such form."))
    papers, pdf = _papers()
    if fmt == "pdf":
        return downloads.pdf(pdf.notice_pdf(found), downloads.paper_name(dossier, found.form))
    return HttpResponse(papers.notice_html(found))


@login_required
def control_slip(request, pk: int, fmt: str = "html"):
    dossier = visible(request.user, pk)
    papers, pdf = _papers()
    if fmt == "pdf":
        return downloads.pdf(
            pdf.control_slip_pdf(dossier), downloads.paper_name(dossier, "phieu-kiem-soat")
        )
    return HttpResponse(papers.control_slip_html(dossier))


@login_required
def dossier_file(request, pk: int, file_id: int):
    dossier = visible(request.user, pk)
    found = next((f for f in dossier.files.all() if f.pk == file_id), None)
    if found is None:
        raise Http404(_("No such file."))
    return downloads.stored_file(found)


def _date(value: str | None, default: datetime.date) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value) if value else default
    except ValueError:
        return default


@login_required
def ledger(request):
    """The tracking ledger (sổ theo dõi hồ sơ) of one of the officer's units, for dates."""
    scope = queries.Scope.of(request.user)
    units = list(Agency.objects.filter(pk__in=sorted(scope.agencies)).order_by("code"))
    if not units:
        return render(request, "office/no_role.html", status=403)
    today = vn_date(timezone.now())
    date_from = _date(request.GET.get("from"), today.replace(day=1))
    date_to = _date(request.GET.get("to"), today)
    unit = get_object_or_404(Agency, pk=request.GET.get("unit") or units[0].pk)
    if unit.pk not in scope.agencies:
        raise Http404(_("No such unit."))
    fmt = request.GET.get("format", "")
    if date_from > date_to:
        error = _("The period ends before it starts.")
    else:
        error = ""
        kwargs = {"agency": unit, "date_from": date_from, "date_to": date_to}
        papers, pdf = _papers()
        if fmt == "pdf":
            return downloads.pdf(
                pdf.ledger_pdf(**kwargs), f"so-theo-doi-{unit.code}-{date_from}.pdf"
            )
        if fmt == "print":
            return HttpResponse(papers.ledger_html(**kwargs))
    return render(
        request,
        "office/ledger.html",
        {"units": units, "unit": unit, "date_from": date_from, "date_to": date_to, "error": error},
        status=400 if error else 200,
    )
