"""Dossiers (hồ sơ) and everything that records their handling.

* ``Dossier`` — one application, from online submission or reception to the returned result.
  Its ``state`` is internal; ``national_status`` (1–10) is derived from it in the same write.
  The clock is data: ``received_at``, ``due_at`` (the statutory due instant, moved only by
  pauses), ``appointment_at`` (what the applicant was last promised: the due instant, or the new
  date of an apology), ``finished_at``, ``returned_at``.
* ``DossierStep`` — the control slip (phiếu kiểm soát): one row per hand-over, with its budget of
  working time, its due instant and, once closed, its timeliness and the working time it ran
  over. The steps of a parallel stage (agencies giving opinions side by side) are open rows at
  the same time; ``current_step`` is then the first of them.
* ``PauseInterval`` — supplement, financial obligation or stop: when the clock stopped and
  resumed and what that did to the due instant.
* ``Extension`` — an apology with a new appointment (Form 04) and who caused the delay.
* ``DossierEvent`` — the append-only history: no code path updates or deletes a row.
* ``Notice`` — each official form issued, with the data it showed.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency, Role
from motcua.catalog.models import (
    Channel,
    ProcedureCase,
    ProcedureVersion,
    ProcessStep,
    RequiredComponent,
)

from .states import State


class Timeliness(models.TextChoices):
    EARLY = "early", _("Early")
    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")


class ReturnMethod(models.TextChoices):
    COUNTER = "counter", _("At the counter")
    POST = "post", _("By post")
    ONLINE = "online", _("Online")


class Dossier(models.Model):
    code = models.CharField(_("dossier code"), max_length=64, unique=True, null=True, blank=True)
    procedure_version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("procedure version"), on_delete=models.PROTECT
    )
    case = models.ForeignKey(ProcedureCase, verbose_name=_("case"), on_delete=models.PROTECT)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    state = models.CharField(_("state"), max_length=32, choices=State.choices)
    national_status = models.PositiveSmallIntegerField(_("national status"))
    subject = models.CharField(_("subject"), max_length=500, blank=True)
    form_data = models.JSONField(
        _("e-form answers"),
        default=dict,
        blank=True,
        help_text=_("The applicant's answers to the case's e-form, by field key."),
    )
    sets = models.PositiveSmallIntegerField(_("number of sets"), default=1)
    receiving_unit = models.ForeignKey(
        Agency, verbose_name=_("receiving unit"), on_delete=models.PROTECT, related_name="+"
    )
    competent_agency = models.ForeignKey(
        Agency,
        verbose_name=_("competent agency"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # led by the (competent_agency, received_at) index
    )
    applicant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
    )
    # Policies pinned at reception (or submission).
    regime = models.CharField(_("legal regime"), max_length=8)
    form_set = models.CharField(_("form set"), max_length=8)
    supplement_mode = models.CharField(_("supplement mode"), max_length=8)
    time_limit = models.DecimalField(
        _("time limit"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    time_unit = models.CharField(_("time unit"), max_length=16, blank=True)
    cutoff = models.TimeField(_("cut-off time"), null=True, blank=True)
    budget_scale = models.DecimalField(
        _("budget scale"),
        max_digits=8,
        decimal_places=6,
        default=1,
        help_text=_("Channel limit ÷ case limit: the steps' budgets are scaled by it."),
    )
    # The clock.
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True, db_index=True)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True, db_index=True)
    appointment_at = models.DateTimeField(_("appointment"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True, db_index=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    # Where it is now.
    current_step = models.ForeignKey(
        "DossierStep", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    current_agency = models.ForeignKey(
        Agency,
        verbose_name=_("current agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # led by the (current_agency, state, due_at) index
    )
    current_holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("current holder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Result and return.
    result_kind = models.CharField(_("result kind"), max_length=16, blank=True)
    result_number = models.CharField(_("result number"), max_length=64, blank=True)
    result_signer = models.CharField(_("signed by"), max_length=255, blank=True)
    result_date = models.DateField(_("result date"), null=True, blank=True)
    result_summary = models.CharField(_("result summary"), max_length=500, blank=True)
    return_method = models.CharField(
        _("return method"), max_length=16, choices=ReturnMethod.choices, blank=True
    )
    returned_to = models.CharField(_("result received by"), max_length=255, blank=True)
    # The applicant's rating (once).
    rating = models.CharField(_("rating"), max_length=32, blank=True)
    rating_comment = models.CharField(_("rating comment"), max_length=1000, blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    # Numbering of the dossier's events and control-slip rows, kept on the (locked) row.
    event_count = models.PositiveIntegerField(default=0, editable=False)
    last_event_at = models.DateTimeField(null=True, blank=True, editable=False)
    step_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["current_agency", "state", "due_at"]),
            models.Index(fields=["competent_agency", "received_at"]),
            models.Index(fields=["state", "due_at"]),
        ]

    def __str__(self) -> str:
        return self.code or f"#{self.pk}"


class Party(models.Model):
    """A person or organisation on the dossier: owner (chủ hồ sơ), submitter, proxy."""

    class Kind(models.TextChoices):
        OWNER = "owner", _("Owner")
        SUBMITTER = "submitter", _("Submitter")
        PROXY = "proxy", _("Authorised proxy")

    class IdType(models.TextChoices):
        CITIZEN_ID = "cccd", _("Citizen ID card (12 digits)")
        OLD_ID = "cmnd", _("Old ID card (9 digits)")
        PASSPORT = "passport", _("Passport")
        TAX_CODE = "tax_code", _("Enterprise / tax code")
        OTHER = "other", _("Other")

    # Indexed by the (dossier, kind) constraint, as the steps' and events' keys below.
    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="parties", db_index=False
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("full name"), max_length=255)
    id_type = models.CharField(_("ID type"), max_length=16, choices=IdType.choices, blank=True)
    id_number = models.CharField(_("ID number"), max_length=32, blank=True)
    address = models.CharField(_("address"), max_length=500, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["dossier", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "kind"], name="one_party_per_kind")
        ]

    def __str__(self) -> str:
        return self.name


class DossierComponent(models.Model):
    """A component received (thành phần hồ sơ): originals and copies, digitisation state."""

    class Digitisation(models.IntegerChoices):
        NOT_DIGITISED = 0, _("Not digitised")
        DIGITISED = 1, _("Digitised")
        REUSED_COMPONENT = 2, _("Reused from another dossier's component")
        REUSED_RESULT = 3, _("Reused from another dossier's result")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="components")
    required = models.ForeignKey(
        RequiredComponent, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=500)
    originals = models.PositiveSmallIntegerField(_("originals received"), default=0)
    copies = models.PositiveSmallIntegerField(_("copies received"), default=0)
    digitisation = models.PositiveSmallIntegerField(
        _("digitisation"), choices=Digitisation.choices, default=Digitisation.NOT_DIGITISED
    )
    supplemented = models.BooleanField(_("supplemented later"), default=False)

    class Meta:
        verbose_name = _("dossier component")
        verbose_name_plural = _("dossier components")
        ordering = ["dossier", "id"]

    def __str__(self) -> str:
        return self.name


class DossierStep(models.Model):
    """One row of the control slip: a hand-over and the time the receiver had for it."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="steps", db_index=False
    )
    sequence = models.PositiveIntegerField(_("sequence"))
    process_step = models.ForeignKey(
        ProcessStep, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    stage = models.PositiveSmallIntegerField(_("stage"))
    name = models.CharField(_("name"), max_length=255)
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # led by the (agency, finished_at) index
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("receiver"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # led by the (holder, finished_at) index
    )
    giver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("giver"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    giver_agency = models.ForeignKey(
        Agency,
        verbose_name=_("giving unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    started_at = models.DateTimeField(_("started at"))
    budget_seconds = models.PositiveIntegerField(_("budget (working seconds)"))
    due_at = models.DateTimeField(_("step due at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    action = models.CharField(_("closing action"), max_length=32, blank=True)
    note = models.CharField(_("note"), max_length=1000, blank=True)
    timeliness = models.CharField(
        _("timeliness"), max_length=8, choices=Timeliness.choices, blank=True
    )
    overrun_seconds = models.PositiveIntegerField(
        _("working time over budget (seconds)"),
        default=0,
        help_text=_("Working time between the row's due instant and its closing, if later."),
    )

    class Meta:
        verbose_name = _("control-slip row")
        verbose_name_plural = _("control slip")
        ordering = ["dossier", "sequence"]
        indexes = [
            # An agency's share of the work: its open rows (finished_at IS NULL) first.
            models.Index(fields=["agency", "finished_at"], name="step_agency_finished"),
            # An officer's own work: the rows they hold that are still open.
            models.Index(fields=["holder", "finished_at"], name="step_holder_finished"),
            # The agencies and officers causing delays (domain.md §9.3).
            models.Index(
                fields=["finished_at"],
                condition=models.Q(timeliness="late"),
                name="step_late_finished",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "sequence"], name="unique_step_sequence")
        ]

    def __str__(self) -> str:
        return f"{self.sequence}. {self.name}"


class PauseInterval(models.Model):
    """An interval in which the statutory clock stood still (or, for a supplement in restart
    mode, after which it started again)."""

    class Kind(models.TextChoices):
        SUPPLEMENT = "supplement", _("Supplement")
        PAYMENT = "payment", _("Financial obligation")
        STOP = "stop", _("Stopped")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="pauses")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    mode = models.CharField(_("clock mode"), max_length=8)
    step = models.ForeignKey(
        DossierStep, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=1000)
    requested_items = models.JSONField(_("requested items"), default=list, blank=True)
    applicant_deadline = models.DateTimeField(_("applicant deadline"), null=True, blank=True)
    due_before = models.DateTimeField(_("due before"), null=True, blank=True)
    resumed_at = models.DateTimeField(_("resumed at"), null=True, blank=True)
    resumed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    due_after = models.DateTimeField(_("due after"), null=True, blank=True)

    class Meta:
        verbose_name = _("pause")
        verbose_name_plural = _("pauses")
        ordering = ["dossier", "requested_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.requested_at:%d/%m/%Y}"


class Extension(models.Model):
    """An apology and new appointment (Form 04), issued before the due instant."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="extensions")
    reason = models.CharField(_("reason"), max_length=1000)
    previous_appointment = models.DateTimeField(_("previous appointment"))
    new_appointment = models.DateTimeField(_("new appointment"))
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    cause_agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency causing the delay"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    cause_step = models.ForeignKey(
        DossierStep, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("apology and new appointment")
        verbose_name_plural = _("apologies and new appointments")
        ordering = ["dossier", "issued_at"]

    def __str__(self) -> str:
        return f"{self.dossier} → {self.new_appointment:%d/%m/%Y}"


class EventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Dossier events are append-only")

    def delete(self):
        raise TypeError("Dossier events are append-only")


class DossierEvent(models.Model):
    """The append-only history of a dossier: who did what, when, from which state to which."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="events", db_index=False
    )
    sequence = models.PositiveIntegerField(_("sequence"))
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(_("actor"), max_length=255)
    action = models.CharField(_("action"), max_length=32)
    from_state = models.CharField(_("from state"), max_length=32, blank=True)
    to_state = models.CharField(_("to state"), max_length=32)
    payload = models.JSONField(_("details"), default=dict)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["dossier", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "sequence"], name="unique_event_sequence")
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.sequence} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Dossier events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Dossier events are append-only")


class Notice(models.Model):
    """An official form issued for a dossier, with the data it showed (snapshot)."""

    class Form(models.TextChoices):
        RECEIPT = "receipt", _("Receipt and appointment")
        SUPPLEMENT_REQUEST = "supplement_request", _("Supplement request")
        REFUSAL = "refusal", _("Refusal of reception")
        APOLOGY = "apology", _("Apology and new appointment")
        STOP_NOTICE = "stop_notice", _("Notice of stopping the dossier")
        CONTROL_SLIP = "control_slip", _("Control slip")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="notices")
    form = models.CharField(_("form"), max_length=32, choices=Form.choices)
    form_set = models.CharField(_("form set"), max_length=8)
    form_number = models.CharField(_("form number"), max_length=8)
    number = models.CharField(_("number"), max_length=64, blank=True)
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(_("data"), default=dict)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["dossier", "issued_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_form_display()} {self.number}"


class DailyCounter(models.Model):
    """Per-agency, per-day sequence (dossier codes, notice numbers). Locked while in use."""

    scope = models.CharField(max_length=32)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "agency", "day"], name="unique_daily_counter")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.agency_id} {self.day}: {self.last}"


class OutboxMessage(models.Model):
    """A side effect to deliver after the change that caused it committed (an e-mail to the
    applicant today; SMS and the national portal's sync later). Written in the same transaction
    as the change, so a rolled-back change sends nothing; delivered by ``motcua deliver-outbox``
    with retries, each message at most once. ``dossier`` is empty for a message about no dossier
    (the answer to a citizen's feedback about a procedure)."""

    kind = models.CharField(max_length=32)
    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["sent_at", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


class PrivateFiles(FileSystemStorage):
    """Where dossier files live: outside the web root (``MOTCUA_FILES_ROOT``, read at each use),
    served only by a view that checks who may see the dossier."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return settings.MOTCUA_FILES_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)


def private_files() -> PrivateFiles:
    return PrivateFiles()


def _file_path(instance: DossierFile, filename: str) -> str:
    return f"dossiers/{instance.dossier_id}/{instance.sha256[:16]}-{filename[-80:]}"


class DossierFile(models.Model):
    """A scan or file of the dossier (bản điện tử): a component's pages, a supplement sent by the
    applicant, or the result (kết quả) returned online; checked as PDF, JPEG or PNG from their
    content, kept with their size and SHA-256."""

    class Kind(models.TextChoices):
        COMPONENT = "component", _("Component of the dossier")
        SUPPLEMENT = "supplement", _("Supplement")
        RESULT = "result", _("Result")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="files")
    component = models.ForeignKey(
        DossierComponent,
        verbose_name=_("component"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="files",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.COMPONENT)
    name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(storage=private_files, upload_to=_file_path, max_length=255)
    content_type = models.CharField(_("type"), max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("dossier file")
        verbose_name_plural = _("dossier files")
        ordering = ["dossier", "id"]

    def __str__(self) -> str:
        return self.name


class TallyCounts(models.Model):
    """The counts a tally row holds (``motcua/dossiers/tallies.py``): for its agency,
    procedure and day or month, the dossiers received (online; directly or by post) and resolved
    (early, on time, late), and the change in the number of pending overdue dossiers.

    The rows are derived data, written only from dossiers whose own keys the database checks:
    their keys to the agency and the procedure have no database constraint (a bulk load would
    check each of its hundreds of thousands of rows again; Django still refuses to delete a
    referenced agency or procedure). Nor have they an index of their own: the unique key starts
    with the agency, reports read by day or month, and only the rare deletion of an agency or a
    procedure looks for its tallies."""

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("competent agency"),
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    procedure = models.ForeignKey(
        "catalog.Procedure",
        verbose_name=_("procedure"),
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    received_online = models.IntegerField(_("received online"), default=0)
    received_direct_postal = models.IntegerField(_("received directly or by post"), default=0)
    resolved_early = models.IntegerField(_("resolved early"), default=0)
    resolved_on_time = models.IntegerField(_("resolved on time"), default=0)
    resolved_late = models.IntegerField(_("resolved late"), default=0)
    overdue = models.IntegerField(_("change in pending overdue"), default=0)

    class Meta:
        abstract = True


class DailyTally(TallyCounts):
    """How the handling report's counts changed on one Vietnam calendar day, for the dossiers
    of one procedure at one competent agency. A period's figures are sums of these rows (and
    of the monthly ones), so the report never reads the dossiers."""

    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("daily tally")
        verbose_name_plural = _("daily tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "procedure", "day"], name="one_tally_per_agency_procedure_day"
            )
        ]
        indexes = [models.Index(fields=["day"], name="tally_day")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.procedure_id}/{self.day}"


class MonthlyTally(TallyCounts):
    """The daily tallies of a calendar month summed (``month``: its first day), written with
    them: a report over whole months reads one row per agency, procedure and month."""

    month = models.DateField(_("month"))

    class Meta:
        verbose_name = _("monthly tally")
        verbose_name_plural = _("monthly tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "procedure", "month"],
                name="one_tally_per_agency_procedure_month",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.procedure_id}/{self.month:%Y-%m}"
