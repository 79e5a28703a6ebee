"""Feedback and recommendations (phản ánh, kiến nghị — PAKN) from citizens.

A citizen sends feedback about one of their dossiers or about a procedure; the agency that must
answer is the dossier's receiving unit, or the agency the citizen chose for a procedure. Officers
of that agency (or above it) see it in the staff workspace and answer it once; the citizen reads
the answer in the portal and gets it by e-mail.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency
from motcua.catalog.models import Procedure
from motcua.dossiers.models import Dossier


class Feedback(models.Model):
    class Kind(models.TextChoices):
        FEEDBACK = "feedback", _("Feedback (phản ánh)")
        RECOMMENDATION = "recommendation", _("Recommendation (kiến nghị)")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="feedback",
    )
    dossier = models.ForeignKey(
        Dossier,
        verbose_name=_("dossier"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    procedure = models.ForeignKey(
        Procedure,
        verbose_name=_("procedure"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency that answers"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("content"), max_length=5000)
    created_at = models.DateTimeField(_("sent at"))
    answer = models.TextField(_("answer"), blank=True, max_length=5000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("feedback or recommendation")
        verbose_name_plural = _("feedback and recommendations")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["agency", "answered_at"])]

    def __str__(self) -> str:
        return self.subject
