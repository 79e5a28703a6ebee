"""The organisation tree: agencies and units (cơ quan, đơn vị) and the officers' roles in them.

An ``Agency`` is any node that receives, handles or supervises dossiers: a ministry, a province's
People's Committee, a department (sở), a division (phòng), a Public Administration Service Centre
(Trung tâm Phục vụ hành chính công), a one-stop unit (Bộ phận Một cửa), a commune, a vertical-sector
agency. Since the 2025 reform (two-level local government) districts no longer exist and many
communes were merged: an agency therefore has a validity window (``valid_from``, ``valid_to``,
both inclusive) and may name its ``successor``, so that history stays readable and open work can
be transferred.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .codes import CodeFormat, code_format, validate_agency_code


def districts_abolished_on() -> datetime.date:
    return datetime.date.fromisoformat(settings.MOTCUA_DISTRICTS_ABOLISHED_ON)


class AgencyQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date) -> AgencyQuerySet:
        """Agencies in existence on ``day``."""
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day),
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day),
        )


class Agency(models.Model):
    class Level(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        PROVINCE = "province", _("Province")
        DISTRICT = "district", _("District (2018 regime only)")
        COMMUNE = "commune", _("Commune")

    class Kind(models.TextChoices):
        PEOPLES_COMMITTEE = "peoples_committee", _("People's Committee")
        DEPARTMENT = "department", _("Department")
        DIVISION = "division", _("Division")
        SERVICE_CENTRE = "service_centre", _("Public Administration Service Centre")
        ONE_STOP_UNIT = "one_stop_unit", _("One-stop unit")
        VERTICAL_AGENCY = "vertical_agency", _("Vertical-sector agency")
        MINISTRY = "ministry", _("Ministry or ministerial agency")

    code = models.CharField(
        _("electronic identification code"),
        max_length=35,
        unique=True,
        validators=[validate_agency_code],
        help_text=_("QĐ 20/2020 code, e.g. H99.01; legacy TT 10/2016 codes are kept for history."),
    )
    name = models.CharField(_("name"), max_length=255)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("email"), blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(
        _("valid to"), null=True, blank=True, help_text=_("Last day of existence, inclusive.")
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        help_text=_("The agency that took over this one's work after a merger or abolition."),
    )
    territory = models.ForeignKey(
        "self",
        verbose_name=_("territory served"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "The People's Committee whose territory this agency serves, when it is not the "
            "nearest one above it (e.g. a commune police unit under the provincial police "
            "serves its commune)."
        ),
    )

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["code"]
        indexes = [models.Index(fields=["parent", "code"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="agency_valid_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def code_format(self) -> CodeFormat | None:
        return code_format(self.code)

    def is_active_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors.setdefault("valid_to", []).append(
                _("The end of validity cannot be before its start.")
            )
        abolished = districts_abolished_on()
        if self.level == self.Level.DISTRICT and (
            self.valid_to is None or self.valid_to >= abolished
        ):
            errors.setdefault("valid_to", []).append(
                _("Districts were abolished on %(date)s: a district must end before that date.")
                % {"date": abolished.strftime("%d/%m/%Y")}
            )
        if self.parent_id:
            if self.parent_id == self.pk:
                errors.setdefault("parent", []).append(_("An agency cannot be its own parent."))
            elif self.pk and self.pk in self.parent.ancestor_ids():
                errors.setdefault("parent", []).append(
                    _("This parent would make the agency tree circular.")
                )
            elif LEVEL_RANK[self.parent.level] > LEVEL_RANK[self.level]:
                errors.setdefault("parent", []).append(
                    _("A %(parent)s cannot be the parent of a %(child)s.")
                    % {
                        "parent": self.parent.get_level_display(),
                        "child": self.get_level_display(),
                    }
                )
        if self.successor_id and self.successor_id == self.pk:
            errors.setdefault("successor", []).append(_("An agency cannot be its own successor."))
        if errors:
            raise ValidationError(errors)

    def ancestor_ids(self) -> list[int]:
        """Primary keys of the parent chain, nearest first (one query per level; trees are
        shallow: ministry/province → department → division)."""
        ids: list[int] = []
        node = self.parent
        while node is not None and node.pk not in ids:
            ids.append(node.pk)
            node = node.parent
        return ids


# A parent's level must be the same as or above the child's (a province's department is a
# province-level agency under the province).
LEVEL_RANK = {
    Agency.Level.MINISTRY: 0,
    Agency.Level.PROVINCE: 1,
    Agency.Level.DISTRICT: 2,
    Agency.Level.COMMUNE: 3,
}


class Role(models.TextChoices):
    """What an officer may do in an agency (domain.md §2.2)."""

    COUNTER_OFFICER = "counter_officer", _("Counter officer")
    SPECIALIST = "specialist", _("Handling specialist")
    DEPARTMENT_HEAD = "department_head", _("Department head")
    SIGNING_LEADER = "signing_leader", _("Signing leader")
    CLERK = "clerk", _("Clerk")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMINISTRATOR = "administrator", _("Administrator")


class RoleAssignment(models.Model):
    """An officer's role in one agency (phân quyền). An officer may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    title = models.CharField(
        _("job title"), max_length=128, blank=True, help_text=_("e.g. Chuyên viên, Phó Giám đốc")
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["agency__code", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"], name="unique_role_per_user_agency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.agency.code}"
