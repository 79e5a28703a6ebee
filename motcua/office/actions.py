"""The actions an officer can take on a dossier page, one form each.

Each row of ``ACTIONS`` names the URL slug, the transition (``dossiers.states.TRANSITIONS``),
its Vietnamese label, the form that asks what the service needs, and how the cleaned form
becomes the service's keyword arguments. The form only shapes input; the service decides
(state, role, the rules of the law) and refuses with a :class:`DossierError` that the page
shows — nothing is written then.

An action may carry a file: finishing a dossier stores the result (kết quả) that the applicant
downloads in the portal. The file is checked (type from its content, size) before anything
else, and stored in the transaction of the service, so a refused file — or a refused action —
changes nothing. When the applicant receives the result online the file is expected.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import RoleAssignment
from motcua.agencies.territory import successor_on
from motcua.catalog.models import Channel, OnlineLevel
from motcua.core.people import full_name
from motcua.dossiers import attachments, services
from motcua.dossiers.models import Dossier, DossierFile, ReturnMethod
from motcua.dossiers.plans import plan_for
from motcua.dossiers.services.base import agency_chain, open_rows, step_agency
from motcua.dossiers.states import TRANSITIONS
from motcua.dossiers.timeliness import vn_date
from motcua.workcalendar.clock import VN_TZ


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea)


class ItemsForm(ReasonForm):
    items = forms.CharField(
        label=_("Missing or incorrect items (one per line)"), widget=forms.Textarea
    )

    def clean_items(self) -> list[str]:
        items = [line.strip() for line in self.cleaned_data["items"].splitlines() if line.strip()]
        if not items:
            raise forms.ValidationError(_("List the missing items."))
        return items


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=1000, required=False, widget=forms.Textarea)


class HandOverForm(NoteForm):
    """Forward or assign: the officer who receives the next step, among those who may."""

    to_user = forms.TypedChoiceField(label=_("Receiving officer"), coerce=int, required=False)

    def __init__(self, *args, officers=(), required=False, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["to_user"]
        field.required = required
        field.choices = [("", _("— any officer of the unit —"))] if not required else []
        field.choices += [(u.pk, label) for u, label in officers]


class ApologyForm(ReasonForm):
    new_date = forms.DateField(
        label=_("New appointment: date"), widget=forms.DateInput({"type": "date"})
    )
    new_time = forms.TimeField(
        label=_("New appointment: time"),
        initial=datetime.time(16, 30),
        widget=forms.TimeInput({"type": "time"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("new_date") and data.get("new_time"):
            data["new_appointment"] = datetime.datetime.combine(
                data["new_date"], data["new_time"], tzinfo=VN_TZ
            )
        return data


class FinishForm(forms.Form):
    result_kind = forms.ChoiceField(
        label=_("Result"),
        choices=[
            ("result", _("A result document was signed")),
            ("ineligible", _("Notice that the dossier is not eligible")),
        ],
        widget=forms.RadioSelect,
        initial="result",
    )
    result_number = forms.CharField(label=_("Document number"), max_length=64, required=False)
    result_signer = forms.CharField(label=_("Signed by"), max_length=255, required=False)
    result_date = forms.DateField(
        label=_("Date signed"), required=False, widget=forms.DateInput({"type": "date"})
    )
    summary = forms.CharField(
        label=_("Summary or reason"), max_length=500, required=False, widget=forms.Textarea
    )
    result_file = forms.FileField(
        label=_("Result file (PDF, JPEG or PNG)"),
        required=False,
        widget=forms.ClearableFileInput({"accept": "application/pdf,image/jpeg,image/png"}),
    )

    def __init__(self, *args, expects_file: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.expects_file = expects_file
        limit = settings.MOTCUA_UPLOAD_MAX_BYTES // (1024 * 1024)
        self.fields["result_file"].help_text = (
            _("Expected: the applicant receives the result online (at most %(mb)d MB).")
            if expects_file
            else _("Optional: the applicant can then download it online (at most %(mb)d MB).")
        ) % {"mb": limit}

    def clean(self):
        data = super().clean()
        if (
            self.expects_file
            and data.get("result_kind") == "result"
            and not data.get("result_file")
        ):
            self.add_error(
                "result_file",
                _("The applicant receives the result online: attach the result file."),
            )
        return data


class ReturnResultForm(forms.Form):
    method = forms.ChoiceField(label=_("Returned"), choices=ReturnMethod.choices)
    received_by = forms.CharField(label=_("Received by"), max_length=255, required=False)


class ConfirmForm(forms.Form):
    """No fields: the page itself is the confirmation."""


def _reason(data, dossier) -> dict:
    return {"reason": data["reason"]}


def _items(data, dossier) -> dict:
    return {"reason": data["reason"], "items": data["items"]}


def _hand_over(data, dossier) -> dict:
    return {"to_user": data.get("to_user") or None, "note": data.get("note", "")}


def _apology(data, dossier) -> dict:
    return {"reason": data["reason"], "new_appointment": data.get("new_appointment")}


def _all(data, dossier) -> dict:
    return dict(data)


def _finish(data, dossier) -> dict:
    return {k: v for k, v in data.items() if k != "result_file"}


def _nothing(data, dossier) -> dict:
    return {}


@dataclass(frozen=True)
class Action:
    slug: str
    transition: str
    label: str
    form: type[forms.Form]
    service: Callable
    to_kwargs: Callable[[dict, Dossier], dict]
    danger: bool = False  # shown apart: refusing, stopping, withdrawing
    upload: str = ""  # the form's file field stored with the action (``DossierFile.Kind``)
    upload_kind: str = ""


ACTIONS: dict[str, Action] = {
    a.slug: a
    for a in [
        Action(
            "tiep-nhan", "receive", _("Receive (Form 01)"), ConfirmForm, services.receive, _nothing
        ),
        Action(
            "yeu-cau-bo-sung-tiep-nhan",
            "request_completion",
            _("Ask to complete (Form 02)"),
            ItemsForm,
            services.request_completion,
            _items,
        ),
        Action(
            "tu-choi", "refuse", _("Refuse (Form 03)"), ReasonForm, services.refuse, _reason, True
        ),
        Action("phan-cong", "assign", _("Assign"), HandOverForm, services.assign, _hand_over),
        Action(
            "chuyen",
            "forward",
            _("Forward to the next step"),
            HandOverForm,
            services.forward,
            _hand_over,
        ),
        Action(
            "tra-lai",
            "return_to_previous",
            _("Return to the previous step"),
            ReasonForm,
            services.return_to_previous,
            _reason,
        ),
        Action(
            "yeu-cau-bo-sung",
            "request_supplement",
            _("Request a supplement (Form 02)"),
            ItemsForm,
            services.request_supplement,
            _items,
        ),
        Action(
            "nhan-bo-sung",
            "receive_supplement",
            _("Supplement received"),
            ConfirmForm,
            services.receive_supplement,
            _nothing,
        ),
        Action(
            "nghia-vu-tai-chinh",
            "request_payment",
            _("Financial obligation"),
            ReasonForm,
            services.request_payment,
            _reason,
        ),
        Action(
            "da-nop",
            "confirm_payment",
            _("Obligation paid"),
            ConfirmForm,
            services.confirm_payment,
            _nothing,
        ),
        Action("tam-dung", "stop", _("Stop processing"), ReasonForm, services.stop, _reason, True),
        Action(
            "tiep-tuc", "resume", _("Resume processing"), ConfirmForm, services.resume, _nothing
        ),
        Action(
            "xin-loi",
            "apologise",
            _("Apologise with a new appointment (Form 04)"),
            ApologyForm,
            services.apologise,
            _apology,
        ),
        Action(
            "hoan-thanh",
            "finish",
            _("Finish: result ready"),
            FinishForm,
            services.finish,
            _finish,
            upload="result_file",
            upload_kind=DossierFile.Kind.RESULT,
        ),
        Action(
            "tra-ket-qua",
            "return_result",
            _("Return the result"),
            ReturnResultForm,
            services.return_result,
            _all,
        ),
        Action(
            "rut",
            "withdraw",
            _("Withdrawal by the applicant"),
            ReasonForm,
            services.withdraw,
            _reason,
            True,
        ),
    ]
}


def result_file_expected(dossier: Dossier) -> bool:
    """Whether the applicant receives the result online, so finishing must attach it: they
    asked for it online, or the dossier came online for a full-online procedure (toàn trình)
    and no other way of return was asked for."""
    if dossier.return_method == ReturnMethod.ONLINE:
        return True
    return (
        not dossier.return_method
        and dossier.channel == Channel.ONLINE
        and dossier.procedure_version.online_level == OnlineLevel.FULL
    )


def form_options(dossier: Dossier, action: Action) -> dict:
    """The keyword arguments the action's form needs for this dossier."""
    if action.form is HandOverForm:
        return {
            "officers": receivers(dossier, action),
            "required": action.transition == "assign",
        }
    if action.form is FinishForm:
        return {"expects_file": result_file_expected(dossier)}
    return {}


def perform(action: Action, dossier: Dossier, user, data: dict) -> Dossier:
    """Run the action's service for ``user``. A file the action carries is checked first (a
    refused file raises :class:`DossierError` before anything is written), then stored in the
    same transaction as the service: if either is refused, neither happens."""
    actor = services.Actor.officer(user)
    kwargs = action.to_kwargs(data, dossier)
    upload = data.get(action.upload) if action.upload else None
    if upload is None:
        return action.service(dossier_id=dossier.pk, actor=actor, **kwargs)
    content_type = attachments.check_upload(upload, field=action.upload)
    with transaction.atomic():
        done = action.service(dossier_id=dossier.pk, actor=actor, **kwargs)
        attachments.attach(
            done, upload, content_type=content_type, user=user, kind=action.upload_kind
        )
    return done


def allowed(dossier: Dossier, user) -> list[Action]:
    """The actions this officer may take on the dossier now (state and role), in table order."""
    actor = services.Actor.officer(user)
    out = []
    for action in ACTIONS.values():
        try:
            services.base.check_allowed(dossier, TRANSITIONS[action.transition], actor)
        except services.DossierError:
            continue
        finally:
            dossier.__dict__.pop("_acting_step", None)
        out.append(action)
    return out


def receivers(dossier: Dossier, action: Action) -> list[tuple]:
    """Officers who may receive the next step of a forward or an assignment: they hold the
    step's role at its agency or above."""
    if action.transition not in ("forward", "assign"):
        return []
    rows = open_rows(dossier)
    if not rows:
        return []
    plan = plan_for(dossier.case_id)
    later = sorted({s.stage for s in plan.steps if s.stage > rows[0].stage})
    if not later:
        return []
    at = timezone.now()
    wanted = set()
    for step in plan.stage_steps(later[0]):
        agency = successor_on(step_agency(dossier, step, at), vn_date(at))
        wanted.update((step.role, pk) for pk in agency_chain(agency))
    assignments = RoleAssignment.objects.filter(
        is_active=True, role__in={r for r, _ in wanted}, agency_id__in={a for _, a in wanted}
    ).values_list("role", "agency_id", "user_id")
    user_ids = {user_id for role, agency_id, user_id in assignments if (role, agency_id) in wanted}
    users = get_user_model().objects.filter(pk__in=user_ids, is_active=True).order_by("username")
    return [(u, f"{full_name(u)} ({u.username})") for u in users]
