"""The handling report's page in the staff workspace: who may see it, the table, the downloads,
bad filters."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from motcua.agencies.models import Role
from motcua.agencies.services import assign_role
from motcua.dossiers import tallies
from tests.reports.bieu06_helpers import D, shaped

pytestmark = pytest.mark.django_db

URL = "/can-bo/bao-cao/bieu-06/"


@pytest.fixture
def supervised(world, client):
    shaped(
        world, received=D(2025, 3, 3), due=D(2025, 3, 10), finished=D(2025, 3, 12), state="finished"
    )
    shaped(world, received=D(2025, 3, 3), due=D(2025, 3, 20))
    tallies.rebuild()
    assign_role(user=world.supervisor.user, agency=world.province, role=Role.SUPERVISOR)
    client.force_login(world.supervisor.user)
    return client


def test_a_supervisor_sees_the_form_with_level_subtotals_and_the_total(supervised):
    page = supervised.get(URL, {"from": "2025-03-01", "to": "2025-03-31"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Sở Tư pháp" in html and 'class="subtotal"' in html
    report = page.context["report"]
    assert report.total.received_total == 2 and report.total.resolved_late == 1
    assert report.total.pending_total == 1 and report.total.on_time_rate == 0


def test_the_excel_download_is_the_form(supervised, tmp_path):
    answer = supervised.get(URL, {"from": "2025-03-01", "to": "2025-03-31", "format": "xlsx"})
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/vnd.openxmlformats")
    path = tmp_path / "b.xlsx"
    path.write_bytes(answer.content)
    sheet = load_workbook(path).active
    assert sheet.cell(10, 2).value == "Sở Tư pháp" and sheet.cell(10, 3).value == 2


def test_the_csv_download_starts_with_a_bom_and_the_keys(supervised):
    answer = supervised.get(URL, {"from": "2025-03-01", "to": "2025-03-31", "format": "csv"})
    text = answer.content.decode("utf-8")
    assert text.startswith("\ufeffagency_code,level,name,received_total")


@pytest.mark.parametrize(
    "query",
    [
        {"from": "2025-02-30", "to": "2025-03-31"},
        {"from": "2025-03-31", "to": "2025-03-01"},
        {"from": "2025-03-01", "to": "2025-03-31", "by": "officer"},
        {"from": "2025-03-01", "to": "2025-03-31", "agency": "H88"},
    ],
)
def test_bad_filters_are_refused_with_a_message(supervised, query):
    page = supervised.get(URL, query)
    assert page.status_code == 400
    assert page.context["errors"] and "report" not in page.context


def test_an_officer_without_a_supervisor_role_is_refused(world, client):
    client.force_login(world.counter.user)
    assert client.get(URL).status_code == 403
