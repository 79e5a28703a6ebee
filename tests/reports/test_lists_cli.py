"""``motcua report overdue`` and ``motcua report ledger``: JSON, CSV and xlsx, to stdout or a file,
read back; clear errors (the scenario of ``test_overdue.py``)."""

import csv
import io
import json
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from motcua.reports.ledger import COLUMNS
from motcua.reports.overdue import TABLE_COLUMNS

from .test_overdue import lists, vn  # noqa: F401

JULY = ["--from", "2025-07-01", "--to", "2025-07-31"]


AUGUST = vn(2025, 8, 5, 12, 0)  # "now", after July


def run(*args, now=AUGUST) -> str:
    out = io.StringIO()
    with mock.patch("django.utils.timezone.now", return_value=now):
        call_command("report", *args, stdout=out)
    return out.getvalue()


# --- overdue ----------------------------------------------------------------------------------


def test_overdue_json_both_lists(lists):  # noqa: F811
    data = json.loads(run("overdue", "--from", "2025-07-01", "--to", "2025-07-16"))
    assert data["period"] == {"from": "2025-07-01", "to": "2025-07-16"}
    assert data["as_of"] == "2025-07-16"
    assert [(r["code"], r["days_late"]) for r in data["late"]] == [
        (lists.late2.code, 2),
        (lists.late1.code, 1),
    ]
    assert [(r["code"], r["days_overdue"]) for r in data["pending"]] == [
        (lists.pending.code, 2),
        (lists.withdrawn.code, 2),
        (lists.division.code, 2),
    ]
    assert data["pending"][0]["holders"] == [
        {
            "agency": {"code": "H99.01", "name": "Sở Tư pháp"},
            "officer": {"username": "lanhdao", "name": "Hoàng Đức Thắng"},
        }
    ]
    assert "Sở Tư pháp" in run("overdue", *JULY)  # not \\u-escaped


def test_overdue_json_one_list_and_empty_lists(lists):  # noqa: F811
    data = json.loads(run("overdue", *JULY, "--list", "pending", "--agency", "H99.01.01"))
    assert set(data) == {"period", "as_of", "pending"}
    assert [r["code"] for r in data["pending"]] == [lists.division.code]
    data = json.loads(run("overdue", "--from", "2025-06-01", "--to", "2025-06-30"))
    assert (data["late"], data["pending"]) == ([], [])


def test_overdue_a_period_ending_after_now_ends_today(lists):  # noqa: F811
    data = json.loads(run("overdue", *JULY, "--list", "pending", now=vn(2025, 7, 15, 9, 0)))
    assert data["as_of"] == "2025-07-15"
    assert [r["days_overdue"] for r in data["pending"]] == [1, 1, 1, 1]


def test_overdue_csv(lists):  # noqa: F811
    rows = list(csv.reader(io.StringIO(run("overdue", *JULY, "--format", "csv"))))
    assert rows[0] == list(TABLE_COLUMNS)
    table = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    # Both lists, late first; on the 31st late2 and late1 are resolved, the others pending.
    assert [(r["list"], r["code"]) for r in table] == [
        ("late", lists.late2.code),
        ("late", lists.late1.code),
        ("pending", lists.pending.code),
        ("pending", lists.resumed.code),
        ("pending", lists.division.code),
    ]
    assert table[0]["finished_at"] == "2025-07-16T10:00:00+07:00"
    assert (table[0]["days_late"], table[0]["days_overdue"]) == ("2", "")
    assert table[2]["holder_usernames"] == "lanhdao"
    assert table[2]["holder_agency_names"] == "Sở Tư pháp"
    assert (table[2]["days_late"], table[2]["days_overdue"]) == ("", "17")


def test_overdue_to_a_file(lists, tmp_path):  # noqa: F811
    target = tmp_path / "quahan.csv"
    message = run("overdue", *JULY, "--list", "late", "--format", "csv", "--output", str(target))
    assert str(target) in message
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [row[1] for row in rows[1:]] == [lists.late2.code, lists.late1.code]
    assert not [p for p in tmp_path.iterdir() if p.name != "quahan.csv"]  # no temporary left


# --- ledger -----------------------------------------------------------------------------------


def test_ledger_csv(lists):  # noqa: F811
    rows = list(csv.reader(io.StringIO(run("ledger", *JULY, "--agency", "H99.20"))))
    assert rows[0] == list(COLUMNS)
    table = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert [r["code"] for r in table] == [
        lists.late2.code,
        lists.late1.code,
        lists.on_time.code,
        lists.pending.code,
        lists.paused.code,
        lists.resumed.code,
        lists.withdrawn.code,
        lists.division.code,
    ]
    assert table[0]["number"] == "1"
    assert table[0]["owner_name"] == "Nguyễn Văn An"
    assert table[0]["received_at"] == "2025-07-07T08:00:00+07:00"
    assert table[0]["transferred_at"] == "2025-07-07T09:00:00+07:00"
    assert (table[0]["timeliness"], table[0]["timeliness_label"]) == ("late", "Quá hạn")
    assert table[6]["result_received_at"] == ""  # withdrawn
    # The department received nothing.
    assert run("ledger", *JULY, "--agency", "H99.01").splitlines() == [",".join(COLUMNS)]


def test_ledger_xlsx(lists, tmp_path):  # noqa: F811
    target = tmp_path / "so-theo-doi.xlsx"
    message = run(
        "ledger", *JULY, "--agency", "H99.20", "--format", "xlsx", "--output", str(target)
    )
    assert str(target) in message
    sheet = load_workbook(target).active
    assert sheet["A5"].value == "SỔ THEO DÕI HỒ SƠ"
    assert sheet["A2"].value == "Trung tâm PVHCC tỉnh"
    assert sheet.max_column == 14  # one unit: no column for the receiving unit
    assert [sheet.cell(r, 2).value for r in (11, 18)] == [lists.late2.code, lists.division.code]
    assert sheet.cell(11, 8).is_date
    # The whole province: a column names each dossier's receiving unit.
    province = tmp_path / "tinh.xlsx"
    run("ledger", *JULY, "--agency", "H99", "--format", "xlsx", "--output", str(province))
    assert load_workbook(province).active.cell(11, 15).value == "Trung tâm PVHCC tỉnh"


def test_an_xlsx_workbook_needs_a_file(lists):  # noqa: F811
    with pytest.raises(CommandError, match="--output") as exc:
        run("ledger", *JULY, "--format", "xlsx")
    assert exc.value.returncode == 2


# --- errors -----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("report", ["overdue", "ledger"])
@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--from", "2025-07-32", "--to", "2025-07-31"], "--from"),
        (["--from", "2025-07-01", "--to", "31/07/2025"], "--to"),
        (["--from", "2025-07-31", "--to", "2025-07-01"], "--to"),
        ([*JULY, "--agency", "NO.SUCH"], "NO.SUCH"),
    ],
)
def test_bad_input(report, args, fragment):
    with pytest.raises(CommandError) as exc:
        call_command("report", report, *args)
    assert exc.value.returncode == 2
    assert fragment in str(exc.value)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "args",
    [
        ["overdue", "--to", "2025-07-31"],
        ["overdue", *JULY, "--list", "all"],
        ["overdue", *JULY, "--format", "xlsx"],
        ["ledger", *JULY, "--format", "json"],
    ],
)
def test_bad_arguments(args):
    with pytest.raises(CommandError):
        call_command("report", *args)


@pytest.mark.django_db
def test_an_unwritable_output(tmp_path):
    with pytest.raises(CommandError, match="missing") as exc:
        call_command("report", "ledger", *JULY, "--output", str(tmp_path / "missing" / "x.csv"))
    assert exc.value.returncode == 1
