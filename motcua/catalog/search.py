"""Finding procedures in the catalogue: the public portal's catalogue and the counter's search.

A citizen types "dang ky khai sinh" on a phone without a Vietnamese keyboard and must find
"Đăng ký khai sinh"; an officer at the counter does the same. Only procedures **in force** on the
day count: a procedure is listed with the one version whose validity window contains the day
(domain.md R-LAW-1), and a version that expired is never offered.

A province publishes hundreds of procedures and a ministry-wide catalogue tens of thousands, so
the search does not ask the database for every keystroke: the procedures in force on a day are
read once into an *index* of light rows — the folded text (code, name, keywords, field), the
field, the levels (cấp thực hiện), the online level and the agencies taking part
(``ProcedureAgency``) — cached per process under the reference-data stamp
(``motcua.core.refdata``), so any edit of the catalogue or of an agency rebuilds it. Filtering
and paging then run over that list in memory.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from dataclasses import field as dc_field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q

from motcua.core import refdata
from motcua.core.text import fold

from .models import (
    Channel,
    Field,
    OnlineLevel,
    ProcedureAgency,
    ProcedureCase,
    ProcedureVersion,
)

PER_PAGE = 20


def in_force(day: datetime.date, prefix: str = "") -> Q:
    """The condition "the version is in force on ``day``" (``valid_to`` inclusive), for a query
    on versions (``prefix=""``) or on rows under them (``prefix="version__"``)."""
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


def version_in_force(code: str, day: datetime.date) -> ProcedureVersion | None:
    """The version of procedure ``code`` in force on ``day`` (the latest if windows overlap)."""
    return (
        ProcedureVersion.objects.filter(in_force(day), procedure__code=code)
        .exclude(procedure__historical=True)  # imported from a former system: not published
        .select_related("procedure__field")
        .order_by("-number")
        .first()
    )


@dataclass(frozen=True, slots=True)
class FieldEntry:
    """A field (lĩnh vực) with the number of procedures in force in it."""

    id: int
    code: str
    name: str
    count: int


@dataclass(frozen=True, slots=True)
class AgencyEntry:
    """An agency that takes part in at least one procedure in force."""

    id: int
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Listing:
    """A procedure in force as the catalogue lists it (no model instance: the index must stay
    small with tens of thousands of procedures)."""

    version_id: int
    code: str
    name: str
    field: FieldEntry
    levels: tuple[str, ...]
    online_level: str
    agency_ids: frozenset[int]
    cases: int
    text: str  # folded code, name, keywords and field name
    folded_name: str


@dataclass(slots=True)
class Index:
    """The procedures in force on ``day`` (ordered by code), their fields and agencies."""

    day: datetime.date
    listings: list[Listing]
    fields: dict[str, FieldEntry] = dc_field(default_factory=dict)  # by code, ordered by name
    agencies: dict[str, AgencyEntry] = dc_field(default_factory=dict)  # by code, ordered by name

    def count(self, online_level: str | None = None) -> int:
        if online_level is None:
            return len(self.listings)
        return sum(1 for x in self.listings if x.online_level == online_level)


def _build(day: datetime.date) -> Index:
    versions = (
        ProcedureVersion.objects.filter(in_force(day))
        .exclude(procedure__historical=True)  # recorded by a dossier import, never published
        .order_by("procedure__code", "number")
        .values_list(
            "id",
            "procedure__code",
            "name",
            "procedure__field_id",
            "levels",
            "online_level",
            "keywords",
        )
    )
    # The latest version wins an overlap; codes are sorted here, not by the database's collation.
    by_code = {row[1]: row for row in versions}
    by_code = dict(sorted(by_code.items()))
    version_ids = {row[0] for row in by_code.values()}
    cases = dict(
        ProcedureCase.objects.filter(in_force(day, "version__"))
        .order_by()
        .values("version_id")
        .annotate(n=Count("id"))
        .values_list("version_id", "n")
    )
    parts: dict[int, set[int]] = {}
    agencies: dict[int, AgencyEntry] = {}
    rows = ProcedureAgency.objects.filter(in_force(day, "version__")).values_list(
        "version_id", "agency_id", "agency__code", "agency__name"
    )
    for version_id, agency_id, code, name in rows:
        if version_id in version_ids:
            parts.setdefault(version_id, set()).add(agency_id)
            agencies.setdefault(agency_id, AgencyEntry(agency_id, code, name))
    field_rows = {pk: (c, n) for pk, c, n in Field.objects.values_list("id", "code", "name")}
    counts: dict[int, int] = {}
    for row in by_code.values():
        counts[row[3]] = counts.get(row[3], 0) + 1
    fields = {
        pk: FieldEntry(pk, field_rows[pk][0], field_rows[pk][1], n) for pk, n in counts.items()
    }
    field_text = {pk: fold(f.name) for pk, f in fields.items()}
    listings = []
    for version_id, code, name, field_id, levels, online, keywords in by_code.values():
        folded_name = fold(name)
        words = [code.casefold(), folded_name, fold(keywords), field_text[field_id]]
        listings.append(
            Listing(
                version_id=version_id,
                code=code,
                name=name,
                field=fields[field_id],
                levels=tuple(v for v in levels.split(",") if v),
                online_level=online,
                agency_ids=frozenset(parts.get(version_id, ())),
                cases=cases.get(version_id, 0),
                text=" ".join(w for w in words if w),
                folded_name=folded_name,
            )
        )
    by_name = lambda e: (fold(e.name), e.code)  # noqa: E731
    return Index(
        day=day,
        listings=listings,
        fields={f.code: f for f in sorted(fields.values(), key=by_name)},
        agencies={a.code: a for a in sorted(agencies.values(), key=by_name)},
    )


def index(day: datetime.date) -> Index:
    """The index of ``day``, cached until the reference data changes. Only the last two days
    are kept (around midnight both are asked for), so a long-running process does not keep one
    index per day it has lived."""
    days: dict[datetime.date, Index] = refdata.cached("catalog-index", dict)
    found = days.get(day)
    if found is None:
        found = _build(day)
        for old in sorted(days)[:-1]:
            days.pop(old, None)
        days[day] = found
    return found


def find(
    day: datetime.date,
    query: str = "",
    *,
    field: str | None = None,
    agency: str | None = None,
    level: str | None = None,
    online: str | None = None,
) -> list[Listing]:
    """Procedures in force on ``day`` whose code, name, keywords or field name contain every
    word of ``query`` (diacritics ignored), narrowed by field code, agency code (an agency taking
    part in the procedure), level and online level. An empty query lists everything. Names that
    begin with, then contain, the whole query come first; otherwise the order is by code."""
    idx = index(day)
    words = fold(query).split()
    if (field and field not in idx.fields) or (agency and agency not in idx.agencies):
        return []
    # One simple pass per criterion: with tens of thousands of procedures, plain comprehensions
    # keep a search within a few milliseconds.
    found = idx.listings
    if field:
        field_id = idx.fields[field].id
        found = [x for x in found if x.field.id == field_id]
    if agency:
        agency_id = idx.agencies[agency].id
        found = [x for x in found if agency_id in x.agency_ids]
    if level:
        found = [x for x in found if level in x.levels]
    if online:
        found = [x for x in found if x.online_level == online]
    for word in words:
        found = [x for x in found if word in x.text]
    found = list(found)
    if words:
        phrase = " ".join(words)
        found.sort(
            key=lambda x: (
                0 if x.folded_name.startswith(phrase) else 1 if phrase in x.folded_name else 2
            )
        )
    return found


def find_page(day: datetime.date, query: str = "", *, page=1, per_page=PER_PAGE, **filters) -> Page:
    """One page of :func:`find`; a page number that is not a number or is out of range gives the
    first or the last page."""
    return Paginator(find(day, query, **filters), per_page).get_page(page)


def search(query: str, day: datetime.date, limit: int = 30):
    """The counter's search: procedures in force on ``day`` that have cases, whose code, name,
    keywords or field contain every word of ``query`` (diacritics ignored), as
    ``[(procedure, [case, …]), …]`` ordered by code, at most ``limit`` of them."""
    words = fold(query).split()
    if not words:
        return []
    found = index(day).listings
    for word in words:
        found = [x for x in found if word in x.text]
    found = [x for x in found if x.cases][:limit]
    ids = [x.version_id for x in found]
    by_version: dict[int, list[ProcedureCase]] = {}
    cases = (
        ProcedureCase.objects.filter(version_id__in=ids)
        .select_related("version__procedure__field")
        .order_by("code")
    )
    for case in cases:
        by_version.setdefault(case.version_id, []).append(case)
    return [(by_version[v][0].version.procedure, by_version[v]) for v in ids if v in by_version]


def submittable_online(version: ProcedureVersion, case: ProcedureCase) -> bool:
    """Whether a citizen may submit ``case`` online: it has the online channel and the
    procedure offers more than information online (reads ``case.channels``, prefetch it)."""
    return version.online_level != OnlineLevel.INFORMATION and any(
        c.channel == Channel.ONLINE for c in case.channels.all()
    )
