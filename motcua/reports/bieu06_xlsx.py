"""The handling report as an Excel workbook laid out like the official Biểu số 06/VPCP/KSTT.

The form's header block (reporting unit, form number, title, period, unit of count), the three
header rows of column groups — received (total; of which online, direct and postal, carried
over), resolved (total, early, on time, late), pending (total, within time, overdue) — the
numbered column row (1)…(14), then one row per group. By agency, each level (province,
commune…) opens with its subtotal row, in bold; the grand total closes the table. Figures are
numbers and the on-time rate a percentage, so that the sheet can be summed and charted.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from . import excel
from .bieu06 import BY_AGENCY, BY_FIELD, BY_LEVEL, FIGURES, Bieu06, Figures, lines

COUNT_FIGURES = FIGURES[:-1]  # all but the on-time rate, a percentage
WIDTHS = [6, 42, 10, 10, 12, 10, 10, 10, 10, 10, 10, 10, 10, 11]
COLUMNS = len(WIDTHS)


def _group_title(by: str) -> str:
    return {
        BY_AGENCY: _("Agency"),
        BY_LEVEL: _("Level"),
        BY_FIELD: _("Field"),
    }.get(by, _("Procedure"))


def workbook(report: Bieu06, *, unit: str) -> bytes:
    """The xlsx file of ``report``; ``unit`` names the reporting unit in the header block."""
    book = excel.workbook()
    sheet = book.create_sheet(_("Form 06"))
    excel.set_widths(sheet, WIDTHS)
    excel.landscape(sheet, title_rows="5:8")
    sheet.freeze_panes = "C9"  # write-only sheets take their layout before the first row
    for row in (2, 3, 4):
        excel.merge(sheet, row, 1, COLUMNS)
    excel.merge(sheet, 1, 1, 6)
    excel.merge(sheet, 1, 11, COLUMNS)
    # Header rows 5–7: the column groups, merged as on the form.
    excel.merge(sheet, 5, 1, 1, rows=3)
    excel.merge(sheet, 5, 2, 2, rows=3)
    excel.merge(sheet, 5, 3, 6)
    excel.merge(sheet, 5, 7, 10)
    excel.merge(sheet, 5, 11, 13)
    excel.merge(sheet, 5, 14, 14, rows=3)
    excel.merge(sheet, 6, 3, 3, rows=2)
    excel.merge(sheet, 6, 4, 6)
    for column in range(7, 14):
        excel.merge(sheet, 6, column, column, rows=2)

    blank = [None] * (COLUMNS - 11)
    sheet.append(
        [
            excel.cell(sheet, _("Reporting unit: %(unit)s") % {"unit": unit}, font=excel.BOLD_FONT),
            *[None] * 9,
            excel.cell(sheet, _("Form No. 06/VPCP/KSTT"), font=excel.BOLD_FONT),
        ]
    )
    sheet.append(
        [
            excel.title_cell(
                sheet,
                _(
                    "STATUS AND RESULTS OF HANDLING ADMINISTRATIVE PROCEDURES AT THE AGENCIES "
                    "AND UNITS THAT HANDLE THEM DIRECTLY"
                ),
            )
        ]
    )
    sheet.append(
        [
            excel.title_cell(
                sheet,
                _("Reporting period: from %(from)s to %(to)s")
                % {"from": f"{report.date_from:%d/%m/%Y}", "to": f"{report.date_to:%d/%m/%Y}"},
                font=excel.NOTE_FONT,
            )
        ]
    )
    sheet.append(
        [
            excel.cell(
                sheet,
                _("Unit of count: dossiers of administrative procedures"),
                font=excel.NOTE_FONT,
            )
        ]
    )
    h = lambda text="": excel.header_cell(sheet, text)  # noqa: E731
    sheet.append(
        [
            h(_("No.")),
            h(_group_title(report.by)),
            h(_("Dossiers received")),
            h(),
            h(),
            h(),
            h(_("Dossiers resolved")),
            h(),
            h(),
            h(),
            h(_("Dossiers pending")),
            h(),
            h(),
            h(_("On-time rate (%)")),
        ]
    )
    sheet.append(
        [
            h(),
            h(),
            h(_("Total")),
            h(_("of which")),
            h(),
            h(),
            h(_("Total")),
            h(_("Early")),
            h(_("On time")),
            h(_("Late")),
            h(_("Total")),
            h(_("Within time")),
            h(_("Overdue")),
            h(),
        ]
    )
    sheet.append(
        [
            h(),
            h(),
            h(),
            h(_("Online")),
            h(_("Direct and postal")),
            h(_("Carried over from the previous period")),
            *[h() for _column in range(8)],
        ]
    )
    sheet.append([h(f"({n})") for n in range(1, COLUMNS + 1)])

    number = 0
    for kind, row in lines(report):
        if kind == "row":
            number += 1
            sheet.append(_figures_row(sheet, str(number), row.name, row.figures, bold=False))
        else:
            sheet.append(_figures_row(sheet, "", row.name, row.figures, bold=True))
    sheet.append(_figures_row(sheet, "", _("Total"), report.total, bold=True))
    sheet.append([])
    sheet.append(
        [
            None,
            excel.cell(sheet, _("Prepared by"), font=excel.BOLD_FONT),
            *[None] * 8,
            excel.cell(sheet, _("Head of the agency"), font=excel.BOLD_FONT),
            *blank[1:],
        ]
    )
    return excel.to_bytes(book)


def _figures_row(sheet, number: str, name: str, figures: Figures, *, bold: bool) -> list:
    font = excel.HEADER_FONT if bold else excel.TEXT_FONT
    border = excel.BORDER
    out = [
        excel.cell(sheet, number, font=font, alignment=excel.CENTRE, border=border),
        excel.cell(sheet, name, font=font, alignment=excel.WRAP, border=border),
    ]
    out += [
        excel.cell(sheet, getattr(figures, f), font=font, border=border, number_format="#,##0")
        for f in COUNT_FIGURES
    ]
    rate = figures.on_time_rate
    out.append(
        excel.cell(
            sheet,
            None if rate is None else float(rate) / 100,
            font=font,
            border=border,
            number_format="0.00%",
        )
    )
    return out
