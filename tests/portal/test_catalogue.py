"""The public catalogue: search without diacritics, filters and pages over the procedures in force
today, the page of a procedure with all it carries, its form templates — and the counter's search,
which shares the same index."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from motcua.agencies.models import Agency
from motcua.catalog import search
from motcua.catalog.models import (
    CaseChannel,
    Fee,
    Field,
    GroupMember,
    LegalBasis,
    Procedure,
    ProcedureAgency,
    ProcedureCase,
    ProcedureResult,
    ProcedureVersion,
    ProcessStep,
    RequiredComponent,
)
from motcua.dossiers.timeliness import vn_date
from motcua.office.counter import search as counter_search

TODAY = vn_date(timezone.now())
DAY = datetime.timedelta(days=1)
DOCX = b"PK\x03\x04 to khai dang ky khai sinh"


def _procedure(code, name, field, *, valid_from=datetime.date(2020, 1, 1), valid_to=None, **kw):
    procedure, _ = Procedure.objects.get_or_create(
        code=code, defaults={"name": name, "field": field}
    )
    number = procedure.versions.count() + 1
    version = ProcedureVersion.objects.create(
        procedure=procedure,
        number=number,
        valid_from=valid_from,
        valid_to=valid_to,
        name=name,
        levels=kw.pop("levels", "province"),
        **kw,
    )
    case = ProcedureCase.objects.create(
        version=version, code="01", name=f"Trường hợp của {name}", time_limit=Decimal(3)
    )
    CaseChannel.objects.create(case=case, channel="counter")
    component = RequiredComponent.objects.create(case=case, position=1, name=f"Tờ khai {name}")
    return version, case, component


@pytest.fixture
def catalogue(world, settings, tmp_path):
    """The world's procedure (2.000488.H99, judicial records, province, partial online, decided
    by the department) plus birth registration (commune, full online, with fees, a template, a
    legal basis, a result, a process) and one procedure whose only version has expired."""
    settings.MEDIA_ROOT = tmp_path / "media"
    commune = Agency.objects.create(
        code="H99.50",
        name="UBND xã Tân Lập",
        level="commune",
        kind="peoples_committee",
        parent=world.province,
    )
    civil = Field.objects.create(code="HOTICH", name="Hộ tịch")
    birth, case, component = _procedure(
        "1.001193",
        "Đăng ký khai sinh",
        civil,
        levels="commune",
        online_level="full",
        keywords="giấy khai sinh, trẻ em",
        description="Đăng ký khai sinh cho trẻ em.",
        requirements="Trong thời hạn 60 ngày kể từ ngày sinh.",
        applicant_types="Công dân Việt Nam\nNgười nước ngoài",
        where_to_submit="UBND cấp xã",
    )
    ProcedureAgency.objects.create(version=birth, agency=commune, part="deciding")
    CaseChannel.objects.create(case=case, channel="online", time_limit=Decimal(1))
    CaseChannel.objects.create(case=case, channel="postal")
    Fee.objects.create(case=case, kind="charge", name="Lệ phí khai sinh muộn", amount=1_000_000)
    Fee.objects.create(
        case=case, kind="fee", name="Phí sao lục", amount=8000, collection="after", channel="postal"
    )
    component.originals, component.copies = 1, 2
    component.template_name = "Tờ khai đăng ký khai sinh"
    component.note = "Ghi rõ họ tên cha, mẹ"
    component.template_file.save("to-khai-khai-sinh.docx", ContentFile(DOCX))
    RequiredComponent.objects.create(
        case=case, position=2, name="Giấy chứng sinh", mandatory=False, copies=1
    )
    LegalBasis.objects.create(version=birth, number="60/2014/QH13", title="Luật Hộ tịch")
    ProcedureResult.objects.create(version=birth, name="Giấy khai sinh (bản chính)")
    ProcessStep.objects.create(
        case=case,
        stage=1,
        name="Tiếp nhận hồ sơ khai sinh",
        role="counter_officer",
        budget_hours=Decimal(4),
    )
    ProcessStep.objects.create(
        case=case,
        stage=2,
        name="Ký Giấy khai sinh",
        role="signing_leader",
        agency=commune,
        budget_hours=Decimal(20),
    )
    old, _, old_component = _procedure(
        "1.000894",
        "Đăng ký kết hôn",
        civil,
        valid_from=datetime.date(2015, 1, 1),
        valid_to=TODAY - DAY,
    )
    old_component.template_file.save("to-khai-ket-hon.docx", ContentFile(b"old"))
    return {
        "birth": birth,
        "case": case,
        "component": component,
        "commune": commune,
        "old": old,
        "old_component": old_component,
    }


def codes(response) -> list[str]:
    return [row["listing"].code for row in response.context["rows"]]


def get(client, **params):
    response = client.get(reverse("portal:catalogue"), params)
    assert response.status_code == 200
    return response


def test_search_needs_no_diacritics(client, catalogue):
    assert codes(get(client, q="dang ky khai sinh")) == ["1.001193"]
    assert codes(get(client, q="ĐĂNG KÝ   Khai sinh")) == ["1.001193"]
    assert codes(get(client, q="ly lich tu phap")) == ["2.000488.H99"]
    assert codes(get(client, q="2.000488")) == ["2.000488.H99"]  # the code
    assert codes(get(client, q="tre em")) == ["1.001193"]  # a keyword
    assert codes(get(client, q="ho tich")) == ["1.001193"]  # the field; the expired one is gone
    html = get(client, q="khai sinh").content.decode()
    assert reverse("portal:procedure", args=["1.001193"]) in html


def test_no_result_is_said_plainly(client, catalogue):
    response = get(client, q="giay phep lai tau vu tru")
    assert codes(response) == [] and 'id="no-result"' in response.content.decode()


def test_everything_in_force_is_listed_without_a_query(client, catalogue):
    response = get(client)
    assert codes(response) == ["1.001193", "2.000488.H99"]
    assert response.context["page"].paginator.count == 2


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"field": "HOTICH"}, ["1.001193"]),
        ({"field": "LLTP"}, ["2.000488.H99"]),
        ({"agency": "H99.50"}, ["1.001193"]),  # the commune decides birth registration
        ({"agency": "H99.01"}, ["2.000488.H99"]),  # the department, judicial records
        ({"level": "commune"}, ["1.001193"]),
        ({"level": "province"}, ["2.000488.H99"]),
        ({"level": "ministry"}, []),
        ({"online": "full"}, ["1.001193"]),
        ({"online": "partial"}, ["2.000488.H99"]),
        ({"online": "information"}, []),
        ({"q": "khai sinh", "field": "LLTP"}, []),
        ({"q": "khai sinh", "level": "commune", "online": "full"}, ["1.001193"]),
    ],
)
def test_filters_narrow_the_list(client, catalogue, params, expected):
    response = get(client, **params)
    assert codes(response) == expected
    assert not response.context["form"].errors


def test_the_filters_offer_what_is_in_force(client, catalogue):
    form = get(client).context["form"]
    assert [c for c, _ in form.fields["field"].choices] == ["", "HOTICH", "LLTP"]
    assert {c for c, _ in form.fields["agency"].choices} == {"", "H99.50", "H99.01"}


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "-3"},
        {"page": "99999"},
        {"page": "1e9"},
        {"field": "KHONGCO"},
        {"field": "HOTICH' OR 1=1 --"},
        {"agency": "<script>alert(1)</script>"},
        {"level": "galaxy"},
        {"online": "level4"},
        {"q": "x" * 500},
        {"q": "\x00 khai sinh"},
    ],
)
def test_bad_page_or_filter_never_fails(client, catalogue, params):
    response = get(client, **params)
    assert "<script>alert(1)" not in response.content.decode()
    bad_filter = set(params) - {"page"}
    if bad_filter:
        assert set(response.context["form"].errors) == bad_filter
        assert 'id="filter-errors"' in response.content.decode()
        # The invalid criterion is ignored: everything in force is listed.
        assert codes(response) == ["1.001193", "2.000488.H99"]


def test_a_bad_filter_is_ignored_but_the_good_ones_apply(client, catalogue):
    response = get(client, q="khai sinh", level="galaxy", online="full")
    assert set(response.context["form"].errors) == {"level"}
    assert codes(response) == ["1.001193"]


def test_results_come_twenty_a_page_and_keep_the_query(client, world):
    field = Field.objects.create(code="THU", name="Thủ tục thử")
    for n in range(45):
        _procedure(f"9.{n:06d}", f"Thủ tục thử nghiệm số {n}", field)
    first = get(client, q="thu nghiem")
    assert first.context["page"].paginator.count == 45 and len(codes(first)) == 20
    assert codes(first)[0] == "9.000000"
    html = first.content.decode()
    assert "page=2" in html and "q=thu+nghiem" in html
    third = get(client, q="thu nghiem", page="3")
    assert codes(third) == [f"9.{n:06d}" for n in range(40, 45)]
    assert codes(get(client, q="thu nghiem", page="400")) == codes(third)  # the last page


def test_names_that_begin_with_the_query_come_first(client, catalogue):
    civil = Field.objects.get(code="HOTICH")
    _procedure("1.000001", "Trích lục đăng ký khai sinh", civil)
    assert codes(get(client, q="dang ky khai sinh")) == ["1.001193", "1.000001"]


def test_an_expired_version_is_not_listed_and_its_page_is_404(client, catalogue):
    assert codes(get(client, q="ket hon")) == []
    assert client.get(reverse("portal:procedure", args=["1.000894"])).status_code == 404
    url = reverse("portal:template", args=["1.000894", catalogue["old_component"].pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("portal:procedure", args=["0.000000"])).status_code == 404


def test_a_future_version_is_not_yet_listed_and_a_new_one_replaces_the_old(client, catalogue):
    civil = Field.objects.get(code="HOTICH")
    _procedure("1.000999", "Thủ tục sắp có hiệu lực", civil, valid_from=TODAY + DAY)
    assert codes(get(client, q="sap co hieu luc")) == []
    assert client.get(reverse("portal:procedure", args=["1.000999"])).status_code == 404
    # Marriage registration: version 1 expired yesterday, version 2 is in force from today.
    _procedure("1.000894", "Đăng ký kết hôn (mới)", civil, valid_from=TODAY)
    assert codes(get(client, q="ket hon")) == ["1.000894"]
    page = client.get(reverse("portal:procedure", args=["1.000894"]))
    assert page.status_code == 200 and page.context["version"].number == 2


def test_the_procedure_page_carries_everything(client, catalogue):
    case = catalogue["case"]
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("portal:procedure", args=["1.001193"]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "<h1",
        "Đăng ký khai sinh cho trẻ em.",  # description
        "Trong thời hạn 60 ngày",  # requirements
        "Người nước ngoài",  # applicant types
        "UBND cấp xã",  # where to submit
        "UBND xã Tân Lập",  # deciding agency
        "60/2014/QH13",  # legal basis
        "Luật Hộ tịch",
        "Giấy khai sinh (bản chính)",  # result
        "Lệ phí khai sinh muộn",
        "1,000,000 VND",  # thousands separated
        "Phí sao lục",
        "Collected at return",
        "Tờ khai đăng ký khai sinh",
        "Ghi rõ họ tên cha, mẹ",  # component note
        "If applicable",  # optional component
        "Tiếp nhận hồ sơ khai sinh",  # process steps
        "20 working hours (2.5 working days)",
        "the competent agency",
    ]:
        assert text in html, text
    channels = html.split(f'id="case-{case.pk}-channels"')[1].split("</table>")[0]
    assert "At the counter" in channels and "Public postal service" in channels
    assert "<strong>1 working days</strong>" in channels  # online: its own, shorter limit
    components = html.split(f'id="case-{case.pk}-components"')[1].split("</table>")[0]
    assert '<td data-label="Originals">1</td>' in components
    assert '<td data-label="Copies">2</td>' in components
    assert reverse("portal:template", args=["1.001193", catalogue["component"].pk]) in html
    assert reverse("portal:start", args=[case.pk]) in html
    assert html.index("<h1") < html.index("<h2") < html.index("<h3")
    assert 'scope="col"' in html and 'scope="row"' in html


def test_vietnamese_amounts_use_dots(client, catalogue):
    html = client.get(reverse("portal:procedure", args=["1.001193"])).content.decode()
    assert "1.000.000" in html and "8.000" in html


def test_submit_online_only_where_the_case_can_be_submitted_online(client, catalogue, world):
    # The world's case has the online channel and the procedure is partly online.
    url = reverse("portal:procedure", args=["2.000488.H99"])
    assert reverse("portal:start", args=[world.case.pk]) in client.get(url).content.decode()
    version = world.case.version
    version.online_level = "information"
    version.save()
    assert reverse("portal:start", args=[world.case.pk]) not in client.get(url).content.decode()
    # Without the online channel, no button either.
    version.online_level = "partial"
    version.save()
    world.case.channels.filter(channel="online").delete()
    assert reverse("portal:start", args=[world.case.pk]) not in client.get(url).content.decode()


def test_a_group_lists_its_procedures(client, catalogue, world):
    group, _, _ = _procedure(
        "1.009922.H99", "Liên thông khai sinh, thường trú", Field.objects.get(code="HOTICH")
    )
    GroupMember.objects.create(version=group, procedure=catalogue["birth"].procedure, position=1)
    GroupMember.objects.create(version=group, procedure=world.case.version.procedure, position=2)
    html = client.get(reverse("portal:procedure", args=["1.009922.H99"])).content.decode()
    assert reverse("portal:procedure", args=["1.001193"]) in html
    assert reverse("portal:procedure", args=["2.000488.H99"]) in html


def test_the_template_is_downloaded(client, catalogue):
    url = reverse("portal:template", args=["1.001193", catalogue["component"].pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "to-khai-khai-sinh" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == DOCX


def test_no_template_of_another_procedure_nor_without_file(client, catalogue, world):
    other = world.case.components.get()
    other.template_file.save("ly-lich.docx", ContentFile(b"other"))
    # Another procedure's component, under this procedure's address.
    assert client.get(reverse("portal:template", args=["1.001193", other.pk])).status_code == 404
    own = reverse("portal:template", args=["2.000488.H99", other.pk])
    assert client.get(own).status_code == 200
    # A component without a file, and a file gone from storage.
    bare = catalogue["case"].components.get(position=2)
    assert client.get(reverse("portal:template", args=["1.001193", bare.pk])).status_code == 404
    catalogue["component"].template_file.storage.delete(catalogue["component"].template_file.name)
    url = reverse("portal:template", args=["1.001193", catalogue["component"].pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 405


def test_the_index_is_cached_and_follows_edits(catalogue, django_assert_max_num_queries):
    assert [x.code for x in search.find(TODAY, "khai sinh")] == ["1.001193"]
    with django_assert_max_num_queries(1):  # at most the reference stamp's check
        search.find(TODAY, "khai sinh", level="commune")
    version = catalogue["birth"]
    version.name = "Đăng ký khai sinh lưu động"
    version.save()
    assert [x.name for x in search.find(TODAY, "luu dong")] == ["Đăng ký khai sinh lưu động"]


def test_the_counter_search_still_works(catalogue, world):
    found = counter_search("dang ky khai sinh", TODAY)
    assert [(p.code, [c.code for c in cases]) for p, cases in found] == [("1.001193", ["01"])]
    assert found[0][1][0].version.name == "Đăng ký khai sinh"
    assert counter_search("ket hon", TODAY) == []  # expired
    assert counter_search("   ", TODAY) == []
    assert [p.code for p, _ in counter_search("dang ky khai sinh", TODAY, limit=0)] == []
    everything = counter_search("a", TODAY)
    assert [p.code for p, _ in everything] == ["1.001193", "2.000488.H99"]


def test_the_home_page(client, catalogue):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    context, html = response.context, response.content.decode()
    assert context["province"] == "UBND tỉnh Sơn Hà"  # not the other province in the world
    figures = [context[k] for k in ("procedure_count", "full_count", "partial_count")]
    assert figures == [2, 1, 1]
    assert [(f.code, f.count) for f in context["fields"]] == [("HOTICH", 1), ("LLTP", 1)]
    assert f'action="{reverse("portal:catalogue")}"' in html and 'name="q"' in html
    assert f"{reverse('portal:catalogue')}?field=HOTICH" in html
    for name in ("lookup", "office:inbox", "admin:index"):
        assert f'href="{reverse(name)}"' in html, name
