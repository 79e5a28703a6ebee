"""Local calendar overrides (ngày nghỉ bù, ngày làm bù theo địa phương).

The national calendar (public holidays, compensatory days, make-up Saturdays decided by the
government) comes from the ``holidays`` package. A province may add an extra day off or an extra
working day; an override without a province applies nationwide, for example when the government
announces a swap that the package does not know yet.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency


class CalendarOverride(models.Model):
    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Extra day off")
        WORKING_DAY = "working_day", _("Extra working day")

    province = models.ForeignKey(
        Agency,
        verbose_name=_("province"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        limit_choices_to={"level": Agency.Level.PROVINCE},
        related_name="calendar_overrides",
        help_text=_("Empty: applies nationwide."),
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=255)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "date"], name="unique_override_per_province_date"
            ),
            models.UniqueConstraint(
                fields=["date"],
                condition=models.Q(province__isnull=True),
                name="unique_national_override_per_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.get_kind_display()}"
