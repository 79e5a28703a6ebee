"""What only the citizen portal keeps: citizens' profiles, drafts of online dossiers with their
uploads, and the failed status lookups that the rate limit counts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency
from motcua.catalog.models import ProcedureCase, RequiredComponent
from motcua.dossiers.models import private_files


class CitizenProfile(models.Model):
    """A citizen's portal account (the user's ``username`` is the e-mail or phone they sign in
    with). ``oidc_subject`` is kept for the national single sign-on (VNeID / Cổng DVCQG) that can
    later link to the same account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="citizen"
    )
    phone = models.CharField(_("phone"), max_length=16, unique=True, null=True, blank=True)
    id_number = models.CharField(_("ID number"), max_length=32, blank=True)
    address = models.CharField(_("address"), max_length=500, blank=True)
    oidc_subject = models.CharField(
        _("single sign-on subject"), max_length=255, unique=True, null=True, blank=True
    )
    consent_at = models.DateTimeField(
        _("consented to data processing at"),
        null=True,
        blank=True,
        help_text=_("When the citizen consented to the processing of personal data (ND 13/2023)."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("citizen account")
        verbose_name_plural = _("citizen accounts")

    def __str__(self) -> str:
        return self.user.get_username()


class Draft(models.Model):
    """An online dossier being prepared: the case, where it goes, the applicant's details and
    e-form answers, and the files uploaded so far. Submitting it creates the dossier."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portal_drafts"
    )
    case = models.ForeignKey(ProcedureCase, on_delete=models.CASCADE, related_name="+")
    receiving_unit = models.ForeignKey(
        Agency, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("draft dossier")
        verbose_name_plural = _("draft dossiers")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.case_id}"


def _draft_path(instance: DraftFile, filename: str) -> str:
    return f"drafts/{instance.draft_id}/{instance.sha256[:16]}-{filename[-80:]}"


class DraftFile(models.Model):
    """A file uploaded for one required component of a draft (checked as the dossier's files)."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="files")
    required = models.ForeignKey(RequiredComponent, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(storage=private_files, upload_to=_draft_path, max_length=255)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["draft", "id"]

    def __str__(self) -> str:
        return self.name


class LookupFailure(models.Model):
    """A wrong guess at the public status lookup, counted by key (a hash of the address, or of
    the dossier code) over a sliding window to refuse further guesses for a while."""

    key = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["key", "at"])]

    def __str__(self) -> str:
        return f"{self.key[:8]} {self.at:%Y-%m-%d %H:%M}"
