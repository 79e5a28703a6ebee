import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.agencies.models import Agency
from motcua.agencies.services import import_agencies_csv
from motcua.core.errors import InputRejected

pytestmark = pytest.mark.django_db

GOOD = """code,name,level,parent_code
H99,Tỉnh Sơn Hà,province,
H99.01,Sở Tư pháp,province,H99
H99.01.01,Phòng Hành chính tư pháp,province,H99.01
H99.51,UBND xã Hòa An,commune,H99
"""


def test_good_file_builds_the_tree():
    result = import_agencies_csv(data=GOOD.encode())
    assert (result.created, result.updated) == (4, 0)
    division = Agency.objects.get(code="H99.01.01")
    assert division.parent.code == "H99.01"
    assert division.parent.parent.code == "H99"
    assert division.kind == Agency.Kind.PEOPLES_COMMITTEE  # default kind of the level
    assert Agency.objects.get(code="H99.51").level == Agency.Level.COMMUNE


def test_children_before_parents_and_update_on_second_run():
    reordered = "code,name,level,parent_code,kind\nH99.01,Sở Tư pháp,province,H99,department\n"
    reordered += "H99,Tỉnh Sơn Hà,province,,peoples_committee\n"
    assert import_agencies_csv(data=reordered).created == 2
    renamed = reordered.replace("Sở Tư pháp", "Sở Tư pháp tỉnh Sơn Hà")
    result = import_agencies_csv(data=renamed)
    assert (result.created, result.updated) == (0, 2)
    assert Agency.objects.get(code="H99.01").name == "Sở Tư pháp tỉnh Sơn Hà"
    assert Agency.objects.get(code="H99.01").kind == Agency.Kind.DEPARTMENT


def test_parent_may_already_exist():
    import_agencies_csv(data=GOOD)
    import_agencies_csv(data="code,name,level,parent_code\nH99.52,UBND xã Bình Minh,commune,H99\n")
    assert Agency.objects.get(code="H99.52").parent.code == "H99"


def test_bom_and_dates_and_history():
    data = (
        "\ufeffcode,name,level,parent_code,valid_from,valid_to,successor_code\n"
        "H99,Tỉnh Sơn Hà,province,,,,\n"
        "H99.51,UBND xã Hòa An,commune,H99,01/07/2025,,\n"
        "000.00.21.H99,UBND huyện Cũ,district,H99,,2025-06-30,H99.51\n"
        "000.21.31.H99,UBND xã Cũ,commune,000.00.21.H99,,,\n"
    )
    import_agencies_csv(data=data.encode("utf-8"))
    district = Agency.objects.get(code="000.00.21.H99")
    assert district.successor.code == "H99.51"
    assert district.valid_to == datetime.date(2025, 6, 30)
    assert Agency.objects.get(code="H99.51").valid_from == datetime.date(2025, 7, 1)
    assert not district.is_active_on(datetime.date(2025, 7, 1))
    assert list(Agency.objects.active_on(datetime.date(2025, 7, 1)).values_list("code", flat=True))
    assert "000.00.21.H99" not in Agency.objects.active_on(datetime.date(2025, 7, 1)).values_list(
        "code", flat=True
    )


def test_district_without_end_ends_before_the_reform():
    data = "code,name,level,parent_code\nH99,Tỉnh,province,\n000.00.21.H99,Huyện,district,H99\n"
    import_agencies_csv(data=data)
    assert Agency.objects.get(code="000.00.21.H99").valid_to == datetime.date(2025, 6, 30)


def _problems(data: str) -> list[str]:
    with pytest.raises(InputRejected) as exc:
        import_agencies_csv(data=data)
    assert Agency.objects.count() == 0, "a rejected file must write nothing"
    return [str(p) for p in exc.value.problems]


def test_every_bad_row_is_named_and_nothing_is_written():
    bad = (
        "code,name,level,parent_code\n"
        "H99,Tỉnh Sơn Hà,province,\n"
        "H99.01,Sở Tư pháp,department,H99\n"  # line 3: bad level
        "h99.02,Sở Y tế,province,H99\n"  # line 4: bad code
        "H99.03,,province,H99\n"  # line 5: empty name
        "H99.04,Sở Xây dựng,province,H88\n"  # line 6: unknown parent
        "H99,Trùng mã,province,\n"  # line 7: duplicate
    )
    problems = _problems(bad)
    assert any(p.startswith("dòng 3, cột level") for p in problems), problems
    assert any(p.startswith("dòng 4, cột code") for p in problems), problems
    assert any(p.startswith("dòng 5, cột name") for p in problems), problems
    assert any(p.startswith("dòng 6, cột parent_code") and "H88" in p for p in problems), problems
    assert any(p.startswith("dòng 7, cột code") and "dòng 2" in p for p in problems), problems


def test_missing_and_unknown_columns():
    problems = _problems("code,name,level,parrent\nH99,Tỉnh,province,\n")
    assert any("parent_code" in p and p.startswith("dòng 1") for p in problems)
    assert any("parrent" in p for p in problems)


def test_commune_cannot_be_parent_of_province_unit():
    data = "code,name,level,parent_code\nH99.51,Xã,commune,\nH99.01,Sở,province,H99.51\n"
    assert any("dòng 3, cột parent_code" in p for p in _problems(data))


def test_parent_cycle_is_refused():
    data = "code,name,level,parent_code\nH99.01,A,province,H99.02\nH99.02,B,province,H99.01\n"
    assert any("chu trình" in p for p in _problems(data))


def test_current_district_is_refused():
    data = (
        "code,name,level,parent_code,valid_to\nH99,T,province,,\nH99.21,H,district,H99,2025-12-31\n"
    )
    assert any(p.startswith("dòng 3, cột valid_to") for p in _problems(data))


def test_bad_date_and_bad_encoding_and_empty_file():
    assert any(
        p.startswith("dòng 2, cột valid_from")
        for p in _problems("code,name,level,parent_code,valid_from\nH99,T,province,,31/02/2025\n")
    )
    with pytest.raises(InputRejected):
        import_agencies_csv(data=b"code,name\n" + "Tỉnh".encode("utf-16"))
    assert any("không có" in p for p in _problems("code,name,level,parent_code\n"))


def test_command_reports_line_and_field(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("code,name,level,parent_code\nH99,Tỉnh,provinse,\n", encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("import-agencies", str(path))
    assert "dòng 2, cột level" in str(exc.value)
    assert Agency.objects.count() == 0
    good = tmp_path / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    call_command("import-agencies", str(good))
    assert Agency.objects.count() == 4


TERRITORIES = """code,name,level,parent_code,kind,territory_code
H99,Tỉnh Sơn Hà,province,,,
H99.30,Công an tỉnh,province,H99,vertical_agency,
H99.30.51,Công an phường Sơn Hà,commune,H99.30,vertical_agency,H99.51
H99.30.52,Công an phường Đông Thành,commune,H99.30,vertical_agency,H99.52
H99.51,UBND phường Sơn Hà,commune,H99,,
"""


def test_territory_may_be_later_in_the_file_or_in_the_database():
    import_agencies_csv(
        data="code,name,level,parent_code\nH99,Tỉnh,province,\nH99.52,UBND Đông Thành,commune,H99\n"
    )
    result = import_agencies_csv(data=TERRITORIES)
    assert (result.created, result.updated) == (4, 1)
    assert Agency.objects.get(code="H99.30.51").territory.code == "H99.51"
    assert Agency.objects.get(code="H99.30.52").territory.code == "H99.52"
    assert Agency.objects.get(code="H99.51").territory is None
    # The file is authoritative for its rows: without the column, the territory is cleared.
    import_agencies_csv(data="code,name,level,parent_code\nH99.30.51,Công an,commune,H99.30\n")
    assert Agency.objects.get(code="H99.30.51").territory is None


def test_unknown_territory_is_refused():
    problems = _problems(TERRITORIES.replace(",H99.52\n", ",H99.99\n"))
    (problem,) = problems
    assert problem.startswith("dòng 5, cột territory_code") and "H99.99" in problem


def test_territory_must_be_a_peoples_committee():
    # H99.30 in the file, and H99.01 already in the database, are not People's Committees.
    import_agencies_csv(
        data="code,name,level,parent_code,kind\nH99,Tỉnh,province,,\n"
        "H99.01,Sở Tư pháp,province,H99,department\n"
    )
    data = TERRITORIES.replace(",H99.51\n", ",H99.30\n").replace(",H99.52\n", ",H99.01\n")
    with pytest.raises(InputRejected) as exc:
        import_agencies_csv(data=data)
    problems = [str(p) for p in exc.value.problems]
    assert len(problems) == 2, problems
    assert problems[0].startswith("dòng 4, cột territory_code") and "H99.30" in problems[0]
    assert problems[1].startswith("dòng 5, cột territory_code") and "H99.01" in problems[1]
    assert not Agency.objects.filter(code__startswith="H99.30").exists()
