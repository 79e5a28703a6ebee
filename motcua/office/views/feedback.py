"""Citizens' feedback and recommendations (phản ánh, kiến nghị) in the staff workspace.

The list shows the feedback addressed to the agencies the officer covers (where they hold a
role, and every agency below: ``queries.Scope``), waiting first — oldest first, the answer is due
within ``MOTCUA_FEEDBACK_ANSWER_WORKING_DAYS`` working days — then the answered ones, with the
counts of each.
A feedback outside the officer's agencies answers 404, as if it did not exist.

Who answers: an officer holding a handling role at the feedback's agency or above it
(``feedback.services.may_answer``). Supervisors and administrators see the feedback of their
agencies — supervision follows how feedback is handled — but the answer form is not offered to
them, and a POST is refused with 403, unless they also hold a handling role there.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.dossiers.selectors import visible_dossiers
from motcua.dossiers.services import DossierError
from motcua.feedback import services
from motcua.feedback.models import Feedback

from .. import queries

PAGE = 25
STATUSES = ("waiting", "answered", "all")


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=gettext_lazy("Answer"),
        max_length=services.ANSWER_MAX,
        widget=forms.Textarea({"rows": 8}),
        help_text=gettext_lazy("Sent to the citizen by e-mail and shown in the portal."),
    )


def _in_scope(user):
    scope = queries.Scope.of(user)
    return scope, Feedback.objects.filter(agency_id__in=sorted(scope.agencies))


@login_required
def feedback_list(request):
    scope, mine = _in_scope(request.user)
    if not scope.agencies:
        return render(request, "office/no_role.html", status=403)
    counts = mine.aggregate(
        waiting=Count("pk", filter=Q(answered_at=None)),
        answered=Count("pk", filter=Q(answered_at__isnull=False)),
        all=Count("pk"),
    )
    status = request.GET.get("status", "waiting")
    if status not in STATUSES:
        status = "waiting"
    shown = mine
    if status == "waiting":
        shown = mine.filter(answered_at=None)
    elif status == "answered":
        shown = mine.filter(answered_at__isnull=False)
    shown = shown.select_related("agency", "author", "dossier", "procedure").order_by(
        F("answered_at").desc(nulls_first=True), "created_at", "pk"
    )
    page = Paginator(shown, PAGE).get_page(request.GET.get("page"))
    now = timezone.now()
    for f in page.object_list:
        f.due = services.answer_due(f) if f.answered_at is None else None
        f.overdue = f.due is not None and now > f.due
    return render(
        request,
        "office/feedback_list.html",
        {"page": page, "counts": counts, "status": status},
    )


@login_required
def feedback_detail(request, pk: int):
    _scope, mine = _in_scope(request.user)
    feedback = (
        mine.select_related("agency", "author", "dossier", "procedure", "answered_by")
        .filter(pk=pk)
        .first()
    )
    if feedback is None:
        raise Http404(_("No such feedback."))
    may_answer = services.may_answer(request.user, feedback)
    status = 200
    form = None
    if request.method == "POST":
        form = AnswerForm(request.POST)
        if not may_answer:
            form.add_error(
                None, _("You can read this feedback but not answer it in the agency's name.")
            )
            status = 403
        elif form.is_valid():
            try:
                services.answer_feedback(
                    feedback_id=feedback.pk,
                    officer=request.user,
                    answer=form.cleaned_data["answer"],
                )
            except DossierError as exc:
                form.add_error("answer" if exc.field == "answer" else None, exc.message)
                status = exc.status if exc.status in (403, 409) else 400
            else:
                messages.success(request, _("Your answer was sent to the citizen."))
                return redirect("office:feedback-detail", pk=feedback.pk)
        else:
            status = 400
    elif may_answer and feedback.answered_at is None:
        form = AnswerForm()
    dossier_visible = (
        feedback.dossier_id is not None
        and visible_dossiers(request.user).filter(pk=feedback.dossier_id).exists()
    )
    due = services.answer_due(feedback) if feedback.answered_at is None else None
    return render(
        request,
        "office/feedback_detail.html",
        {
            "f": feedback,
            "form": form,
            "may_answer": may_answer,
            "dossier_visible": dossier_visible,
            "due": due,
            "overdue": due is not None and timezone.now() > due,
            "contact": _contact(feedback.author),
        },
        status=status,
    )


def _contact(user) -> str:
    """How to reach the author: the account's e-mail, else its phone (portal profile)."""
    if user.email:
        return user.email
    profile = getattr(user, "citizen", None)
    return getattr(profile, "phone", None) or ""
