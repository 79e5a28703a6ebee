"""The tracking ledger (sổ theo dõi hồ sơ; 2018: Form 06, 2025: Form 07; domain.md §4.2) as an
export: every dossier received (``received_at``) on the Vietnam days ``date_from`` to
``date_to`` (both included) at the receiving units in scope (``receiving_unit``), one row each,
in the order received (then registered).

The columns are those of the form, as the print view (``motcua.documents.ledger``) shows them:
number, dossier code, procedure, number of sets, the owner (name; address and phone — the
submitter's for a dossier without an owner), the competent agency (cơ quan chủ trì giải quyết),
and the days: received, appointment (hẹn trả kết quả: ``appointment_at``, the due instant or
the new date of an apology), transferred to the deciding agency (the first control-slip row
held by another agency than the receiving unit), result received from it (``finished_at``; none
for a withdrawn dossier), result returned to the applicant; then the timeliness and a note. The
export adds the receiving unit (useful when the scope covers several) and, in the note, who
collected the result.

**Timeliness** is the print view's, looked at on the instant ``at`` (default: now): a finished
or returned dossier is early / on time / late by its finishing day against its due day; a
pending one is within time or overdue on ``at``'s day (paused dossiers count as within time,
and the note names the pause); a withdrawn dossier is marked as such.

The rows are streamed: one query for the dossiers, read through the ``received_at`` index in
its order (no sort: the first rows come at once) with the transfer instant as a subquery and
nothing joined, ``chunk_size`` rows at a time; per chunk, one query for the owners and the names
of agencies and procedures not seen yet (``overdue.Names``). A year of a province exports in
bounded memory. ``write_xlsx`` lays the rows out like the official form.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from motcua.core.dates import vn_midnight
from motcua.documents import wording
from motcua.dossiers.forms import form_number
from motcua.dossiers.models import Dossier, DossierStep, Party
from motcua.dossiers.policies import regime_on
from motcua.dossiers.states import PAUSED_STATES, State
from motcua.dossiers.timeliness import classify_finished, classify_pending
from motcua.workcalendar.clock import VN_TZ

from . import excel
from .overdue import Names, not_indexed

CHUNK = 2000
WITHDRAWN = "withdrawn"

# The CSV columns, in this order.
COLUMNS = (
    "number",
    "code",
    "procedure_code",
    "procedure_name",
    "sets",
    "owner_name",
    "owner_address",
    "owner_phone",
    "competent_agency_code",
    "competent_agency_name",
    "receiving_unit_code",
    "receiving_unit_name",
    "received_at",
    "appointment_at",
    "transferred_at",
    "result_received_at",
    "returned_at",
    "returned_to",
    "timeliness",
    "timeliness_label",
    "note",
)


@dataclass(frozen=True)
class LedgerRow:
    number: int
    code: str
    procedure_code: str
    procedure_name: str
    sets: int
    owner_name: str
    owner_address: str
    owner_phone: str
    competent_agency_code: str
    competent_agency_name: str
    receiving_unit_code: str
    receiving_unit_name: str
    received_at: datetime.datetime
    appointment_at: datetime.datetime | None
    transferred_at: datetime.datetime | None
    result_received_at: datetime.datetime | None
    returned_at: datetime.datetime | None
    returned_to: str
    timeliness: str  # a code of wording.LABELS["timeliness"]
    note: str

    @property
    def timeliness_label(self) -> str:
        return wording.label("timeliness", self.timeliness)

    @property
    def address_phone(self) -> str:
        """Column 6 of the form: "address; phone"."""
        return "; ".join(part for part in (self.owner_address, self.owner_phone) if part)

    def table_row(self) -> list:
        """The values of ``COLUMNS`` (instants in ISO 8601, Vietnam time)."""
        values = []
        for name in COLUMNS:
            value = getattr(self, name)
            if isinstance(value, datetime.datetime):
                value = value.astimezone(VN_TZ).isoformat()
            values.append("" if value is None else value)
        return values


def timeliness(state: str, finished_at, due_at, at: datetime.datetime) -> str:
    """The ledger's timeliness code for a dossier in ``state``, looked at on ``at`` (the print
    view's rule, ``motcua.documents.ledger.timeliness``)."""
    if state == State.WITHDRAWN:
        return WITHDRAWN
    if state in (State.FINISHED, State.RETURNED) and finished_at:
        return classify_finished(finished_at=finished_at, due_at=due_at).value
    return classify_pending(at=at, due_at=due_at, paused=state in PAUSED_STATES)


def ledger_queryset(
    *, date_from: datetime.date, date_to: datetime.date, agencies: set[int] | None = None
) -> QuerySet[Dossier]:
    """The dossiers of the ledger as ``values()`` rows, in the order received: read through the
    ``received_at`` index in its order (no sort, rows come as they are read), the scope applied
    as a filter, nothing joined (names come from ``Names``)."""
    transfer = (
        DossierStep.objects.filter(dossier=OuterRef("pk"))
        .exclude(agency=OuterRef("receiving_unit"))
        .order_by("sequence")
        .values("started_at")[:1]
    )
    queryset = Dossier.objects.filter(
        received_at__gte=vn_midnight(date_from),
        received_at__lt=vn_midnight(date_to + datetime.timedelta(days=1)),
    )
    if agencies is not None:
        queryset = queryset.alias(unit=not_indexed("receiving_unit_id")).filter(
            unit__in=sorted(agencies)
        )
    return (
        queryset.annotate(transferred_at=Subquery(transfer))
        .order_by("received_at", "pk")
        .values(
            "pk",
            "code",
            "state",
            "procedure_version_id",
            "sets",
            "competent_agency_id",
            "receiving_unit_id",
            "received_at",
            "due_at",
            "appointment_at",
            "transferred_at",
            "finished_at",
            "returned_at",
            "returned_to",
        )
    )


def ledger_rows(
    *,
    date_from: datetime.date,
    date_to: datetime.date,
    agencies: set[int] | None = None,
    at: datetime.datetime | None = None,
    chunk_size: int = CHUNK,
) -> Iterator[LedgerRow]:
    """The ledger's rows, streamed. ``agencies``: receiving units (ids), ``None`` for all."""
    if date_from > date_to:
        raise ValueError("date_from is after date_to")
    at = at or timezone.now()
    dossiers = ledger_queryset(date_from=date_from, date_to=date_to, agencies=agencies)
    number = itertools.count(1)
    names = Names()
    for chunk in _chunks(dossiers.iterator(chunk_size=chunk_size), chunk_size):
        owners = _owners([values["pk"] for values in chunk])
        names.load(
            agencies=itertools.chain.from_iterable(
                (v["competent_agency_id"], v["receiving_unit_id"]) for v in chunk
            ),
            versions=(v["procedure_version_id"] for v in chunk),
        )
        for values in chunk:
            owner = owners.get(values["pk"], ("", "", ""))
            yield _row(next(number), values, owner, names, at)


def _chunks(rows: Iterable[dict], size: int) -> Iterator[list[dict]]:
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _owners(dossier_ids: list[int]) -> dict[int, tuple[str, str, str]]:
    """(name, address, phone) of each dossier's owner — or, without one, its submitter."""
    parties = Party.objects.filter(
        dossier_id__in=dossier_ids, kind__in=(Party.Kind.OWNER, Party.Kind.SUBMITTER)
    ).values_list("dossier_id", "kind", "name", "address", "phone")
    found: dict[int, tuple[str, str, str]] = {}
    for dossier_id, kind, name, address, phone in parties:
        if kind == Party.Kind.OWNER or dossier_id not in found:
            found[dossier_id] = (name, address, phone)
    return found


def _row(number: int, values: dict, owner: tuple[str, str, str], names: Names, at) -> LedgerRow:
    state = values["state"]
    notes = []
    if state in PAUSED_STATES:
        notes.append(wording.label("state", state))
    if values["returned_to"]:
        notes.append(f"Người nhận kết quả: {values['returned_to']}")
    procedure_code, procedure_name = names.versions[values["procedure_version_id"]]
    competent_code, competent_name = names.agencies[values["competent_agency_id"]]
    unit_code, unit_name = names.agencies[values["receiving_unit_id"]]
    return LedgerRow(
        number=number,
        code=values["code"] or "",
        procedure_code=procedure_code,
        procedure_name=procedure_name,
        sets=values["sets"],
        owner_name=owner[0],
        owner_address=owner[1],
        owner_phone=owner[2],
        competent_agency_code=competent_code,
        competent_agency_name=competent_name,
        receiving_unit_code=unit_code,
        receiving_unit_name=unit_name,
        received_at=values["received_at"],
        appointment_at=values["appointment_at"],
        transferred_at=values["transferred_at"],
        # Processing stopped: no result came back from the deciding agency.
        result_received_at=None if state == State.WITHDRAWN else values["finished_at"],
        returned_at=values["returned_at"],
        returned_to=values["returned_to"],
        timeliness=timeliness(state, values["finished_at"], values["due_at"], at),
        note="; ".join(notes),
    )


# --- The official form as a workbook -----------------------------------------------------------

# (heading, width) of the form's columns; 8–12 are under "Ngày, tháng, năm".
FORM_COLUMNS = (
    ("STT", 6),
    ("Mã hồ sơ", 22),
    ("Tên thủ tục hành chính", 40),
    ("Số lượng hồ sơ (bộ)", 9),
    ("Tên cá nhân, tổ chức", 24),
    ("Địa chỉ, số điện thoại", 30),
    ("Cơ quan chủ trì giải quyết", 24),
    ("Nhận hồ sơ", 17),
    ("Hẹn trả kết quả", 17),
    ("Chuyển hồ sơ đến cơ quan giải quyết", 17),
    ("Nhận kết quả từ cơ quan giải quyết", 17),
    ("Trả kết quả cho cá nhân, tổ chức", 17),
    ("Kết quả giải quyết (Trước hạn/Đúng hạn/Quá hạn)", 17),
    ("Ghi chú", 28),
)
DATES_HEADING = "Ngày, tháng, năm"
DATE_COLUMNS = (8, 12)  # first and last column under DATES_HEADING
UNIT_COLUMN = ("Bộ phận tiếp nhận", 28)  # added when the ledger covers several units
HEADER_ROW = 8  # the header takes rows 8–9, the column numbers row 10
FIRST_DATA_ROW = 11
SHEET_TITLE = "Sổ theo dõi hồ sơ"
EXCEL_MAX_ROWS = 1_048_576  # rows of a worksheet


def form_set_for(date_to: datetime.date) -> str:
    """The form set in force on the last day of the period (2018 or 2025)."""
    return regime_on(date_to).form_set


def write_xlsx(
    target: Path | BinaryIO,
    rows: Iterable[LedgerRow],
    *,
    date_from: datetime.date,
    date_to: datetime.date,
    unit_name: str = "",
    several_units: bool = True,
    form_set: str | None = None,
    max_rows: int = EXCEL_MAX_ROWS,
) -> int:
    """Write the ledger as an xlsx workbook laid out like the official form: form number and
    masthead, title and period, the two header rows and the column numbers (frozen above the
    rows, repeated on each printed page), one row per dossier with instants as Excel date-times
    in Vietnam time. ``unit_name`` heads the masthead; ``several_units`` adds the receiving
    unit's column. Rows that do not fit in a worksheet (``max_rows``) go on to another, laid out
    the same way ("Sổ theo dõi hồ sơ (2)"…). Returns the number of dossiers written."""
    form_set = form_set or form_set_for(date_to)
    columns = [*FORM_COLUMNS, UNIT_COLUMN] if several_units else list(FORM_COLUMNS)
    book = excel.workbook()

    def new_sheet(number: int):
        title = SHEET_TITLE if number == 1 else f"{SHEET_TITLE} ({number})"
        sheet = book.create_sheet(title)
        _layout(sheet, columns, form_set=form_set, unit_name=unit_name, period=(date_from, date_to))
        return sheet

    per_sheet = max_rows - FIRST_DATA_ROW + 1
    sheets, count = 1, 0
    sheet = new_sheet(sheets)
    for row in rows:
        if count and count % per_sheet == 0:
            sheets += 1
            sheet = new_sheet(sheets)
        sheet.append(_cells(sheet, row, several_units))
        count += 1
    if not count:
        empty = "Không có hồ sơ nào được tiếp nhận trong thời gian này."
        sheet.append([excel.styled(sheet, empty, excel.NOTE)])
        excel.merge(sheet, FIRST_DATA_ROW, 1, len(columns))
    excel.save(book, target)
    return count


def _layout(sheet, columns, *, form_set: str, unit_name: str, period) -> None:
    """Everything above the rows (rows 1–10), and the sheet's widths, panes and printing."""
    width = len(columns)
    excel.set_widths(sheet, [w for _, w in columns])
    excel.landscape(sheet, title_rows=f"{HEADER_ROW}:{FIRST_DATA_ROW - 1}")
    sheet.freeze_panes = f"C{FIRST_DATA_ROW}"
    _masthead(sheet, width, form_set=form_set, unit_name=unit_name)
    sheet.append([])
    sheet.append([excel.title_cell(sheet, wording.title("ledger", form_set))])
    excel.merge(sheet, 5, 1, width)
    date_from, date_to = period
    text = f"Từ ngày {date_from:%d/%m/%Y} đến ngày {date_to:%d/%m/%Y}"
    sheet.append([excel.styled(sheet, text, excel.NOTE)])
    excel.merge(sheet, 6, 1, width)
    sheet.append([])
    _header(sheet, columns)


def _masthead(sheet, width: int, *, form_set: str, unit_name: str) -> None:
    """Rows 1–3: the form's number; the unit and the national motto."""
    number = f"Mẫu số {form_number(form_set, 'ledger')} ({wording.LEGAL_BASIS.get(form_set, '')})"
    right = max(width - 5, 8)  # the motto spans the right-hand columns
    sheet.append([None] * (right - 1) + [excel.styled(sheet, number, excel.NOTE)])
    excel.merge(sheet, 1, right, width)
    sheet.append(
        [excel.styled(sheet, unit_name, excel.BOLD)]
        + [None] * (right - 2)
        + [excel.styled(sheet, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", excel.BOLD)]
    )
    excel.merge(sheet, 2, 1, 5)
    excel.merge(sheet, 2, right, width)
    sheet.append(
        [None] * (right - 1) + [excel.styled(sheet, "Độc lập - Tự do - Hạnh phúc", excel.BOLD)]
    )
    excel.merge(sheet, 3, right, width)


def _header(sheet, columns: list[tuple[str, float]]) -> None:
    """Rows 8–10: the headings (the dates grouped under one), then (1), (2)… ."""
    first, last = DATE_COLUMNS
    top, bottom = [], []
    for index, (heading, _width) in enumerate(columns, start=1):
        if first <= index <= last:
            top.append(excel.header_cell(sheet, DATES_HEADING if index == first else ""))
            bottom.append(excel.header_cell(sheet, heading))
        else:
            top.append(excel.header_cell(sheet, heading))
            bottom.append(excel.header_cell(sheet, ""))
            excel.merge(sheet, HEADER_ROW, index, index, rows=2)
    excel.merge(sheet, HEADER_ROW, first, last)
    sheet.append(top)
    sheet.append(bottom)
    sheet.append([excel.header_cell(sheet, f"({n})") for n in range(1, len(columns) + 1)])


def _cells(sheet, row: LedgerRow, several_units: bool) -> list:
    text, instant = excel.text_cell, excel.instant_cell
    cells = [
        text(sheet, row.number, wrap=False),
        text(sheet, row.code, wrap=False),
        text(sheet, row.procedure_name),
        text(sheet, row.sets, wrap=False),
        text(sheet, row.owner_name),
        text(sheet, row.address_phone),
        text(sheet, row.competent_agency_name),
        instant(sheet, row.received_at),
        instant(sheet, row.appointment_at),
        instant(sheet, row.transferred_at),
        instant(sheet, row.result_received_at),
        instant(sheet, row.returned_at),
        text(sheet, row.timeliness_label),
        text(sheet, row.note),
    ]
    if several_units:
        cells.append(text(sheet, row.receiving_unit_name))
    return cells
