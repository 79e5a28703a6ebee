"""Preparing an online dossier: the draft, its uploads, and its submission.

A draft keeps what the citizen typed (the owner's details and the e-form, as typed, so nothing
is lost when they come back) and the files accepted so far, one or more per required component.
Files are checked from their content (PDF, JPEG or PNG; size limit) before anything is stored.
Submitting checks everything again on the server, then in one transaction registers the dossier
through the service layer (state *submitted*, national status 1: it waits for the counter's
decision), moves the files onto it and deletes the draft.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog import search
from motcua.catalog.models import Channel, ProcedureCase, RequiredComponent
from motcua.dossiers.attachments import check_upload, sha256_of
from motcua.dossiers.models import Dossier, DossierFile
from motcua.dossiers.services import Actor, Application, ComponentIn, DossierError, PartyIn
from motcua.dossiers.services import submit as submit_dossier
from motcua.dossiers.timeliness import vn_date

from . import eforms
from .forms import ApplicantForm, raw_applicant
from .models import Draft, DraftFile
from .places import receiving_options

MAX_FILES_PER_COMPONENT = 10


def start(*, user, case: ProcedureCase, receiving_unit_id: int | None) -> Draft:
    """A new draft for ``case``, to be received at one of the units that may receive it."""
    if not search.submittable_online(case.version, case):
        raise DossierError(
            "invalid_input", _("This case cannot be submitted online."), field="case"
        )
    options = {
        unit.pk: unit for unit, _competent in receiving_options(case.pk, vn_date(timezone.now()))
    }
    if receiving_unit_id is None and len(options) == 1:
        receiving_unit_id = next(iter(options))
    if receiving_unit_id not in options:
        raise DossierError(
            "invalid_input", _("Choose where to submit the dossier."), field="receiving_unit"
        )
    return Draft.objects.create(user=user, case=case, receiving_unit=options[receiving_unit_id])


def save_input(draft: Draft, data) -> None:
    """Keep what was typed (checked only on submission)."""
    fields = eforms.definitions(draft.case_id)
    draft.data = {"applicant": raw_applicant(data), "eform": eforms.raw_input(data, fields)}
    draft.save(update_fields=["data", "updated_at"])


def components(draft: Draft) -> list[tuple[RequiredComponent, list[DraftFile]]]:
    """The case's required components with the files uploaded for each."""
    files = list(draft.files.all())
    return [
        (required, [f for f in files if f.required_id == required.pk])
        for required in draft.case.components.order_by("position")
    ]


def add_files(draft: Draft, uploads: dict[int, list[UploadedFile]]) -> list[str]:
    """Store the accepted uploads (by required component id); the refused ones are named in the
    returned messages and leave no trace."""
    errors: list[str] = []
    by_id = {required.pk: (required, files) for required, files in components(draft)}
    for required_id, files in uploads.items():
        if required_id not in by_id:
            errors.append(_("A file was sent for a component this procedure does not have."))
            continue
        required, kept = by_id[required_id]
        for upload in files:
            if len(kept) >= MAX_FILES_PER_COMPONENT:
                errors.append(
                    _("At most %(count)d files per component.") % {"count": MAX_FILES_PER_COMPONENT}
                )
                break
            try:
                content_type = check_upload(upload)
            except DossierError as refused:
                errors.append(refused.message)
                continue
            kept.append(_store(draft, required, upload, content_type))
    return errors


def _store(draft, required, upload: UploadedFile, content_type: str) -> DraftFile:
    record = DraftFile(
        draft=draft,
        required=required,
        name=upload.name[-255:],
        content_type=content_type,
        size=upload.size,
        sha256=sha256_of(upload),
    )
    record.file.save(upload.name, upload, save=False)
    record.save()
    return record


def remove_file(draft: Draft, file_id: int) -> bool:
    found = draft.files.filter(pk=file_id).first()
    if found is None:
        return False
    name = found.file.name
    storage = found.file.storage
    found.delete()
    transaction.on_commit(lambda: storage.delete(name))
    return True


def discard(draft: Draft) -> None:
    """Delete the draft and its files."""
    stored = [(f.file.storage, f.file.name) for f in draft.files.all()]
    draft.delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in stored])


@dataclass
class Check:
    """The draft checked as it would be submitted: the bound forms and what is missing."""

    applicant: ApplicantForm
    eform: object
    missing: list[RequiredComponent]

    @property
    def ok(self) -> bool:
        return self.applicant.is_valid() and self.eform.is_valid() and not self.missing


def check(draft: Draft) -> Check:
    data = draft.data or {}
    applicant = ApplicantForm(data=data.get("applicant", {}))
    eform = eforms.form_for(eforms.definitions(draft.case_id), data=data.get("eform", {}))
    missing = [r for r, files in components(draft) if r.mandatory and not files]
    return Check(applicant=applicant, eform=eform, missing=missing)


def submit(draft: Draft) -> Dossier:
    """Register the dossier from a complete draft (``DossierError`` if it is not)."""
    checked = check(draft)
    if not checked.ok:
        raise DossierError("invalid_input", _("The dossier is not complete yet."))
    owner = checked.applicant.cleaned_data
    parts = components(draft)
    procedure = draft.case.version.procedure
    application = Application(
        case=draft.case,
        channel=Channel.ONLINE,
        receiving_unit=draft.receiving_unit,
        parties=[
            PartyIn(
                kind="owner",
                name=owner["name"],
                id_type=owner["id_type"],
                id_number=owner["id_number"],
                address=owner["address"],
                phone=owner["phone"],
                email=owner["email"],
            )
        ],
        subject=f"{procedure.name} — {owner['name']}",
        components=[
            ComponentIn(name=required.name, required_id=required.pk, digitisation=1)
            for required, files in parts
            if files
        ],
        return_method=owner["return_method"],
        form_data=eforms.answers(checked.eform),
    )
    written: list[tuple] = []
    try:
        with transaction.atomic():
            dossier = submit_dossier(application=application, actor=Actor.citizen(draft.user))
            rows = {c.required_id: c for c in dossier.components.all()}
            for required, files in parts:
                for draft_file in files:
                    written.append(_move(dossier, rows[required.pk], draft_file))
            discard(draft)
    except Exception:
        for storage, name in written:
            storage.delete(name)
        raise
    return dossier


def _move(dossier: Dossier, component, draft_file: DraftFile) -> tuple:
    record = DossierFile(
        dossier=dossier,
        component=component,
        kind=DossierFile.Kind.COMPONENT,
        name=draft_file.name,
        content_type=draft_file.content_type,
        size=draft_file.size,
        sha256=draft_file.sha256,
        uploaded_at=timezone.now(),
        uploaded_by=dossier.applicant_user,
    )
    with draft_file.file.open("rb") as handle:
        record.file.save(draft_file.name, File(handle), save=False)
    record.save()
    return record.file.storage, record.file.name
