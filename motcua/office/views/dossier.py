"""The dossier page and its actions.

The page shows the summary, the parties, the components, the files by kind (components,
supplements, result), the control slip as a timeline (each hop's budget, time used and
timeliness), each agency's share, the pauses, the forms issued and the history, and only the
actions this officer may take now. Each action has
its own page — the form and the confirmation — and a refused action says why and changes
nothing. A dossier the officer may not see answers 404, as if it did not exist.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.dossiers import services
from motcua.dossiers.deadlines import calendar_of
from motcua.dossiers.models import Dossier, DossierFile, DossierStep
from motcua.dossiers.selectors import visible_dossiers
from motcua.dossiers.shares import agency_shares, used_seconds

from .. import actions as office_actions
from .. import queries


def visible(user, pk: int) -> Dossier:
    """The dossier if ``user`` may see it; 404 otherwise (whether or not it exists)."""
    steps = DossierStep.objects.select_related("agency", "holder", "giver", "giver_agency")
    queryset = (
        visible_dossiers(user)
        .select_related(
            "procedure_version__procedure",
            "case",
            "receiving_unit",
            "competent_agency",
            "current_agency",
            "current_holder",
        )
        .prefetch_related(
            "parties",
            "components",
            Prefetch("files", queryset=DossierFile.objects.select_related("uploaded_by")),
            Prefetch("steps", queryset=steps.order_by("sequence")),
            "pauses",
            "notices",
            "events",
        )
    )
    try:
        return queryset.get(pk=pk)
    except Dossier.DoesNotExist:
        raise Http404(_("No such dossier.")) from None


@login_required
def detail(request, pk: int):
    dossier = visible(request.user, pk)
    now = timezone.now()
    calendar = calendar_of(dossier)
    steps = list(dossier.steps.all())
    for step in steps:
        step.used = used_seconds(calendar, step, now) / 3600
        step.budget = step.budget_seconds / 3600
        step.over = step.overrun_seconds / 3600
    shares = agency_shares(calendar, steps, at=now)
    for share in shares:
        share.budget_hours = share.budget_seconds / 3600
        share.used_hours = share.used_seconds / 3600
        share.overrun_hours = share.overrun_seconds / 3600
    scope = queries.Scope.of(request.user)
    soon = queries.soon_threshold(scope, now) if scope.agencies else now
    return render(
        request,
        "office/dossier.html",
        {
            "d": dossier,
            "steps": steps,
            "shares": shares,
            "badges": queries.badges(dossier, now=now, soon=soon),
            "actions": office_actions.allowed(dossier, request.user),
            "owner": next((p for p in dossier.parties.all() if p.kind == "owner"), None),
            "file_groups": file_groups(dossier),
        },
    )


FILE_GROUPS = {
    DossierFile.Kind.COMPONENT: gettext_lazy("Scans of the components"),
    DossierFile.Kind.SUPPLEMENT: gettext_lazy("Supplements from the applicant"),
    DossierFile.Kind.RESULT: gettext_lazy("Result"),
}


def file_groups(dossier: Dossier) -> list[tuple[str, str, list]]:
    """The dossier's files by kind — the components' scans, the applicant's supplements, the
    result — as (kind, label, files), leaving out the kinds without a file."""
    files = list(dossier.files.all())
    names = {c.pk: c.name for c in dossier.components.all()}
    for f in files:
        f.component_name = names.get(f.component_id, "")
    return [
        (kind, label, [f for f in files if f.kind == kind])
        for kind, label in FILE_GROUPS.items()
        if any(f.kind == kind for f in files)
    ]


@login_required
def act(request, pk: int, slug: str):
    action = office_actions.ACTIONS.get(slug)
    if action is None:
        raise Http404(_("No such action."))
    dossier = visible(request.user, pk)
    extra = office_actions.form_options(dossier, action)
    status = 200
    if request.method == "POST":
        form = action.form(request.POST, request.FILES, **extra)
        if form.is_valid():
            try:
                office_actions.perform(action, dossier, request.user, form.cleaned_data)
            except services.DossierError as exc:
                field = exc.field if exc.field in form.fields else None
                form.add_error(field, exc.message)
                status = exc.status if exc.status in (403, 409) else 400
            else:
                messages.success(request, _("Done: %(action)s.") % {"action": action.label})
                return redirect("office:dossier", pk=dossier.pk)
        else:
            status = 400
    else:
        form = action.form(**extra)
    allowed = action in office_actions.allowed(dossier, request.user)
    return render(
        request,
        "office/action.html",
        {"d": dossier, "action": action, "form": form, "allowed": allowed},
        status=status if allowed or request.method == "POST" else 403,
    )
