"""The supervisors' dashboard page (``/can-bo/bao-cao/``): who may see it, what it shows, its
filters and their errors."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from motcua.agencies.models import Role
from motcua.agencies.services import assign_role
from motcua.dossiers import tallies
from motcua.dossiers.timeliness import vn_date
from motcua.office.views import dashboard as view
from tests.reports.bieu06_helpers import D, shaped

pytestmark = pytest.mark.django_db

URL = "/can-bo/bao-cao/"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def supervised(world, client):
    """March 2025 at the department (H99.01): one dossier resolved late, one early, one online
    still pending; the supervisor holds the role at the province (H99) too."""
    shaped(
        world, received=D(2025, 3, 3), due=D(2025, 3, 10), finished=D(2025, 3, 12), state="finished"
    )
    shaped(
        world, received=D(2025, 3, 3), due=D(2025, 3, 10), finished=D(2025, 3, 5), state="finished"
    )
    shaped(world, received=D(2025, 3, 4), due=D(2025, 3, 20), channel="online")
    tallies.rebuild()
    assign_role(user=world.supervisor.user, agency=world.province, role=Role.SUPERVISOR)
    client.force_login(world.supervisor.user)
    return client


def svgs(html: str) -> list[ET.Element]:
    """Every inline chart of the page, parsed as XML."""
    out, start = [], 0
    while (start := html.find("<svg", start)) != -1:
        end = html.index("</svg>", start) + len("</svg>")
        out.append(ET.fromstring(html[start:end]))
        start = end
    return out


def test_a_supervisor_sees_the_charts_and_their_tables(supervised):
    page = supervised.get(URL, {"month": "2025-03"})
    assert page.status_code == 200
    d = page.context["d"]
    march = d.months[-1].counts
    assert [d.months[0].label, d.months[-1].label, len(d.months)] == ["04/2024", "03/2025", 12]
    assert (march.resolved_early, march.resolved_late, march.received_online) == (1, 1, 1)
    assert march.on_time_rate == Decimal("50.00")
    assert march.online_share == Decimal("33.33")
    assert [(row.code, row.late) for row in d.late] == [("H99.01", 1)]
    html = page.content.decode()
    charts = svgs(html)
    # Two by month, two by level, the most late (and the 766 groups, when installed).
    assert len(charts) == 6
    for chart in charts:
        assert chart.get("role") == "img"
        assert chart.find(f"{SVG}title").text and chart.find(f"{SVG}desc").text
    # The figures are in the tables too: 50,00 (Vietnamese decimal comma) and the agency.
    assert '<th scope="row">03/2025</th>' in html and "50,00" in html and "33,33" in html
    assert "Sở Tư pháp" in html
    # The months before March have no data: gaps in the line, "–" (and words) in the tables.
    assert 'class="visually-hidden">' in html and '<span aria-hidden="true">–</span>' in html


def test_the_page_links_to_the_handling_report_of_the_month(supervised):
    page = supervised.get(URL, {"month": "2025-03", "agency": "H99.01"})
    assert page.status_code == 200
    assert "/can-bo/bao-cao/bieu-06/?from=2025-03-01&amp;to=2025-03-31&amp;agency=H99.01" in (
        page.content.decode()
    )


def test_the_current_month_by_default(supervised):
    page = supervised.get(URL)
    assert page.status_code == 200
    today = vn_date(timezone.now())
    assert page.context["d"].month == today.replace(day=1)
    assert page.context["month_value"] == f"{today:%Y-%m}"
    assert f"to={today.isoformat()}" in page.content.decode()  # the period ends today


def test_the_agency_filter_narrows_to_that_agency_and_below(supervised, world):
    page = supervised.get(URL, {"month": "2025-03", "agency": "H99.20"})
    assert page.status_code == 200
    d = page.context["d"]
    assert d.months[-1].counts.resolved == 0 and d.levels == [] and d.late == []
    whole = supervised.get(URL, {"month": "2025-03", "agency": "H99"}).context["d"]
    assert whole.months[-1].counts.resolved == 2


def test_a_supervisor_sees_only_the_agencies_of_their_roles(world, client):
    shaped(
        world, received=D(2025, 3, 3), due=D(2025, 3, 10), finished=D(2025, 3, 12), state="finished"
    )
    tallies.rebuild()
    client.force_login(world.supervisor.user)  # supervisor at the centre (H99.20) only
    page = client.get(URL, {"month": "2025-03"})
    assert page.status_code == 200
    assert page.context["d"].months[-1].counts.resolved == 0
    assert [a.code for a in page.context["agencies"]] == ["H99.20"]
    assert client.get(URL, {"month": "2025-03", "agency": "H99.01"}).status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        {"month": "2025-13"},
        {"month": "2025-3"},
        {"month": "March"},
        {"month": "2025-03-01"},
        {"month": "1999-12"},
        {"month": "2999-01"},
        {"month": "2025-03", "agency": "H88"},
        {"month": "2025-03", "agency": "nope"},
    ],
)
def test_bad_filters_are_refused_with_a_message(supervised, query):
    page = supervised.get(URL, query)
    assert page.status_code == 400
    assert page.context["errors"] and "d" not in page.context
    assert 'role="alert"' in page.content.decode()
    assert page.context["month_value"] == query["month"]  # what was typed stays


def test_next_month_is_refused_but_this_month_is_not(supervised):
    today = vn_date(timezone.now())
    later = (today.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    assert supervised.get(URL, {"month": f"{later:%Y-%m}"}).status_code == 400
    assert supervised.get(URL, {"month": f"{today:%Y-%m}"}).status_code == 200


def test_an_officer_without_a_supervisor_role_is_refused(world, client):
    client.force_login(world.counter.user)
    page = client.get(URL)
    assert page.status_code == 403
    assert "office/no_role.html" in [t.name for t in page.templates]


def test_an_administrator_may_see_it(world, client):
    assign_role(user=world.clerk.user, agency=world.department, role=Role.ADMINISTRATOR)
    client.force_login(world.clerk.user)
    assert client.get(URL).status_code == 200


def test_a_visitor_is_sent_to_sign_in(client, db):
    page = client.get(URL)
    assert page.status_code == 302 and "/can-bo/dang-nhap/" in page["Location"]


def test_the_nav_link_to_reports_opens_the_dashboard(supervised):
    html = supervised.get("/can-bo/ho-so/").content.decode()
    assert f'href="{URL}"' in html


@dataclass
class Group:
    key: str
    name: str
    max_points: Decimal
    points: Decimal | None


@dataclass
class Index:
    groups: list
    total_points: Decimal
    available_max: Decimal
    normalised: Decimal | None = Decimal("85.53")
    band: str | None = "good"


def test_the_766_groups_when_the_index_is_there(supervised, monkeypatch, world):
    asked = {}

    def index(*, date_from, date_to, agencies):
        asked.update(date_from=date_from, date_to=date_to, agencies=agencies)
        return Index(
            [
                Group("CKMB", "Công khai <minh bạch>", Decimal(18), Decimal("12.5")),
                Group("TDGQ", "Tiến độ", Decimal(20), Decimal(20)),
                Group("MDHL", "Hài lòng", Decimal(18), None),
            ],
            Decimal("32.5"),
            Decimal(38),
        )

    monkeypatch.setattr(view, "index766", index)
    page = supervised.get(URL, {"month": "2025-03", "agency": "H99.01"})
    assert page.status_code == 200
    assert asked["date_from"] == D(2025, 3, 1) and asked["date_to"] == D(2025, 3, 31)
    assert world.department.pk in asked["agencies"] and world.centre.pk not in asked["agencies"]
    html = page.content.decode()
    charts = svgs(html)
    assert len(charts) == 6
    texts = ["".join(t.itertext()) for t in charts[-1].iter(f"{SVG}text")]
    assert texts[:2] == ["Công khai <minh bạch>", "12,5 / 18"]
    assert "Công khai &lt;minh bạch&gt;" in html and "CKMB" in html and "32,5" in html
    assert "85,53" in html


def test_the_766_groups_from_the_index(supervised):
    page = supervised.get(URL, {"month": "2025-03"})
    assert page.status_code == 200
    result = page.context["index766"]
    assert [g.key for g in result.groups] == ["CKMB", "TDGQ", "CLGQ", "TTTT", "MDSH", "MDHL"]
    chart = svgs(page.content.decode())[-1]
    tips = [t.text for t in chart.iter(f"{SVG}title")]
    assert tips[0] and len(tips) == 1 + 6
    no_data = [t for t in chart.iter(f"{SVG}text") if t.text in ("no data", "không có số liệu")]
    assert len(no_data) == sum(1 for g in result.groups if g.points is None)
