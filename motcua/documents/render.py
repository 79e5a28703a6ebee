"""The official forms as complete, standalone HTML documents (the print view; ``pdf.py`` turns
the same HTML into PDF).

* ``notice_html(notice)`` — a form that was issued (``Notice``): Forms 01–04 and the stop
  notice, rendered from ``notice.data`` only — the snapshot of what the applicant was given —
  plus the notice's own number and issue date. The template is chosen by ``notice.form``, the
  numbering ("Mẫu số …") by ``notice.form_set``.
* ``control_slip_html(dossier)`` — the control slip as it stands now, from
  ``motcua.dossiers.forms.control_slip``.
* ``ledger_html(agency=…, date_from=…, date_to=…)`` — the tracking ledger (``ledger.py``).

Documents are always rendered in Vietnamese (they are Vietnamese official documents, whatever
language the officer's screen uses). Which template serves which form: docs/forms.md.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from motcua.agencies.models import Agency
from motcua.dossiers import forms
from motcua.dossiers.models import Dossier, Notice

from . import wording
from .ledger import ledger_data
from .qr import public_status_url, qr_svg

NOTICE_TEMPLATES: dict[str, str] = {
    Notice.Form.RECEIPT: "documents/receipt.html",
    Notice.Form.SUPPLEMENT_REQUEST: "documents/supplement_request.html",
    Notice.Form.REFUSAL: "documents/refusal.html",
    Notice.Form.APOLOGY: "documents/apology.html",
    Notice.Form.STOP_NOTICE: "documents/stop_notice.html",
    Notice.Form.CONTROL_SLIP: "documents/control_slip.html",
}
LEDGER_TEMPLATE = "documents/ledger.html"
LEDGER_COLUMNS = 14

# "Nơi nhận" of the documents an agency sends to the applicant.
RECIPIENTS = ["Như trên;", "Lưu: VT, hồ sơ."]


def _render(template: str, context: dict) -> str:
    with translation.override("vi"):
        return render_to_string(template, context)


def _people(data: dict) -> dict:
    """The applicant (who submitted: the submitter, else the owner) and the dossier's owner."""
    parties = data.get("parties") or {}
    owner = parties.get("owner") or {}
    applicant = parties.get("submitter") or owner or parties.get("proxy") or {}
    return {
        "applicant": applicant,
        "owner": owner or applicant,
        "owner_differs": bool(owner) and owner.get("name") != applicant.get("name"),
    }


def _context(
    data: dict,
    *,
    form: str,
    form_set: str,
    form_number: str,
    issued_at: datetime.datetime | None = None,
    number: str = "",
) -> dict:
    return {
        "data": data,
        "form": form,
        "form_set": form_set,
        "form_number": form_number,
        "legal_basis": wording.LEGAL_BASIS.get(form_set, ""),
        "title": wording.title(form, form_set),
        "issuer": data.get("unit") or {},
        "issued_at": issued_at,
        "number": number,
        "public_base_url": settings.MOTCUA_PUBLIC_BASE_URL,
        "recipients": RECIPIENTS,
        **_people(data),
    }


def _receipt(context: dict) -> None:
    code = context["data"].get("code")
    if code:
        context["status_url"] = public_status_url(code)
        # segno writes the SVG itself and escapes the URL in its <title>.
        context["qr"] = mark_safe(qr_svg(context["status_url"]))


def _apology(context: dict) -> None:
    # The apology is sent by the agency that caused the delay.
    context["issuer"] = {"name": context["data"].get("cause_agency", "")}


def _control_slip(context: dict) -> None:
    """The hand-over rows as the form prints them: the first row's giver is the applicant."""
    rows = [dict(row) for row in context["data"].get("rows", [])]
    if rows and not rows[0].get("giver") and not rows[0].get("giver_agency"):
        # The first row is the reception: the applicant handed the dossier over.
        rows[0]["giver"] = context["applicant"].get("name", "")
        rows[0]["giver_agency"] = "người nộp hồ sơ"
    context["rows"] = rows


def coordinating_agencies(dossier: Dossier) -> list[str]:
    """Names of the agencies that hold control-slip rows of ``dossier`` without leading it
    (cơ quan phối hợp): neither the receiving unit, nor the competent agency, nor a unit under
    either of them. In the order of their first row."""
    leading = {dossier.receiving_unit_id, dossier.competent_agency_id}
    first_rows = {}
    for step in dossier.steps.select_related("agency__parent__parent__parent").order_by("sequence"):
        first_rows.setdefault(step.agency_id, step.agency)
    return [
        agency.name
        for agency in first_rows.values()
        if agency.pk not in leading and not leading.intersection(agency.ancestor_ids())
    ]


EXTRA_CONTEXT = {
    Notice.Form.RECEIPT: _receipt,
    Notice.Form.APOLOGY: _apology,
    Notice.Form.CONTROL_SLIP: _control_slip,
}


def _form_html(
    data: dict, *, form: str, form_set: str, form_number: str, coordinating=None, **notice
) -> str:
    try:
        template = NOTICE_TEMPLATES[form]
    except KeyError:
        raise ValueError(f"No template for the form {form!r}") from None
    context = _context(data, form=form, form_set=form_set, form_number=form_number, **notice)
    context["coordinating"] = coordinating
    if form in EXTRA_CONTEXT:
        EXTRA_CONTEXT[form](context)
    return _render(template, context)


def notice_html(notice: Notice) -> str:
    """The form ``notice`` issued, as it was issued (from its snapshot)."""
    data = notice.data or {}
    return _form_html(
        data,
        form=notice.form,
        form_set=notice.form_set,
        form_number=notice.form_number or data.get("form_number", ""),
        issued_at=notice.issued_at,
        number=notice.number,
    )


def control_slip_html(dossier: Dossier) -> str:
    """The control slip of ``dossier`` as it stands now (2018: Form 05; 2025: Form 06)."""
    prefetch_related_objects(
        [dossier],
        "receiving_unit",
        "competent_agency",
        "procedure_version__procedure",
        "case",
        "parties",
    )
    data = forms.control_slip(dossier)
    return _form_html(
        data,
        form=Notice.Form.CONTROL_SLIP,
        form_set=data["form_set"],
        form_number=data["form_number"],
        coordinating=coordinating_agencies(dossier),
    )


def ledger_html(
    *,
    agency: Agency,
    date_from: datetime.date,
    date_to: datetime.date,
    at: datetime.datetime | None = None,
    form_set: str | None = None,
) -> str:
    """The tracking ledger of the dossiers ``agency`` received from ``date_from`` to
    ``date_to`` (Vietnam days, both included); see ``ledger.py``."""
    data = ledger_data(
        agency=agency, date_from=date_from, date_to=date_to, at=at, form_set=form_set
    )
    context = _context(
        data, form="ledger", form_set=data["form_set"], form_number=data["form_number"]
    )
    context.update(
        rows=data["rows"],
        date_from=date_from,
        date_to=date_to,
        landscape=True,
        column_numbers=range(1, LEDGER_COLUMNS + 1),
    )
    return _render(LEDGER_TEMPLATE, context)
