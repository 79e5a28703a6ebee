"""The ``motcua deadline`` command and the province overrides stored in the database."""

import datetime
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from motcua.agencies.models import Agency
from motcua.workcalendar.calendars import calendar_for
from motcua.workcalendar.clock import VN_TZ
from motcua.workcalendar.models import CalendarOverride


def deadline(*args) -> str:
    out = StringIO()
    call_command("deadline", *args, stdout=out)
    return out.getvalue().strip()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # Tue 29/04/2025 16:10 is after the cut-off; 30/4, 1/5, the 2/5 day off and the weekend
        # follow, so counting starts Mon 05/05 07:30; three 8-hour days end Wed 07/05 17:00.
        (
            ["--start", "2025-04-29T16:10", "--working-days", "3", "--cutoff", "15:00"],
            "2025-05-07T17:00:00+07:00",
        ),
        # 4 working hours from 09:00 Friday 25/04/2025 (07:30–11:30, 13:00–17:00) → 14:30.
        (
            ["--start", "2025-04-25T09:00:00+07:00", "--working-hours", "4"],
            "2025-04-25T14:30:00+07:00",
        ),
        # Same instant given in UTC.
        (
            ["--start", "2025-04-25T02:00:00+00:00", "--working-hours", "4"],
            "2025-04-25T14:30:00+07:00",
        ),
        # 5 calendar days from Mon 26/01/2026 → Sat 31/01 → end of Mon 02/02/2026.
        (["--start", "2026-01-26T10:00", "--days", "5"], "2026-02-02T17:00:00+07:00"),
        # Half a working day from 10:30 → 11:30 is one hour, then 3 hours from 13:00 → 16:00.
        (["--start", "2024-11-20T10:30", "--working-days", "0.5"], "2024-11-20T16:00:00+07:00"),
    ],
)
def test_deadline_command(args, expected):
    assert deadline(*args) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--start", "29/04/2025", "--working-days", "3"], "--start"),
        (["--start", "2025-04-29T10:00", "--working-days", "-1"], "≥ 0"),
        (["--start", "2025-04-29T10:00", "--working-days", "ba"], "không phải là số"),
        (["--start", "2025-04-29T10:00", "--days", "1.5"], "số ngày nguyên"),
        (["--start", "2025-04-29T10:00", "--days", "1", "--cutoff", "25:00"], "--cutoff"),
    ],
)
def test_deadline_command_bad_input(args, fragment):
    with pytest.raises(CommandError) as exc:
        call_command("deadline", *args)
    assert exc.value.returncode == 2
    assert fragment in str(exc.value)


def test_deadline_console_script_exit_codes(tmp_path):
    env = {"MOTCUA_VAR_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    ok = subprocess.run(
        [
            sys.executable,
            "-m",
            "motcua.cli",
            "deadline",
            "--start",
            "2025-09-01T08:00",
            "--working-days",
            "1",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    # 1 and 2 September 2025 are National Day holidays: the day counted is Wed 03/09.
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip() == "2025-09-03T17:00:00+07:00"
    bad = subprocess.run(
        [sys.executable, "-m", "motcua.cli", "deadline", "--start", "hôm nay", "--days", "1"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert bad.returncode == 2
    assert bad.stdout == ""
    assert "--start" in bad.stderr
    missing = subprocess.run(
        [sys.executable, "-m", "motcua.cli", "deadline", "--start", "2025-01-01"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert missing.returncode == 2


@pytest.mark.django_db
def test_province_override_changes_its_calendar_only():
    province = Agency.objects.create(
        code="H99", name="Tỉnh Sơn Hà", level="province", kind="peoples_committee"
    )
    department = Agency.objects.create(
        code="H99.01", name="Sở", level="province", kind="department", parent=province
    )
    friday = datetime.date(2025, 11, 21)
    start = datetime.datetime(2025, 11, 20, 7, 30, tzinfo=VN_TZ)  # Thursday
    assert calendar_for(department).add_working_days(start, 2).date() == friday
    CalendarOverride.objects.create(
        province=province, date=friday, kind="day_off", reason="Lễ hội tỉnh"
    )
    assert calendar_for(department).add_working_days(start, 2).date() == datetime.date(2025, 11, 24)
    assert calendar_for(None).add_working_days(start, 2).date() == friday
    assert deadline("--start", "2025-11-20T07:30", "--working-days", "2", "--province", "H99") == (
        "2025-11-24T17:00:00+07:00"
    )
    CalendarOverride.objects.create(
        province=province, date=datetime.date(2025, 11, 22), kind="working_day", reason="Làm bù"
    )
    assert calendar_for(department).add_working_days(start, 2).date() == datetime.date(2025, 11, 22)


@pytest.mark.django_db
def test_override_admin_refuses_a_no_op(admin_client_vi):
    url = reverse("admin:workcalendar_calendaroverride_add")
    response = admin_client_vi.post(url, {"date": "2025-11-22", "kind": "day_off", "reason": "x"})
    assert response.status_code == 200
    assert "đã là ngày nghỉ" in response.content.decode()
    response = admin_client_vi.post(
        url, {"date": "2025-11-21", "kind": "working_day", "reason": "x"}
    )
    assert "đã là ngày làm việc" in response.content.decode()
    assert not CalendarOverride.objects.exists()
    response = admin_client_vi.post(
        url, {"date": "2025-11-22", "kind": "working_day", "reason": "Làm bù"}
    )
    assert response.status_code == 302
    assert CalendarOverride.objects.get().kind == "working_day"
