"""The counter (quầy tiếp nhận): find the procedure, fill the reception form, decide.

Scans are checked (type from content, size) before anything is written; the dossier, its
form and its files are written in one transaction, or nothing is.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency, Role, RoleAssignment
from motcua.catalog.models import ProcedureCase
from motcua.dossiers import attachments, services
from motcua.dossiers.plans import plan_for
from motcua.dossiers.timeliness import vn_date

from ..counter import ReceptionForm, search


def counter_units(user) -> list[Agency]:
    ids = RoleAssignment.objects.filter(
        user=user, is_active=True, role=Role.COUNTER_OFFICER
    ).values_list("agency_id", flat=True)
    return list(Agency.objects.filter(pk__in=list(ids)).order_by("code"))


@login_required
def find(request):
    units = counter_units(request.user)
    if not units:
        return render(
            request, "office/no_role.html", {"role": Role.COUNTER_OFFICER.label}, status=403
        )
    query = request.GET.get("q", "")
    today = vn_date(timezone.now())
    return render(
        request,
        "office/counter_search.html",
        {"q": query, "results": search(query, today) if query.strip() else None},
    )


def _application(form, plan, units_by_pk, deciders_by_pk) -> services.Application:
    data = form.cleaned_data
    parties = [
        services.PartyIn(
            kind="owner",
            name=data["owner_name"],
            id_type=data["owner_id_type"],
            id_number=data["owner_id_number"],
            address=data["owner_address"],
            phone=data["owner_phone"],
            email=data["owner_email"],
        )
    ]
    if data["submitter_name"].strip():
        parties.append(
            services.PartyIn(
                kind="submitter", name=data["submitter_name"], phone=data["submitter_phone"]
            )
        )
    if data["proxy_name"].strip():
        parties.append(
            services.PartyIn(
                kind="proxy",
                name=data["proxy_name"],
                id_type="cccd" if data["proxy_id_number"].strip() else "",
                id_number=data["proxy_id_number"],
                phone=data["proxy_phone"],
            )
        )
    components = [
        services.ComponentIn(
            name=c.name,
            originals=data[f"c{c.pk}_originals"],
            copies=data[f"c{c.pk}_copies"],
            required_id=c.pk,
            digitisation=1 if data.get(f"c{c.pk}_file") else 0,
        )
        for c in form.components
        if data.get(f"c{c.pk}_received")
    ]
    return services.Application(
        case=plan.case,
        channel=data["channel"],
        receiving_unit=units_by_pk[data["receiving_unit"]],
        competent_agency=deciders_by_pk.get(data["competent_agency"]),
        parties=parties,
        subject=data["subject"],
        components=components,
        return_method=data["return_method"],
    )


def _decide(request, form, plan, application, scans):
    """Register and decide in one transaction; the files are stored with the dossier."""
    actor = services.Actor.officer(request.user)
    data = form.cleaned_data
    with transaction.atomic():
        if data["decision"] == "receive":
            dossier = services.receive_at_counter(application=application, actor=actor)
        else:
            dossier = services.submit(application=application, actor=actor)
            if data["decision"] == "supplement":
                dossier = services.request_completion(
                    dossier_id=dossier.pk, actor=actor, reason=data["reason"], items=data["items"]
                )
            else:
                dossier = services.refuse(dossier_id=dossier.pk, actor=actor, reason=data["reason"])
        by_required = {c.required_id: c for c in dossier.components.all()}
        for required_id, (upload, kind) in scans.items():
            attachments.attach(
                dossier,
                upload,
                content_type=kind,
                component=by_required.get(required_id),
                user=request.user,
            )
    return dossier


@login_required
def reception(request, case_id: int):
    units = counter_units(request.user)
    if not units:
        return render(
            request, "office/no_role.html", {"role": Role.COUNTER_OFFICER.label}, status=403
        )
    if not ProcedureCase.objects.filter(pk=case_id).exists():
        raise Http404(_("No such procedure case."))
    plan = plan_for(case_id)
    deciders = list(plan.deciders) if len(plan.deciders) > 1 else []
    kwargs = {"plan": plan, "units": units, "deciders": deciders}
    status = 200
    if request.method == "POST":
        form = ReceptionForm(request.POST, request.FILES, **kwargs)
        scans = {}
        if form.is_valid():
            for c in form.components:
                upload = form.cleaned_data.get(f"c{c.pk}_file")
                if upload is None:
                    continue
                try:
                    scans[c.pk] = (upload, attachments.check_upload(upload))
                except services.DossierError as exc:
                    form.add_error(f"c{c.pk}_file", exc.message)
        if form.is_valid():
            application = _application(
                form, plan, {u.pk: u for u in units}, {a.pk: a for a in deciders}
            )
            try:
                dossier = _decide(request, form, plan, application, scans)
            except services.DossierError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(
                    request,
                    _("Dossier %(code)s: %(state)s.")
                    % {
                        "code": dossier.code or f"#{dossier.pk}",
                        "state": dossier.get_state_display(),
                    },
                )
                return redirect("office:dossier", pk=dossier.pk)
        status = 400
    else:
        form = ReceptionForm(**kwargs)
    return render(
        request,
        "office/counter_form.html",
        {"form": form, "plan": plan, "version": plan.version},
        status=status,
    )
