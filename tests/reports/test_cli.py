"""``motcua report delays``: JSON and CSV, to stdout or a file; clear errors."""

import csv
import io
import json
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.core.people import full_name

from .conftest import vn

PERIOD = ["--from", "2025-07-01", "--to", "2025-07-16"]


def run(*args) -> str:
    out = io.StringIO()
    # "Now" is long after July 2025: the period is over.
    with mock.patch("django.utils.timezone.now", return_value=vn(2025, 7, 31, 12, 0)):
        call_command("report", *args, stdout=out)
    return out.getvalue()


def test_json_by_agency(delays):
    data = json.loads(run("delays", *PERIOD))
    assert data["period"] == {"from": "2025-07-01", "to": "2025-07-16"}
    assert data["by"] == "agency"
    assert [(r["agency"]["code"], r["overrun_hours"]) for r in data["rows"]] == [
        ("H99.01", "21.00"),
        ("H99.01.01", "13.50"),
        ("H99.20", "5.00"),
    ]
    assert data["total"] == {
        "late_rows": 4,
        "late_dossiers": 2,
        "overrun_seconds": 142200,
        "overrun_hours": "39.50",
        "open_overdue_rows": 1,
    }
    assert "Sở Tư pháp" in run("delays", *PERIOD, "--format", "json")  # not \u-escaped


def test_json_for_one_agency_and_those_below(delays):
    data = json.loads(run("delays", *PERIOD, "--agency", "H99.01"))
    assert [r["agency"]["code"] for r in data["rows"]] == ["H99.01", "H99.01.01"]
    assert data["total"]["late_dossiers"] == 2
    assert data["total"]["overrun_seconds"] == 124200


def test_csv_by_officer(delays):
    w = delays.world
    rows = list(
        csv.reader(io.StringIO(run("delays", *PERIOD, "--by", "officer", "--format", "csv")))
    )
    assert rows[0] == [
        "officer_username",
        "officer_name",
        "agency_code",
        "agency_name",
        "late_rows",
        "late_dossiers",
        "overrun_seconds",
        "overrun_hours",
        "open_overdue_rows",
    ]
    assert rows[1] == [
        "chuyenvien",
        full_name(w.specialist.user),
        "H99.01.01",
        "Phòng Hành chính tư pháp",
        "1",
        "1",
        "48600",
        "13.50",
        "0",
    ]
    assert [r[0] for r in rows[1:-1]] == ["chuyenvien", "truongphong", "lanhdao", "motcua"]
    assert rows[3][4:] == ["1", "1", "34200", "9.50", "1"]
    # The total: dossiers counted once over all lines.
    assert rows[-1][1:] == ["", "", "", "4", "2", "142200", "39.50", "1"]
    assert rows[-1][0]  # "Total", in the user's language


def test_csv_by_agency_to_a_file(delays, tmp_path):
    target = tmp_path / "delays.csv"
    message = run("delays", *PERIOD, "--format", "csv", "--output", str(target))
    assert str(target) in message
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert rows[0][:2] == ["agency_code", "agency_name"]
    assert [r[:2] for r in rows[1:-1]] == [
        ["H99.01", "Sở Tư pháp"],
        ["H99.01.01", "Phòng Hành chính tư pháp"],
        ["H99.20", "Trung tâm PVHCC tỉnh"],
    ]
    assert rows[1][2:] == ["2", "1", "75600", "21.00", "1"]
    assert rows[-1][2:] == ["4", "2", "142200", "39.50", "1"]


def test_json_to_a_file(delays, tmp_path):
    target = tmp_path / "delays.json"
    run("delays", "--from", "2025-07-18", "--to", "2025-07-18", "--output", str(target))
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["rows"][0]["agency"]["code"] == "H99.20"
    assert data["rows"][0]["overrun_hours"] == "8.50"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["delays", "--from", "2025-07-32", "--to", "2025-07-31"], "--from"),
        (["delays", "--from", "2025-07-01", "--to", "31/07/2025"], "--to"),
        (["delays", "--from", "2025-07-31", "--to", "2025-07-01"], "--to"),
        (["delays", *PERIOD, "--agency", "NO.SUCH"], "NO.SUCH"),
    ],
)
def test_bad_input(args, fragment):
    with pytest.raises(CommandError) as exc:
        call_command("report", *args)
    assert exc.value.returncode == 2
    assert fragment in str(exc.value)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "args",
    [
        [],
        ["bieu99"],
        ["delays", "--to", "2025-07-31"],
        ["delays", *PERIOD, "--by", "procedure"],
        ["delays", *PERIOD, "--format", "xlsx"],
    ],
)
def test_bad_arguments(args):
    with pytest.raises(CommandError):
        call_command("report", *args)


@pytest.mark.django_db
def test_an_unwritable_output(tmp_path):
    with pytest.raises(CommandError, match="missing"):
        call_command("report", "delays", *PERIOD, "--output", str(tmp_path / "missing" / "x"))
