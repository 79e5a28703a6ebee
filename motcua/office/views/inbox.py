"""The inbox: the officer's dossiers, the unit's, and the counter's queue of online dossiers,
most urgent first, with badges, filters and keyset pages."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from motcua.agencies.models import Role
from motcua.catalog.models import Channel
from motcua.dossiers import paging
from motcua.dossiers.states import State

from .. import queries

PAGE = 25


def _filtered(queryset, request, *, now, soon):
    chosen = {}
    procedure = request.GET.get("procedure", "").strip()
    if procedure:
        queryset = queryset.filter(procedure_version__procedure__code=procedure)
        chosen["procedure"] = procedure
    state = request.GET.get("state", "")
    if state in State.values:
        queryset = queryset.filter(state=state)
        chosen["state"] = state
    channel = request.GET.get("channel", "")
    if channel in Channel.values:
        queryset = queryset.filter(channel=channel)
        chosen["channel"] = channel
    badge = request.GET.get("badge", "")
    if badge in ("overdue", "soon", "paused"):
        queryset = queryset.filter(queries.badge_filter(badge, now=now, soon=soon))
        chosen["badge"] = badge
    return queryset, chosen


@login_required
def inbox(request):
    scope = queries.Scope.of(request.user)
    if not scope.agencies:
        return render(request, "office/no_role.html", status=403)
    now = queries.now()
    soon = queries.soon_threshold(scope, now)
    lists = {"mine": queries.mine(request.user, scope), "unit": queries.units(scope)}
    if scope.holds(Role.COUNTER_OFFICER):
        lists["counter"] = queries.counter_queue(scope)
    tab = request.GET.get("tab", "")
    if tab not in lists:
        tab = "counter" if "counter" in lists and not lists["mine"].exists() else "mine"
    queryset, chosen = _filtered(lists[tab], request, now=now, soon=soon)
    queryset = queryset.select_related(
        "procedure_version__procedure", "receiving_unit", "current_agency", "current_holder"
    ).prefetch_related("parties")
    error = ""
    try:
        rows, following = paging.page(queryset, cursor=request.GET.get("after"), limit=PAGE)
    except paging.BadCursor:
        rows, following = paging.page(queryset, cursor=None, limit=PAGE)
        error = _("This page link is no longer valid: showing the first page.")
    for d in rows:
        d.badges = queries.badges(d, now=now, soon=soon)
        d.owner = next((p for p in d.parties.all() if p.kind == "owner"), None)
    counts = {name: qs.count() for name, qs in lists.items()}
    return render(
        request,
        "office/inbox.html",
        {
            "tab": tab,
            "counts": counts,
            "rows": rows,
            "next_cursor": following,
            "total": queryset.count() if chosen else counts[tab],
            "chosen": chosen,
            "states": State.choices,
            "channels": Channel.choices,
            "error": error,
        },
    )
