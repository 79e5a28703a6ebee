"""The procedure catalogue (danh mục thủ tục hành chính).

A *procedure* (thủ tục hành chính, TTHC) is published with a national code such as ``1.001193``
(a local variant carries the province suffix, ``1.001193.H99``) and belongs to a *field*
(lĩnh vực). What a procedure requires changes over time, so its content lives in *versions*
with a validity window; a dossier is pinned to the version in force when it was received
(domain.md R-LAW-1). Each version has one or more *cases* (trường hợp): each case has its own
statutory time limit, channels, fees, required components (thành phần hồ sơ) and an *internal
process* (quy trình nội bộ) whose steps share out the time limit in working hours.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency, Role


class Field(models.Model):
    """A field or sector of procedures (lĩnh vực), e.g. civil status (hộ tịch)."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    """An administrative procedure as published in the national database."""

    code = models.CharField(
        _("procedure code"),
        max_length=32,
        unique=True,
        help_text=_("e.g. 1.001193 or 1.001193.H99"),
    )
    name = models.CharField(_("name"), max_length=500)
    field = models.ForeignKey(
        Field, verbose_name=_("field"), on_delete=models.PROTECT, related_name="procedures"
    )
    historical = models.BooleanField(
        _("historical (imported, not published)"),
        default=False,
        help_text=_(
            "Recorded by the import of legacy dossiers for a code the catalogue did not have: "
            "kept for the dossiers and the reports, never offered in the catalogue."
        ),
    )

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


# Levels at which a procedure is carried out (cấp thực hiện) are the agencies' levels.
Level = Agency.Level


class OnlineLevel(models.TextChoices):
    """Online service level (NĐ 42/2022, NĐ 224/2026)."""

    INFORMATION = "information", _("Information only")
    PARTIAL = "partial", _("Partial online (một phần)")
    FULL = "full", _("Full online (toàn trình)")


class ProcedureType(models.TextChoices):
    """LOAITTHC in the national package."""

    NOT_DELEGATED = "1", _("Not delegated to localities")
    DELEGATED = "2", _("Law delegates detailed regulation")
    OTHER = "3", _("Other")


class ProcedureVersion(models.Model):
    """What a procedure required during a validity window (``valid_to`` inclusive)."""

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version number"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    name = models.CharField(_("name as published"), max_length=500)
    levels = models.CharField(
        _("levels"),
        max_length=64,
        help_text=_("Comma-separated: ministry, province, district, commune."),
    )
    procedure_type = models.CharField(
        _("procedure type"), max_length=1, choices=ProcedureType.choices, default="1"
    )
    online_level = models.CharField(
        _("online level"), max_length=16, choices=OnlineLevel.choices, default=OnlineLevel.PARTIAL
    )
    is_interconnected = models.BooleanField(_("interconnected (liên thông)"), default=False)
    is_boundary_independent = models.BooleanField(
        _("independent of administrative boundaries"), default=False
    )
    result_must_be_signed = models.BooleanField(_("result must be digitally signed"), default=False)
    supplement_mode = models.CharField(
        _("clock on supplement"),
        max_length=8,
        blank=True,
        choices=[("pause", _("Pause the clock")), ("restart", _("Restart the clock"))],
        help_text=_("Empty: the legal regime's default (see docs/lifecycle.md)."),
    )
    description = models.TextField(_("description"), blank=True)
    requirements = models.TextField(_("requirements and conditions"), blank=True)
    applicant_types = models.TextField(
        _("applicant types"), blank=True, help_text=_("One per line.")
    )
    where_to_submit = models.TextField(_("where to submit"), blank=True)
    decision_reference = models.CharField(
        _("publishing decision"), max_length=255, blank=True, help_text=_("e.g. QĐ 1234/QĐ-UBND")
    )
    keywords = models.CharField(_("keywords"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("procedure version")
        verbose_name_plural = _("procedure versions")
        ordering = ["procedure__code", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "number"], name="unique_procedure_version_number"
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="procedure_version_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number}"

    @property
    def level_list(self) -> list[str]:
        return [v for v in self.levels.split(",") if v]


class ProcedureAgency(models.Model):
    """An agency's part in a procedure (cơ quan thực hiện / có thẩm quyền / phối hợp …)."""

    class Part(models.TextChoices):
        IMPLEMENTING = "implementing", _("Implementing agency")
        DECIDING = "deciding", _("Deciding agency")
        DELEGATED = "delegated", _("Delegated agency")
        COORDINATING = "coordinating", _("Coordinating agency")

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="agency_parts"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="procedure_parts"
    )
    part = models.CharField(_("part"), max_length=16, choices=Part.choices)

    class Meta:
        verbose_name = _("agency of the procedure")
        verbose_name_plural = _("agencies of the procedure")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "agency", "part"], name="unique_procedure_agency_part"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_part_display()}: {self.agency.name}"


class GroupMember(models.Model):
    """A procedure bundled in an interconnected procedure group (nhóm TTHC liên thông).

    A group, e.g. birth registration + permanent residence + health-insurance card for children
    under six (NĐ 63/2024), is published with its own code and time limit, so it is a procedure
    of its own; its members say which procedures one submission of the group settles, and its
    process steps name the member each agency carries out.
    """

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="members")
    procedure = models.ForeignKey(
        Procedure,
        verbose_name=_("bundled procedure"),
        on_delete=models.PROTECT,
        related_name="groups",
    )
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("procedure of the group")
        verbose_name_plural = _("procedures of the group")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "procedure"], name="unique_group_member")
        ]

    def __str__(self) -> str:
        return str(self.procedure)


class LegalBasis(models.Model):
    """A legal document the procedure rests on (căn cứ pháp lý)."""

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="legal_bases"
    )
    number = models.CharField(_("document number"), max_length=64)
    title = models.CharField(_("title"), max_length=500)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)

    class Meta:
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.number


class ProcedureResult(models.Model):
    """A document the procedure produces (kết quả thực hiện)."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="results")
    name = models.CharField(_("name"), max_length=500)
    validity = models.CharField(_("validity"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    """How a dossier reaches the one-stop unit (kênh, codes of the national catalogue)."""

    COUNTER = "counter", _("At the counter")
    ONLINE = "online", _("Online")
    POSTAL = "postal", _("Public postal service")


class TimeUnit(models.TextChoices):
    """Unit of a statutory time limit; values match ``motcua.workcalendar.clock.Unit``."""

    WORKING_DAYS = "working_days", _("working days")
    WORKING_HOURS = "working_hours", _("working hours")
    CALENDAR_DAYS = "calendar_days", _("calendar days")
    SAME_DAY = "same_day", _("same day")


class ProcedureCase(models.Model):
    """A case of a procedure (trường hợp) with its statutory time limit.

    The time limit counts from the receipt of a complete, valid dossier. With a cut-off (for
    example 15:00), a dossier received after it counts from the next working day. Channels may
    carry a different limit (online is sometimes shorter); the internal process budgets add up to
    this, the case's own limit.
    """

    version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="cases"
    )
    code = models.CharField(_("case code"), max_length=32)
    name = models.CharField(_("name"), max_length=500)
    time_limit = models.DecimalField(
        _("time limit"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    time_unit = models.CharField(
        _("time unit"), max_length=16, choices=TimeUnit.choices, default=TimeUnit.WORKING_DAYS
    )
    cutoff = models.TimeField(
        _("cut-off time"),
        null=True,
        blank=True,
        help_text=_("Dossiers received after this time count from the next working day."),
    )
    no_appointment = models.BooleanField(
        _("no appointment date"),
        default=False,
        help_text=_("The procedure has no statutory time limit (không có ngày hẹn trả)."),
    )

    class Meta:
        verbose_name = _("procedure case")
        verbose_name_plural = _("procedure cases")
        ordering = ["version", "code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="unique_case_code"),
            models.CheckConstraint(
                condition=models.Q(no_appointment=True)
                | models.Q(time_unit="same_day")
                | models.Q(time_limit__isnull=False),
                name="case_has_time_limit_or_no_appointment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} / {self.code} — {self.name}"


class CaseChannel(models.Model):
    """A channel through which the case may be submitted, with its own limit if different."""

    case = models.ForeignKey(ProcedureCase, on_delete=models.CASCADE, related_name="channels")
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    time_limit = models.DecimalField(
        _("time limit on this channel"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Leave empty when it is the case's time limit."),
    )
    time_unit = models.CharField(
        _("time unit on this channel"), max_length=16, choices=TimeUnit.choices, blank=True
    )

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "channel"], name="unique_case_channel")
        ]

    def __str__(self) -> str:
        return self.get_channel_display()


class Fee(models.Model):
    """A fee (phí) or charge (lệ phí) and when it is collected."""

    class Kind(models.TextChoices):
        FEE = "fee", _("Fee (phí)")
        CHARGE = "charge", _("Charge (lệ phí)")

    class Collection(models.TextChoices):
        BEFORE = "before", _("Collected at reception")
        AFTER = "after", _("Collected at return")
        EXEMPT = "exempt", _("Exempt")
        NONE = "none", _("Not collected")

    case = models.ForeignKey(ProcedureCase, on_delete=models.CASCADE, related_name="fees")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=255)
    amount = models.PositiveBigIntegerField(_("amount (VND)"), default=0)
    collection = models.CharField(
        _("collection"), max_length=8, choices=Collection.choices, default=Collection.BEFORE
    )
    channel = models.CharField(
        _("channel"),
        max_length=16,
        choices=Channel.choices,
        blank=True,
        help_text=_("Leave empty when the fee is the same on every channel."),
    )
    description = models.CharField(_("description"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("fee or charge")
        verbose_name_plural = _("fees and charges")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name}: {self.amount:,} VND"


class RequiredComponent(models.Model):
    """A required document of the dossier (thành phần hồ sơ) with originals and copies."""

    case = models.ForeignKey(ProcedureCase, on_delete=models.CASCADE, related_name="components")
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=500)
    originals = models.PositiveSmallIntegerField(_("originals"), default=1)
    copies = models.PositiveSmallIntegerField(_("copies"), default=0)
    mandatory = models.BooleanField(_("mandatory"), default=True)
    template_name = models.CharField(
        _("form template"),
        max_length=255,
        blank=True,
        help_text=_("e.g. Tờ khai đăng ký khai sinh"),
    )
    template_file = models.FileField(
        _("template file"), upload_to="catalog/templates/", blank=True, max_length=255
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("required component")
        verbose_name_plural = _("required components")
        ordering = ["case", "position"]
        constraints = [
            models.UniqueConstraint(fields=["case", "position"], name="unique_component_position")
        ]

    def __str__(self) -> str:
        return self.name


class ProcessStep(models.Model):
    """A step of the internal process (bước trong quy trình nội bộ) with its time budget.

    Steps run stage after stage; steps that share a stage run in parallel, and the stage lasts as
    long as its longest step. The stages' budgets add up to the case's time limit. A step names
    the agency that does it (several agencies make an interconnected process, liên thông), or
    none: then the competent agency does it, and the counter's steps are always done by the
    one-stop unit that received the dossier.
    """

    case = models.ForeignKey(ProcedureCase, on_delete=models.CASCADE, related_name="steps")
    stage = models.PositiveSmallIntegerField(
        _("stage"), help_text=_("Steps with the same stage number run in parallel.")
    )
    name = models.CharField(_("name"), max_length=255)
    role = models.CharField(_("responsible role"), max_length=32, choices=Role.choices)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency or unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="process_steps",
        help_text=_("Empty: the agency handling the dossier."),
    )
    local_unit = models.BooleanField(
        _("local unit"),
        default=False,
        help_text=_(
            "Hand the step to the unit below this agency that serves the competent agency's "
            "territory (e.g. the commune police under the provincial police)."
        ),
    )
    member_procedure = models.ForeignKey(
        Procedure,
        verbose_name=_("bundled procedure carried out"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("For a procedure group: the member procedure this step settles."),
    )
    budget_hours = models.DecimalField(_("budget (working hours)"), max_digits=7, decimal_places=2)

    class Meta:
        verbose_name = _("process step")
        verbose_name_plural = _("internal process")
        ordering = ["case", "stage", "id"]

    def __str__(self) -> str:
        return f"{self.stage}. {self.name}"


class FormField(models.Model):
    """A field of the case's e-form (tờ khai điện tử): what the portal asks the applicant when the
    case is submitted online, rendered as an accessible HTML form and validated by the server
    (``motcua.portal.eforms``). The answers are kept on the dossier (``Dossier.form_data``) under
    each field's ``key``."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Short text")
        TEXTAREA = "textarea", _("Long text")
        NUMBER = "number", _("Whole number")
        DATE = "date", _("Date")
        EMAIL = "email", _("E-mail address")
        PHONE = "phone", _("Phone number")
        ID_NUMBER = "id_number", _("Citizen ID number (12 digits)")
        CHOICE = "choice", _("One choice from a list")
        CHECKBOX = "checkbox", _("Yes / no")

    case = models.ForeignKey(ProcedureCase, on_delete=models.CASCADE, related_name="form_fields")
    position = models.PositiveSmallIntegerField(_("position"))
    key = models.SlugField(
        _("key"), max_length=64, help_text=_("Stable name of the answer, e.g. child_name.")
    )
    label = models.CharField(_("label"), max_length=255)
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices, default=Kind.TEXT)
    required = models.BooleanField(_("required"), default=True)
    choices = models.TextField(
        _("choices"), blank=True, help_text=_("For a choice from a list: one choice per line.")
    )
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    max_length = models.PositiveSmallIntegerField(
        _("maximum length"), null=True, blank=True, help_text=_("For text: at most this many.")
    )

    class Meta:
        verbose_name = _("e-form field")
        verbose_name_plural = _("e-form fields")
        ordering = ["case", "position"]
        constraints = [
            models.UniqueConstraint(fields=["case", "key"], name="unique_form_field_key"),
            models.UniqueConstraint(fields=["case", "position"], name="unique_form_field_position"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]
