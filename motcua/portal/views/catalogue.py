"""The public face of the province: the home page, the catalogue of procedures and the page of a
procedure with everything it requires (Cổng dịch vụ công, domain.md §8.1).

Everything here is public and read-only. Only what is **in force today** (Vietnam's date) is
shown: a procedure is listed and described from the one version whose validity window contains
today, and a procedure without such a version answers 404, as does a form template that does
not belong to it. The search and its filters live in ``motcua.catalog.search`` (shared with the
counter); bad filter values are ignored with a message, never an error page.
"""

from __future__ import annotations

import os
from decimal import Decimal

from django import forms
from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from motcua.agencies.models import Agency
from motcua.catalog import search
from motcua.catalog.models import (
    GroupMember,
    Level,
    OnlineLevel,
    ProcedureAgency,
    ProcedureCase,
    ProcedureVersion,
    ProcessStep,
    RequiredComponent,
    TimeUnit,
)
from motcua.core import refdata
from motcua.dossiers.timeliness import vn_date

LEVELS = dict(Level.choices)
ONLINE_LEVELS = dict(OnlineLevel.choices)
UNITS = dict(TimeUnit.choices)
HOURS_PER_DAY = 8


def _today():
    return vn_date(timezone.now())


def _province() -> str | None:
    """The name of the province the portal serves: the top-level provincial People's Committee
    in existence today (the one with the most units under it, should a catalogue hold
    several)."""
    day = _today()

    def build():
        found = max(
            Agency.objects.active_on(day).filter(level=Level.PROVINCE, parent=None),
            key=lambda a: (a.kind == Agency.Kind.PEOPLES_COMMITTEE, a.children.count()),
            default=None,
        )
        return found.name if found else None

    return refdata.cached(("portal-province", day), build)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The home page: the province, a search box, tracking and online submission, the fields
    with their number of procedures, a few figures, and the way in for officers."""
    index = search.index(_today())
    return render(
        request,
        "portal/home.html",
        {
            "province": _province(),
            "procedure_count": index.count(),
            "full_count": index.count(OnlineLevel.FULL),
            "partial_count": index.count(OnlineLevel.PARTIAL),
            "fields": list(index.fields.values()),
            "online_full": OnlineLevel.FULL.value,
        },
    )


class CatalogueFilter(forms.Form):
    """The catalogue's search box and filters, all optional; the choices are those of the
    procedures in force, so a stale or forged value is reported and ignored."""

    q = forms.CharField(
        label=_("Procedure name, code or keyword"),
        help_text=_("Diacritics are optional: “dang ky khai sinh” finds “Đăng ký khai sinh”."),
        max_length=200,
        required=False,
        widget=forms.SearchInput,
    )
    field = forms.ChoiceField(label=_("Field"), required=False)
    agency = forms.ChoiceField(label=_("Agency"), required=False)
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("All levels")), *Level.choices]
    )
    online = forms.ChoiceField(
        label=_("Online service"),
        required=False,
        choices=[("", _("All online levels")), *OnlineLevel.choices],
    )

    def __init__(self, data, *, index: search.Index):
        super().__init__(data)
        self.fields["field"].choices = [("", _("All fields"))] + [
            (f.code, f"{f.name} ({f.count})") for f in index.fields.values()
        ]
        self.fields["agency"].choices = [("", _("All agencies"))] + [
            (a.code, a.name) for a in index.agencies.values()
        ]

    def criteria(self) -> dict[str, str]:
        """The valid criteria (an invalid one is left out: its error is shown)."""
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v}


@require_safe
def catalogue(request: HttpRequest) -> HttpResponse:
    """``/thu-tuc/?q=&field=&agency=&level=&online=&page=``: procedures in force today."""
    day = _today()
    form = CatalogueFilter(request.GET, index=search.index(day))
    criteria = form.criteria()
    query = criteria.pop("q", "")
    page = search.find_page(day, query, page=request.GET.get("page"), **criteria)
    rows = [
        {
            "listing": x,
            "levels": ", ".join(str(LEVELS.get(v, v)) for v in x.levels),
            "online": ONLINE_LEVELS.get(x.online_level, x.online_level),
        }
        for x in page.object_list
    ]
    return render(
        request,
        "portal/catalogue.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "searched": bool(query or criteria),
            "filtered": any(k in criteria for k in ("field", "agency", "level", "online")),
        },
    )


def _published(code: str) -> ProcedureVersion:
    """The version of ``code`` in force today with all it carries, or 404."""
    found = search.version_in_force(code, _today())
    if found is None:
        raise Http404
    steps = ProcessStep.objects.select_related("agency", "member_procedure")
    cases = ProcedureCase.objects.prefetch_related(
        "channels", "fees", "components", Prefetch("steps", steps)
    )
    return (
        ProcedureVersion.objects.select_related("procedure__field")
        .prefetch_related(
            Prefetch("agency_parts", ProcedureAgency.objects.select_related("agency")),
            Prefetch("members", GroupMember.objects.select_related("procedure")),
            "legal_bases",
            "results",
            Prefetch("cases", cases),
        )
        .get(pk=found.pk)
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _number(value: Decimal | None) -> Decimal | None:
    """``5.00`` → ``5``, ``0.50`` → ``0.5`` (the template localises the decimal mark)."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _vnd(amount: int) -> str:
    """``1000000`` → ``1.000.000`` in Vietnamese (``1,000,000`` in English): Vietnamese number
    formats define no grouping of their own, so it is done here."""
    return f"{amount:,}".replace(",", formats.get_format("THOUSAND_SEPARATOR"))


def _limit(value, unit: str) -> dict:
    return {"value": _number(value), "unit": unit, "unit_label": UNITS.get(unit, unit)}


def _case(version: ProcedureVersion, case: ProcedureCase) -> dict:
    """What the page says of one case: its limit, each channel with its own limit when it
    differs, fees, components, and the internal process with each step's budget."""
    own = _limit(case.time_limit, case.time_unit)
    channels = []
    for c in case.channels.all():
        limit = None
        if c.time_limit is not None or c.time_unit:
            mine = _limit(
                c.time_limit if c.time_limit is not None else case.time_limit,
                c.time_unit or case.time_unit,
            )
            if (mine["value"], mine["unit"]) != (own["value"], own["unit"]):
                limit = mine
        channels.append({"channel": c, "limit": limit})
    steps = [
        {
            "step": s,
            "hours": _number(s.budget_hours),
            "days": _number(s.budget_hours / HOURS_PER_DAY) if s.budget_hours >= 8 else None,
        }
        for s in case.steps.all()
    ]
    return {
        "case": case,
        "limit": own,
        "channels": channels,
        "fees": [{"fee": f, "amount": _vnd(f.amount)} for f in case.fees.all()],
        "components": list(case.components.all()),
        "steps": steps,
        "online": search.submittable_online(version, case),
    }


@require_safe
def procedure(request: HttpRequest, code: str) -> HttpResponse:
    """``/thu-tuc/<code>/``: a published procedure as in force today."""
    version = _published(code)
    parts = [
        (label, [p.agency for p in version.agency_parts.all() if p.part == value])
        for value, label in ProcedureAgency.Part.choices
    ]
    return render(
        request,
        "portal/procedure.html",
        {
            "version": version,
            "procedure": version.procedure,
            "levels": [LEVELS.get(v, v) for v in version.level_list],
            "applicant_types": _lines(version.applicant_types),
            "parts": [(label, agencies) for label, agencies in parts if agencies],
            "members": list(version.members.all()),
            "cases": [_case(version, c) for c in version.cases.all()],
        },
    )


@require_safe
def template(request: HttpRequest, code: str, component_id: int) -> FileResponse:
    """``/thu-tuc/<code>/mau/<id>/``: the form template of a required component of the version
    in force today, as a download. Anything else (another procedure's component, an expired
    version, no file, a file gone from storage) is 404."""
    version = search.version_in_force(code, _today())
    if version is None:
        raise Http404
    component = (
        RequiredComponent.objects.filter(pk=component_id, case__version=version)
        .exclude(template_file="")
        .first()
    )
    if component is None:
        raise Http404
    name = component.template_file.name
    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=os.path.basename(name))
