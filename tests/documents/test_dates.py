"""Dates as Vietnamese documents write them, in Vietnam time."""

import datetime

import pytest

from motcua.documents.dates import clock_time, day_text, instant_text, short_day
from motcua.documents.templatetags.form_text import amount, two_digits
from tests.dossiers.world import vn


@pytest.mark.parametrize(
    "value, text",
    [
        ("2025-05-12T09:30:00+07:00", "09 giờ 30 phút, ngày 12 tháng 5 năm 2025"),
        # Another offset is converted: 02:30 UTC is 09:30 in Vietnam.
        ("2025-05-12T02:30:00+00:00", "09 giờ 30 phút, ngày 12 tháng 5 năm 2025"),
        # 17:05 UTC on the 11th is already the 12th in Vietnam.
        ("2025-05-11T17:05:00+00:00", "00 giờ 05 phút, ngày 12 tháng 5 năm 2025"),
        # No offset: Vietnam wall time.
        ("2025-05-12T09:30:00", "09 giờ 30 phút, ngày 12 tháng 5 năm 2025"),
        # Days below 10 and the months January and February take a leading zero.
        ("2026-01-05T14:00:00+07:00", "14 giờ 00 phút, ngày 05 tháng 01 năm 2026"),
        ("2026-02-09T07:45:00+07:00", "07 giờ 45 phút, ngày 09 tháng 02 năm 2026"),
        ("2026-03-01T07:45:00+07:00", "07 giờ 45 phút, ngày 01 tháng 3 năm 2026"),
        (vn(2025, 12, 31, 16, 59), "16 giờ 59 phút, ngày 31 tháng 12 năm 2025"),
        (
            datetime.datetime(2025, 12, 31, 17, 0, tzinfo=datetime.UTC),
            "00 giờ 00 phút, ngày 01 tháng 01 năm 2026",
        ),
        (None, ""),
        ("", ""),
    ],
)
def test_instant_text(value, text):
    assert instant_text(value) == text


def test_days_and_table_cells():
    assert day_text(datetime.date(2025, 7, 7)) == "ngày 07 tháng 7 năm 2025"
    assert day_text("2025-06-30T18:00:00+00:00") == "ngày 01 tháng 7 năm 2025"
    assert short_day(datetime.date(2026, 1, 5)) == "05/01/2026"
    assert short_day("2025-05-12T09:30:00+07:00") == "12/5/2025"
    assert clock_time("2025-05-12T02:30:00+00:00") == "09:30"
    assert (short_day(None), clock_time(None), day_text(None)) == ("", "", "")


@pytest.mark.parametrize(
    "value, text", [("5.00", "5"), ("0.50", "0,5"), ("12", "12"), ("1.25", "1,25"), (None, "")]
)
def test_amounts_use_the_decimal_comma(value, text):
    assert amount(value) == text


def test_counts_have_two_digits():
    assert (two_digits(1), two_digits(12), two_digits(None)) == ("01", "12", "")
