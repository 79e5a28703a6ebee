"""The counts behind the Decision 766 indicators (``index766.py``), for a period and a set of
agencies. Each function returns a ``Ratio`` — a numerator over a denominator, read in one or
two aggregate queries — so that the scoring stays apart from the reading.

Dossiers belong to their competent agency, feedback to the agency that answers it, procedures
to the agencies published as implementing or deciding them. Days are Vietnam days.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

from motcua.catalog.models import OnlineLevel, ProcedureAgency
from motcua.catalog.search import in_force
from motcua.core.dates import vn_midnight
from motcua.dossiers.models import Dossier, DossierComponent, DossierFile
from motcua.feedback.models import Feedback
from motcua.feedback.services import answer_due


@dataclass(frozen=True)
class Ratio:
    numerator: int
    denominator: int

    @property
    def share(self) -> float | None:
        """numerator ÷ denominator, or None when there is nothing to count."""
        return self.numerator / self.denominator if self.denominator else None


@dataclass(frozen=True)
class Period:
    date_from: datetime.date
    date_to: datetime.date

    @property
    def start(self) -> datetime.datetime:
        return vn_midnight(self.date_from)

    @property
    def end(self) -> datetime.datetime:  # the first instant after the period
        return vn_midnight(self.date_to + datetime.timedelta(days=1))


def _received(period: Period, agencies: set[int] | None):
    dossiers = Dossier.objects.filter(
        received_at__gte=period.start, received_at__lt=period.end
    ).exclude(national_status__in=(1, 3))
    if agencies is not None:
        dossiers = dossiers.filter(competent_agency_id__in=sorted(agencies))
    return dossiers


def _procedures_in_force(period: Period, agencies: set[int] | None):
    parts = ProcedureAgency.objects.filter(
        in_force(period.date_to, "version__"),
        part__in=(ProcedureAgency.Part.IMPLEMENTING, ProcedureAgency.Part.DECIDING),
        version__procedure__historical=False,
    )
    if agencies is not None:
        parts = parts.filter(agency_id__in=sorted(agencies))
    return parts


def offered_online(period: Period, agencies: set[int] | None) -> Ratio:
    """Procedures in force at the end of the period, offered online (partly or fully), over all
    the procedures in force there."""
    parts = _procedures_in_force(period, agencies)
    online = Q(version__online_level__in=(OnlineLevel.PARTIAL, OnlineLevel.FULL))
    found = parts.aggregate(
        all=Count("version__procedure", distinct=True),
        online=Count("version__procedure", distinct=True, filter=online),
    )
    return Ratio(found["online"], found["all"])


def online_procedures_used(period: Period, agencies: set[int] | None) -> Ratio:
    """Procedures offered online that received at least one online dossier in the period."""
    parts = _procedures_in_force(period, agencies).filter(
        version__online_level__in=(OnlineLevel.PARTIAL, OnlineLevel.FULL)
    )
    offered = set(parts.values_list("version__procedure_id", flat=True).distinct())
    if not offered:
        return Ratio(0, 0)
    used = set(
        _received(period, agencies)
        .filter(channel="online", procedure_version__procedure_id__in=sorted(offered))
        .values_list("procedure_version__procedure_id", flat=True)
        .distinct()
    )
    return Ratio(len(used), len(offered))


def received_online(period: Period, agencies: set[int] | None) -> Ratio:
    """Dossiers received online over all dossiers received in the period."""
    found = _received(period, agencies).aggregate(
        all=Count("pk"), online=Count("pk", filter=Q(channel="online"))
    )
    return Ratio(found["online"], found["all"])


def electronic_results(period: Period, agencies: set[int] | None) -> Ratio:
    """Dossiers whose result was ready in the period (statuses 9 and 10) with the result as a
    file in the system, over all of them."""
    finished = Dossier.objects.filter(
        national_status__in=(9, 10), finished_at__gte=period.start, finished_at__lt=period.end
    )
    if agencies is not None:
        finished = finished.filter(competent_agency_id__in=sorted(agencies))
    result_file = DossierFile.objects.filter(dossier_id=OuterRef("pk"), kind="result")
    found = finished.aggregate(all=Count("pk"), electronic=Count("pk", filter=Exists(result_file)))
    return Ratio(found["electronic"], found["all"])


def digitised_components(period: Period, agencies: set[int] | None, *, reused: bool) -> Ratio:
    """Dossiers received in the period with at least one component digitised (or, ``reused``,
    taken from a digitised component or result of another dossier), over all of them."""
    levels = (2, 3) if reused else (1, 2, 3)
    component = DossierComponent.objects.filter(dossier_id=OuterRef("pk"), digitisation__in=levels)
    found = _received(period, agencies).aggregate(
        all=Count("pk"), digitised=Count("pk", filter=Exists(component))
    )
    return Ratio(found["digitised"], found["all"])


def feedback_answered_on_time(period: Period, agencies: set[int] | None) -> Ratio:
    """Feedback and recommendations sent in the period and answered by their due time, over
    those sent in the period — leaving out those still unanswered but not yet due when the
    period ends."""
    sent = Feedback.objects.filter(created_at__gte=period.start, created_at__lt=period.end)
    if agencies is not None:
        sent = sent.filter(agency_id__in=sorted(agencies))
    on_time = counted = 0
    for feedback in sent.select_related("agency").only(
        "created_at", "answered_at", "agency__id", "agency__parent_id", "agency__code"
    ):
        due = answer_due(feedback)
        if feedback.answered_at is None and due >= period.end:
            continue  # not yet due at the end of the period
        counted += 1
        if feedback.answered_at is not None and feedback.answered_at <= due:
            on_time += 1
    return Ratio(on_time, counted)


def satisfied_ratings(period: Period, agencies: set[int] | None) -> Ratio:
    """Ratings given in the period "very satisfied" or "satisfied", over all ratings given."""
    rated = Dossier.objects.filter(rated_at__gte=period.start, rated_at__lt=period.end).exclude(
        rating=""
    )
    if agencies is not None:
        rated = rated.filter(competent_agency_id__in=sorted(agencies))
    found = rated.aggregate(
        all=Count("pk"),
        satisfied=Count("pk", filter=Q(rating__in=("very_satisfied", "satisfied"))),
    )
    return Ratio(found["satisfied"], found["all"])
