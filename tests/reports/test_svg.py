"""The server-side SVG charts (``motcua/reports/svg.py``): well-formed XML, named and described
images, escaped text, gaps for months without data, values written as text."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.safestring import SafeString

from motcua.reports.svg import Bar, bar_chart, month_chart

NS = "{http://www.w3.org/2000/svg}"
NASTY = 'Sở <Tư> pháp & "Hộ tịch" \x07'


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)  # raises on markup that is not well-formed


def texts(root: ET.Element, tag: str) -> list[str]:
    return ["".join(e.itertext()) for e in root.iter(f"{NS}{tag}")]


def months(values) -> list[tuple[str, Decimal | None]]:
    return [(f"{m:02d}/2025", v) for m, v in enumerate(values, start=1)]


def test_a_month_chart_is_a_named_described_image_that_scales():
    markup = month_chart(
        months([Decimal("90.5"), Decimal(100)]),
        ident="chart-on-time",
        title="Tỷ lệ đúng hạn",
        desc="Theo tháng",
        no_data="không có số liệu",
    )
    assert isinstance(markup, SafeString)
    root = parse(markup)
    assert root.tag == f"{NS}svg" and root.get("role") == "img"
    assert root.get("viewBox") == "0 0 360 240" and root.get("width") is None
    title, desc = root.find(f"{NS}title"), root.find(f"{NS}desc")
    assert (title.text, desc.text) == ("Tỷ lệ đúng hạn", "Theo tháng")
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.get("id") == "chart-on-time-title"


def test_a_month_chart_has_a_0_to_100_axis_with_grid_lines_and_month_labels():
    root = parse(
        month_chart(months([Decimal(50)] * 12), ident="c", title="t", desc="d", no_data="-")
    )
    labels = texts(root, "text")
    assert labels[:5] == ["0%", "25%", "50%", "75%", "100%"]
    assert labels[5:] == [f"{m:02d}/2025" for m in range(1, 13)]
    assert len(root.findall(f"{NS}line")) == 5
    # 50 % is halfway between the 0 % and 100 % grid lines.
    [line] = root.findall(f"{NS}polyline")
    ys = {float(p.split(",")[1]) for p in line.get("points").split()}
    grid = [float(g.get("y1")) for g in root.findall(f"{NS}line")]
    assert ys == {(grid[0] + grid[-1]) / 2}


def test_months_without_data_are_gaps_marked_no_data():
    values = [Decimal(10), None, Decimal(30), Decimal("40.25"), None, None, Decimal(70)]
    root = parse(
        month_chart(months(values), ident="c", title="t", desc="d", no_data="không có số liệu")
    )
    # The line breaks at each gap: 01 alone, 03–04 joined, 07 alone; each value has a marker.
    lines = root.findall(f"{NS}polyline")
    assert [len(p.get("points").split()) for p in lines] == [2]
    assert len(root.findall(f".//{NS}circle")) == 4
    assert texts(root, "text").count("không có số liệu") == 3
    tips = [t.text for t in root.iter(f"{NS}title")][1:]
    assert tips == [
        "02/2025: không có số liệu",
        "05/2025: không có số liệu",
        "06/2025: không có số liệu",
        "01/2025: 10%",
        "03/2025: 30%",
        "04/2025: 40,25%",
        "07/2025: 70%",
    ]


def test_a_month_chart_without_any_value_draws_only_the_axis_and_the_gaps():
    root = parse(month_chart(months([None] * 12), ident="c", title="t", desc="d", no_data="n/a"))
    assert root.findall(f"{NS}polyline") == [] and root.findall(f".//{NS}circle") == []
    assert texts(root, "text").count("n/a") == 12


def test_values_out_of_range_stay_inside_the_plot():
    root = parse(
        month_chart(
            months([Decimal(-5), Decimal(120)]), ident="c", title="t", desc="d", no_data="-"
        )
    )
    grid = sorted(float(g.get("y1")) for g in root.findall(f"{NS}line"))
    ys = [float(c.get("cy")) for c in root.iter(f"{NS}circle")]
    assert ys == [grid[-1], grid[0]]


def test_every_text_is_escaped_and_control_characters_dropped():
    markup = bar_chart(
        [Bar(NASTY, 3)],
        ident='x" onload="alert(1)',
        title=NASTY,
        desc=NASTY,
        no_data="-",
    )
    assert "<Tư>" not in markup and "&lt;Tư&gt;" in markup and "&amp;" in markup
    assert "&quot;Hộ tịch&quot;" in markup and "\x07" not in markup
    root = parse(markup)
    clean = 'Sở <Tư> pháp & "Hộ tịch" '
    assert root.find(f"{NS}title").text == clean and root.find(f"{NS}desc").text == clean
    assert root.find(f"{NS}title").get("id") == "x--onload--alert-1--title"
    assert texts(root, "text")[0] == clean
    assert [t.text for t in root.iter(f"{NS}title")][1] == f"{clean}: 3"
    assert root.get("onload") is None


def test_month_labels_are_escaped_too():
    root = parse(month_chart([("<b>", None)], ident="c", title="t", desc="d", no_data="&"))
    assert "<b>" in texts(root, "text") and "&" in texts(root, "text")


def test_bars_write_their_values_and_share_one_scale():
    root = parse(
        bar_chart(
            [Bar("UBND xã A", 10), Bar("UBND xã B", 5), Bar("UBND xã C", 0)],
            ident="late",
            title="t",
            desc="d",
            no_data="-",
        )
    )
    assert texts(root, "text") == ["UBND xã A", "10", "UBND xã B", "5", "UBND xã C", "0"]
    widths = [float(r.get("width")) for r in root.iter(f"{NS}rect")]
    assert len(widths) == 2 and widths[0] == 2 * widths[1]  # no bar for 0
    assert [t.text for t in root.iter(f"{NS}title")][1:] == [
        "UBND xã A: 10",
        "UBND xã B: 5",
        "UBND xã C: 0",
    ]


def test_points_out_of_their_maxima_and_a_group_without_data():
    bars = [
        Bar("Công khai, minh bạch", Decimal("15.5"), Decimal(18)),
        Bar("Tiến độ, kết quả giải quyết", Decimal(20), Decimal(20)),
        Bar("Mức độ hài lòng", None, Decimal(18)),
    ]
    root = parse(bar_chart(bars, ident="i766", title="766", desc="d", no_data="chưa có số liệu"))
    assert texts(root, "text") == [
        "Công khai, minh bạch",
        "15,5 / 18",
        "Tiến độ, kết quả giải quyết",
        "20 / 20",
        "Mức độ hài lòng",
        "chưa có số liệu",
    ]
    groups = root.findall(f"{NS}g")
    tracks = [g.findall(f"{NS}rect")[0] for g in groups]
    # Tracks as long as their maxima: 18 and 20 on the scale of the largest (20).
    lengths = [float(t.get("width")) for t in tracks]
    assert lengths[0] == pytest.approx(lengths[1] * 18 / 20, abs=0.1)
    assert lengths[2] == lengths[0]
    # The group without data has its track and no filled bar.
    assert [len(g.findall(f"{NS}rect")) for g in groups] == [2, 2, 1]
    filled = groups[0].findall(f"{NS}rect")[1]
    assert float(filled.get("width")) == pytest.approx(lengths[1] * 15.5 / 20, abs=0.1)


def test_percent_bars_with_a_unit():
    root = parse(
        bar_chart(
            [Bar("Cấp tỉnh", Decimal("97.50"), 100)],
            ident="l",
            title="t",
            desc="d",
            no_data="-",
            unit="%",
            out_of="{value}",
        )
    )
    assert texts(root, "text") == ["Cấp tỉnh", "97,50%"]


def test_long_labels_are_shortened_on_the_chart_but_whole_in_the_tooltip():
    name = "Trung tâm Phục vụ hành chính công tỉnh Sơn Hà, chi nhánh số một phía bắc"
    root = parse(bar_chart([Bar(name, 1)], ident="b", title="t", desc="d", no_data="-"))
    shown = texts(root, "text")[0]
    assert len(shown) <= 44 and shown.endswith("…") and name.startswith(shown[:-1])
    assert [t.text for t in root.iter(f"{NS}title")][1] == f"{name}: 1"


def test_no_bars_still_make_an_image_saying_so():
    root = parse(bar_chart([], ident="b", title="t", desc="d", no_data="không có"))
    assert root.get("role") == "img" and texts(root, "text") == ["không có"]
