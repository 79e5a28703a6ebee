"""``motcua report bieu06``: the JSON keys the issue fixes, CSV, the xlsx laid out like the form,
groupings, scope and refusals."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from motcua.reports.bieu06 import FIGURES
from tests.reports.bieu06_helpers import D, shaped

pytestmark = pytest.mark.django_db

KEYS = {
    "received_total",
    "received_online",
    "received_direct_postal",
    "received_carried_over",
    "resolved_total",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "pending_total",
    "pending_within",
    "pending_overdue",
    "on_time_rate",
}


@pytest.fixture
def march(world):
    from motcua.dossiers import tallies

    shaped(
        world, received=D(2025, 2, 20), due=D(2025, 3, 5), finished=D(2025, 3, 4), state="returned"
    )
    shaped(
        world, received=D(2025, 3, 3), due=D(2025, 3, 10), finished=D(2025, 3, 12), state="finished"
    )
    shaped(world, received=D(2025, 3, 3), due=D(2025, 3, 20), channel="online")
    tallies.rebuild()
    return world


def run(*args) -> str:
    out = io.StringIO()
    call_command("report", "bieu06", *args, stdout=out)
    return out.getvalue()


def test_json_has_the_period_rows_and_total_with_exactly_the_figure_keys(march):
    data = json.loads(run("--from", "2025-03-01", "--to", "2025-03-31"))
    assert data["period"] == {"from": "2025-03-01", "to": "2025-03-31"}
    assert set(FIGURES) == KEYS
    assert set(data["total"]) == KEYS
    [row] = data["rows"]
    assert set(row) == KEYS | {"agency_code", "level", "name"}
    assert row["agency_code"] == "H99.01" and row["level"] == "province"
    assert data["total"] == {
        "received_total": 3,
        "received_online": 1,
        "received_direct_postal": 1,
        "received_carried_over": 1,
        "resolved_total": 2,
        "resolved_early": 1,
        "resolved_on_time": 0,
        "resolved_late": 1,
        "pending_total": 1,
        "pending_within": 0,
        "pending_overdue": 1,
        "on_time_rate": "50.00",
    }
    assert {k: row[k] for k in KEYS} == data["total"]


@pytest.mark.parametrize(
    ("by", "group"),
    [
        ("level", {"level": "province"}),
        ("field", {"field_code": "LLTP"}),
        ("procedure", {"procedure_code": "2.000488.H99"}),
    ],
)
def test_each_grouping_names_its_group(march, by, group):
    data = json.loads(run("--from", "2025-03-01", "--to", "2025-03-31", "--by", by))
    [row] = data["rows"]
    assert {k: row[k] for k in group} == group
    assert set(row) == KEYS | set(group) | {"name"}
    assert row["received_total"] == 3


def test_an_agency_outside_the_dossiers_gives_an_empty_report(march):
    data = json.loads(run("--from", "2025-03-01", "--to", "2025-03-31", "--agency", "H88"))
    assert data["rows"] == []
    assert data["total"]["received_total"] == 0 and data["total"]["on_time_rate"] is None


def test_csv_has_the_keys_as_header_and_the_total_last(march):
    rows = list(
        csv.reader(
            io.StringIO(run("--from", "2025-03-01", "--to", "2025-03-31", "--format", "csv"))
        )
    )
    assert rows[0] == ["agency_code", "level", "name", *FIGURES]
    assert rows[1][:2] == ["H99.01", "province"]
    assert rows[-1][0] in ("Total", "Tổng cộng") and rows[-1][3:] == rows[1][3:]


def test_xlsx_is_laid_out_like_the_form(march, tmp_path):
    path = tmp_path / "bieu06.xlsx"
    run("--from", "2025-03-01", "--to", "2025-03-31", "--format", "xlsx", "--output", str(path))
    sheet = load_workbook(path).active
    texts = [str(c.value) for row in sheet.iter_rows(max_row=8) for c in row if c.value]
    assert any("06/VPCP/KSTT" in t for t in texts)
    assert any("01/03/2025" in t and "31/03/2025" in t for t in texts)
    assert [sheet.cell(8, c).value for c in (1, 14)] == ["(1)", "(14)"]
    # Row 9: the province-level subtotal, row 10 the agency, then the total.
    assert sheet.cell(10, 2).value == "Sở Tư pháp"
    figures = [sheet.cell(10, c).value for c in range(3, 14)]
    assert figures == [3, 1, 1, 1, 2, 1, 0, 1, 1, 0, 1]
    assert [sheet.cell(9, c).value for c in range(3, 14)] == figures
    assert [sheet.cell(11, c).value for c in range(3, 14)] == figures
    assert sheet.cell(11, 14).value == pytest.approx(0.5)
    assert sheet.freeze_panes == "C9"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2025-13-01", "--to", "2025-12-31"], "--from"),
        (["--from", "2025-03-31", "--to", "2025-03-01"], "--to"),
        (["--from", "2025-03-01", "--to", "2025-03-31", "--agency", "X00"], "--agency"),
        (["--from", "2099-01-01", "--to", "2099-12-31"], "--from"),
        (["--from", "2025-03-01", "--to", "2025-03-31", "--format", "xlsx"], "--output"),
    ],
)
def test_bad_input_stops_with_status_2_naming_the_option(march, args, message):
    with pytest.raises(CommandError) as raised:
        run(*args)
    assert raised.value.returncode == 2
    assert message in str(raised.value)
