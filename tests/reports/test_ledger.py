"""The tracking ledger export (sổ theo dõi hồ sơ, Form 06/07): rows, streaming, the workbook laid
out like the form — on the dossiers of ``test_overdue.py``, all received at the centre on Monday
7 July 2025 from 08:00 to 08:35."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from motcua.dossiers.models import Dossier, Party
from motcua.reports import excel
from motcua.reports.ledger import (
    COLUMNS,
    FIRST_DATA_ROW,
    LedgerRow,
    ledger_rows,
    write_xlsx,
)

from .test_overdue import lists, vn  # noqa: F401

D = datetime.date
LATER = vn(2025, 7, 31, 12, 0)
FIRST, LAST = D(2025, 7, 1), D(2025, 7, 31)


def rows(date_from=FIRST, date_to=LAST, **options) -> list[LedgerRow]:
    options.setdefault("at", LATER)
    return list(ledger_rows(date_from=date_from, date_to=date_to, **options))


def codes(found) -> list[str]:
    return [row.code for row in found]


def order(lists) -> list[str]:  # noqa: F811
    return [
        d.code
        for d in (
            lists.late2,
            lists.late1,
            lists.on_time,
            lists.pending,
            lists.paused,
            lists.resumed,
            lists.withdrawn,
            lists.division,
        )
    ]


def test_every_dossier_received_in_reception_order(lists):  # noqa: F811
    found = rows()
    assert codes(found) == order(lists)
    assert [row.number for row in found] == list(range(1, 9))


def test_the_columns_of_a_returned_dossier(lists):  # noqa: F811
    w = lists.world
    row = rows()[0]
    assert row == LedgerRow(
        number=1,
        code=lists.late2.code,
        procedure_code="2.000488.H99",
        procedure_name=w.case.version.name,
        sets=1,
        owner_name="Nguyễn Văn An",
        owner_address="Phường Sơn Hà",
        owner_phone="0912345678",
        competent_agency_code="H99.01",
        competent_agency_name="Sở Tư pháp",
        receiving_unit_code="H99.20",
        receiving_unit_name="Trung tâm PVHCC tỉnh",
        received_at=vn(2025, 7, 7, 8, 0),
        appointment_at=vn(2025, 7, 14, 8, 0),
        transferred_at=vn(2025, 7, 7, 9, 0),  # handed to the department
        result_received_at=vn(2025, 7, 16, 10, 0),
        returned_at=vn(2025, 7, 18, 9, 0),
        returned_to="Nguyễn Văn An",
        timeliness="late",
        note="Người nhận kết quả: Nguyễn Văn An",
    )
    assert row.timeliness_label == "Quá hạn"
    assert row.address_phone == "Phường Sơn Hà; 0912345678"
    assert dict(zip(COLUMNS, row.table_row(), strict=True)) == {
        "number": 1,
        "code": lists.late2.code,
        "procedure_code": "2.000488.H99",
        "procedure_name": w.case.version.name,
        "sets": 1,
        "owner_name": "Nguyễn Văn An",
        "owner_address": "Phường Sơn Hà",
        "owner_phone": "0912345678",
        "competent_agency_code": "H99.01",
        "competent_agency_name": "Sở Tư pháp",
        "receiving_unit_code": "H99.20",
        "receiving_unit_name": "Trung tâm PVHCC tỉnh",
        "received_at": "2025-07-07T08:00:00+07:00",
        "appointment_at": "2025-07-14T08:00:00+07:00",
        "transferred_at": "2025-07-07T09:00:00+07:00",
        "result_received_at": "2025-07-16T10:00:00+07:00",
        "returned_at": "2025-07-18T09:00:00+07:00",
        "returned_to": "Nguyễn Văn An",
        "timeliness": "late",
        "timeliness_label": "Quá hạn",
        "note": "Người nhận kết quả: Nguyễn Văn An",
    }


def test_timeliness_and_notes(lists):  # noqa: F811
    found = {row.code: row for row in rows()}
    assert found[lists.late1.code].timeliness == "late"
    assert found[lists.late1.code].returned_at is None
    assert found[lists.on_time.code].timeliness == "on_time"
    assert found[lists.pending.code].timeliness == "overdue"  # on the 31st
    paused = found[lists.paused.code]
    assert (paused.timeliness, paused.note) == ("within", "Chờ thực hiện nghĩa vụ tài chính")
    withdrawn = found[lists.withdrawn.code]
    assert withdrawn.timeliness == "withdrawn"
    assert withdrawn.timeliness_label == "Đã rút hồ sơ"
    assert withdrawn.result_received_at is None  # no result came back
    assert found[lists.division.code].competent_agency_name == "Phòng Hành chính tư pháp"
    # Looked at before the due day, the pending dossier is within time.
    early = {row.code: row for row in rows(at=vn(2025, 7, 10, 9, 0))}
    assert early[lists.pending.code].timeliness == "within"


def test_received_on_the_first_and_last_day_by_vietnam_days(lists):  # noqa: F811
    # Received on Tuesday 8 at 06:30 in Vietnam — still Monday 7 in UTC.
    Dossier.objects.filter(pk=lists.division.pk).update(received_at=vn(2025, 7, 8, 6, 30))
    assert lists.division.code not in codes(rows(D(2025, 7, 7), D(2025, 7, 7)))
    assert codes(rows(D(2025, 7, 8), D(2025, 7, 8))) == [lists.division.code]
    assert codes(rows(D(2025, 7, 1), D(2025, 7, 6))) == []
    assert len(rows(D(2025, 7, 7), D(2025, 7, 8))) == 8


def test_the_scope_is_the_receiving_unit(lists):  # noqa: F811
    w = lists.world
    assert len(rows(agencies={w.centre.pk})) == 8
    assert rows(agencies={w.department.pk, w.division.pk}) == []  # they decide, not receive
    assert rows(agencies=set()) == []


def test_the_owner_or_else_the_submitter(lists):  # noqa: F811
    Party.objects.filter(dossier_id=lists.late1.pk, kind="owner").update(
        kind="submitter", name="Trần Thị Bình", address="", phone=""
    )
    row = rows()[1]
    assert (row.owner_name, row.address_phone) == ("Trần Thị Bình", "")


def test_rows_are_read_a_chunk_at_a_time(lists, django_assert_num_queries):  # noqa: F811
    # The dossiers; for the first chunk of 3 the owners, the agencies and the procedure version;
    # for the two others the owners only, and the division once (division's competent agency).
    with django_assert_num_queries(1 + 3 + 1 + 2):
        found = rows(chunk_size=3)
    assert codes(found) == order(lists)
    assert [row.number for row in found] == list(range(1, 9))


def test_bad_period():
    with pytest.raises(ValueError, match="date_from"):
        rows(D(2025, 7, 2), D(2025, 7, 1))


# --- The workbook ------------------------------------------------------------------------------


def workbook(found, **options):
    buffer = io.BytesIO()
    options.setdefault("date_from", D(2025, 7, 1))
    options.setdefault("date_to", D(2025, 7, 31))
    count = write_xlsx(buffer, found, **options)
    buffer.seek(0)
    return count, load_workbook(buffer)


def values(sheet, row: int) -> list:
    return [c.value for c in sheet[row]]


def test_the_workbook_is_laid_out_like_the_form(lists):  # noqa: F811
    count, book = workbook(rows(), unit_name="Trung tâm PVHCC tỉnh", several_units=False)
    assert count == 8
    sheet = book.active
    assert sheet.title == "Sổ theo dõi hồ sơ"
    # July 2025: the 2025 form set, Form 07.
    assert "Mẫu số 07 (Thông tư số 03/2025/TT-VPCP)" in values(sheet, 1)
    assert values(sheet, 2)[0] == "Trung tâm PVHCC tỉnh"
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in values(sheet, 2)
    assert sheet["A5"].value == "SỔ THEO DÕI HỒ SƠ"
    assert sheet["A5"].font.bold
    assert sheet["A6"].value == "Từ ngày 01/07/2025 đến ngày 31/07/2025"
    assert values(sheet, 8) == [
        "STT",
        "Mã hồ sơ",
        "Tên thủ tục hành chính",
        "Số lượng hồ sơ (bộ)",
        "Tên cá nhân, tổ chức",
        "Địa chỉ, số điện thoại",
        "Cơ quan chủ trì giải quyết",
        "Ngày, tháng, năm",
        None,
        None,
        None,
        None,
        "Kết quả giải quyết (Trước hạn/Đúng hạn/Quá hạn)",
        "Ghi chú",
    ]
    assert values(sheet, 9)[7:12] == [
        "Nhận hồ sơ",
        "Hẹn trả kết quả",
        "Chuyển hồ sơ đến cơ quan giải quyết",
        "Nhận kết quả từ cơ quan giải quyết",
        "Trả kết quả cho cá nhân, tổ chức",
    ]
    assert values(sheet, 10) == [f"({n})" for n in range(1, 15)]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A5:N5", "H8:L8", "A8:A9", "N8:N9"} <= merged
    assert sheet.freeze_panes == f"C{FIRST_DATA_ROW}"
    assert sheet.column_dimensions["C"].width == 40
    assert sheet.print_title_rows == "$8:$10"  # repeated on every printed page
    assert sheet.max_row == 18

    first = values(sheet, FIRST_DATA_ROW)
    assert first == [
        1,
        lists.late2.code,
        lists.world.case.version.name,
        1,
        "Nguyễn Văn An",
        "Phường Sơn Hà; 0912345678",
        "Sở Tư pháp",
        # Excel dates, in Vietnam time.
        datetime.datetime(2025, 7, 7, 8, 0),
        datetime.datetime(2025, 7, 14, 8, 0),
        datetime.datetime(2025, 7, 7, 9, 0),
        datetime.datetime(2025, 7, 16, 10, 0),
        datetime.datetime(2025, 7, 18, 9, 0),
        "Quá hạn",
        "Người nhận kết quả: Nguyễn Văn An",
    ]
    assert sheet.cell(FIRST_DATA_ROW, 8).number_format == "DD/MM/YYYY HH:MM"
    assert sheet.cell(FIRST_DATA_ROW, 8).is_date
    withdrawn = values(sheet, FIRST_DATA_ROW + 6)
    assert withdrawn[1] == lists.withdrawn.code
    assert withdrawn[10:13] == [None, None, "Đã rút hồ sơ"]


def test_a_workbook_of_several_units_names_the_receiving_unit(lists):  # noqa: F811
    _count, book = workbook(rows())
    sheet = book.active
    assert sheet.cell(8, 15).value == "Bộ phận tiếp nhận"
    assert sheet.cell(FIRST_DATA_ROW, 15).value == "Trung tâm PVHCC tỉnh"
    assert "A5:O5" in {str(r) for r in sheet.merged_cells.ranges}


def test_rows_beyond_a_sheet_go_on_to_another(lists):  # noqa: F811
    count, book = workbook(rows(), max_rows=FIRST_DATA_ROW + 2)  # 3 rows a sheet
    assert count == 8
    assert book.sheetnames == [
        "Sổ theo dõi hồ sơ",
        "Sổ theo dõi hồ sơ (2)",
        "Sổ theo dõi hồ sơ (3)",
    ]
    numbers = [
        [sheet.cell(r, 1).value for r in range(FIRST_DATA_ROW, sheet.max_row + 1)]
        for sheet in book.worksheets
    ]
    assert numbers == [[1, 2, 3], [4, 5, 6], [7, 8]]
    second = book.worksheets[1]
    assert second["A5"].value == "SỔ THEO DÕI HỒ SƠ"
    assert second.freeze_panes == f"C{FIRST_DATA_ROW}"


def test_an_empty_workbook_says_so(db):
    count, book = workbook([], date_from=D(2018, 3, 1), date_to=D(2018, 3, 31))
    assert count == 0
    sheet = book.active
    assert "Mẫu số 06 (Thông tư số 01/2018/TT-VPCP)" in values(sheet, 1)  # the 2018 form set
    assert sheet.cell(FIRST_DATA_ROW, 1).value.startswith("Không có hồ sơ")


def test_the_excel_helpers():
    book = excel.workbook()
    sheet = book.create_sheet("Thử")
    excel.set_widths(sheet, [10, 20])
    excel.merge(sheet, 1, 1, 4)
    sheet.append([excel.title_cell(sheet, "Tiêu đề")])
    sheet.append(
        [
            excel.date_cell(sheet, D(2025, 7, 7)),
            # 23:30 in Vietnam is 16:30 UTC: written as Vietnam time.
            excel.instant_cell(sheet, vn(2025, 7, 7, 23, 30)),
            excel.cell(sheet, 1234, number_format="#,##0", border=excel.BORDER),
            excel.title_cell(sheet, "Ghi chú", font=excel.NOTE_FONT),
            excel.instant_cell(sheet, None),
        ]
    )
    sheet = load_workbook(io.BytesIO(excel.to_bytes(book))).active
    assert sheet["A1"].value == "Tiêu đề"
    assert sheet["A1"].font.bold
    assert "A1:D1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet.column_dimensions["B"].width == 20
    assert (sheet["A2"].value, sheet["A2"].number_format) == (
        datetime.datetime(2025, 7, 7, 0, 0),
        "DD/MM/YYYY",
    )
    assert (sheet["B2"].value, sheet["B2"].number_format) == (
        datetime.datetime(2025, 7, 7, 23, 30),
        "DD/MM/YYYY HH:MM",
    )
    assert sheet["B2"].border.left.style == "thin"
    assert (sheet["C2"].value, sheet["C2"].number_format) == (1234, "#,##0")
    assert sheet["D2"].font.italic
    assert sheet["E2"].value is None
