"""Excel workbooks (xlsx, openpyxl) for the reports: small helpers shared by every export.

Workbooks are written in openpyxl's *write-only* mode: rows go to a temporary file as they are
appended, so an export of hundreds of thousands of rows runs in bounded memory. In that mode the
sheet's layout (column widths, frozen panes, merged ranges, print set-up) is set before the
first row, and a cell is styled by appending a ``WriteOnlyCell`` instead of a plain value:

    book = workbook()
    sheet = book.create_sheet("Sổ theo dõi")
    set_widths(sheet, [6, 22, 40])
    merge(sheet, 1, 1, 3)                       # row 1, columns 1–3
    sheet.append([title_cell(sheet, "SỔ THEO DÕI HỒ SƠ")])
    sheet.append([header_cell(sheet, "STT"), header_cell(sheet, "Mã hồ sơ"), …])
    sheet.freeze_panes = "A3"
    sheet.append([text_cell(sheet, 1), text_cell(sheet, "H99.20-250707-0001"),
                  instant_cell(sheet, dossier.received_at)])
    save(book, path)  # or to_bytes(book)

The workbook carries named styles (``TITLE``, ``HEADER``, ``TEXT``, ``INSTANT``…): ``styled``
and the ``*_cell`` helpers use them, which keeps long tables fast; ``cell`` styles a cell with
any font, border, fill and number format, for the few cells that need something else.

Excel knows no time zones: instants are written as Vietnam local date-times (``instant_cell``),
dates as dates (``date_cell``), both as real Excel dates with a Vietnamese display format.
"""

from __future__ import annotations

import copy
import datetime
import io
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from motcua.workcalendar.clock import VN_TZ

FONT_NAME = "Times New Roman"  # the official forms' typeface
DATE_FORMAT = "DD/MM/YYYY"
INSTANT_FORMAT = "DD/MM/YYYY HH:MM"

_THIN = Side(style="thin")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="top", wrap_text=True)
TOP = Alignment(vertical="top")
HEADER_FILL = PatternFill(fill_type="solid", start_color="FFF2F2F2", end_color="FFF2F2F2")


def _font(size: int = 11, **options) -> Font:
    return Font(name=FONT_NAME, size=size, **options)


TITLE_FONT = _font(14, bold=True)
BOLD_FONT = _font(12, bold=True)
HEADER_FONT = _font(bold=True)
TEXT_FONT = _font()
NOTE_FONT = _font(italic=True)


# The workbook's named styles: a cell takes one by name (cheap: no style object is hashed per
# cell, which matters for hundreds of thousands of rows).
TITLE = "Một Cửa: tiêu đề"
BOLD = "Một Cửa: đậm"
NOTE = "Một Cửa: ghi chú"
HEADER = "Một Cửa: tiêu đề cột"
TEXT = "Một Cửa: chữ"
VALUE = "Một Cửa: giá trị"
INSTANT = "Một Cửa: ngày giờ"
DATE = "Một Cửa: ngày"
STYLES = (
    NamedStyle(TITLE, font=TITLE_FONT, alignment=CENTRE),
    NamedStyle(BOLD, font=BOLD_FONT, alignment=CENTRE),
    NamedStyle(NOTE, font=NOTE_FONT, alignment=CENTRE),
    NamedStyle(HEADER, font=HEADER_FONT, alignment=CENTRE, border=BORDER, fill=HEADER_FILL),
    NamedStyle(TEXT, font=TEXT_FONT, alignment=WRAP, border=BORDER),
    NamedStyle(VALUE, font=TEXT_FONT, alignment=TOP, border=BORDER),
    NamedStyle(INSTANT, font=TEXT_FONT, alignment=TOP, border=BORDER, number_format=INSTANT_FORMAT),
    NamedStyle(DATE, font=TEXT_FONT, alignment=TOP, border=BORDER, number_format=DATE_FORMAT),
)

_NUMBER_FORMATS = {INSTANT: INSTANT_FORMAT, DATE: DATE_FORMAT}


def workbook() -> Workbook:
    """A new write-only workbook with the named styles above (no sheet yet:
    ``book.create_sheet(title)``)."""
    book = Workbook(write_only=True)
    for style in STYLES:
        book.add_named_style(copy.copy(style))
    return book


def set_widths(sheet: WriteOnlyWorksheet, widths: Sequence[float]) -> None:
    """Widths of the first columns, in characters (before the first row is appended)."""
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def merge(sheet: WriteOnlyWorksheet, row: int, first: int, last: int, *, rows: int = 1) -> None:
    """Merge columns ``first``–``last`` (1-based) of ``rows`` rows from ``row``."""
    last_row = row + rows - 1
    sheet.merged_cells.add(f"{get_column_letter(first)}{row}:{get_column_letter(last)}{last_row}")


def landscape(sheet: WriteOnlyWorksheet, *, title_rows: str | None = None) -> None:
    """Print on A4 landscape, fitted to the page width, repeating ``title_rows`` ("6:8")."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        sheet.print_title_rows = title_rows


def styled(sheet: WriteOnlyWorksheet, value, style: str) -> WriteOnlyCell:
    """A cell to append in a row, in one of the named styles (``TITLE``, ``HEADER``…): the
    cheap way for the rows of a long table."""
    found = WriteOnlyCell(sheet, value=value)
    found.style = style
    number_format = _NUMBER_FORMATS.get(style)
    if number_format is not None:
        # A named style's own number format is lost unless it is a built-in one (openpyxl 3.1).
        found.number_format = number_format
    return found


def cell(
    sheet: WriteOnlyWorksheet,
    value,
    *,
    font: Font = TEXT_FONT,
    alignment: Alignment | None = None,
    border: Border | None = None,
    fill: PatternFill | None = None,
    number_format: str | None = None,
) -> WriteOnlyCell:
    """A cell styled on the spot (each style object is looked up per cell: for a few cells,
    not for the rows of a long table — use ``styled``)."""
    found = WriteOnlyCell(sheet, value=value)
    found.font = font
    if alignment is not None:
        found.alignment = alignment
    if border is not None:
        found.border = border
    if fill is not None:
        found.fill = fill
    if number_format is not None:
        found.number_format = number_format
    return found


def title_cell(sheet: WriteOnlyWorksheet, value: str, *, font: Font | None = None) -> WriteOnlyCell:
    """A centred title (merge its row across the table with ``merge``), in ``TITLE_FONT`` or
    ``font``."""
    if font is not None:
        return cell(sheet, value, font=font, alignment=CENTRE)
    return styled(sheet, value, TITLE)


def header_cell(sheet: WriteOnlyWorksheet, value: str = "") -> WriteOnlyCell:
    """A cell of a table's header: bold, centred, wrapped, boxed, shaded."""
    return styled(sheet, value, HEADER)


def text_cell(sheet: WriteOnlyWorksheet, value, *, wrap: bool = True) -> WriteOnlyCell:
    """A boxed cell of a table's body (text wraps unless ``wrap=False``: codes, numbers)."""
    return styled(sheet, value, TEXT if wrap else VALUE)


def local(value: datetime.datetime) -> datetime.datetime:
    """An instant as a naive Vietnam date-time (Excel has no time zones)."""
    return value.astimezone(VN_TZ).replace(tzinfo=None)


def instant_cell(sheet: WriteOnlyWorksheet, value: datetime.datetime | None) -> WriteOnlyCell:
    """An instant as an Excel date-time in Vietnam time (empty for ``None``), boxed."""
    return styled(sheet, local(value) if value is not None else None, INSTANT)


def date_cell(sheet: WriteOnlyWorksheet, value: datetime.date | None) -> WriteOnlyCell:
    """A calendar date as an Excel date (empty for ``None``), boxed."""
    return styled(sheet, value, DATE)


def to_bytes(book: Workbook) -> bytes:
    """The workbook as the bytes of an xlsx file (for an HTTP response)."""
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def save(book: Workbook, target: Path | BinaryIO) -> None:
    """Write the workbook to a file (a path, or a binary file open for writing)."""
    book.save(target)
