import pytest
from django.core.exceptions import ValidationError

from motcua.agencies.codes import CodeFormat, code_format, province_group, validate_agency_code


@pytest.mark.parametrize(
    ("code", "fmt"),
    [
        ("H26", CodeFormat.CURRENT),
        ("G18", CodeFormat.CURRENT),
        ("H99.01", CodeFormat.CURRENT),
        ("H99.51.01", CodeFormat.CURRENT),
        ("A01.123.45.6789", CodeFormat.CURRENT),
        ("000.00.06.H56", CodeFormat.LEGACY),
        ("000.00.00.G18", CodeFormat.LEGACY),
    ],
)
def test_accepted_formats(code, fmt):
    assert code_format(code) is fmt
    validate_agency_code(code)


@pytest.mark.parametrize(
    "code",
    [
        "Z01",  # level-1 letter must be A–Y
        "H1",  # two digits
        "h99",  # upper case only
        "H99.",  # empty group
        "H99..01",
        "H99.0-1",
        "99H",
        "00.00.06.H56",  # legacy groups are 3.2.2.3
        "H99." + "1" * 40,  # longer than 35
        "",
        " H99",
    ],
)
def test_rejected_codes(code):
    assert code_format(code) is None
    with pytest.raises(ValidationError):
        validate_agency_code(code)


def test_error_names_both_formats():
    with pytest.raises(ValidationError) as exc:
        validate_agency_code("X-1")
    assert exc.value.code == "characters"
    with pytest.raises(ValidationError) as exc:
        validate_agency_code("Z01")
    assert "QĐ 20/2020" in str(exc.value.messages[0])
    assert "TT 10/2016" in str(exc.value.messages[0])


def test_province_group_in_both_directions():
    assert province_group("H99.51.01") == "H99"
    assert province_group("000.00.06.H56") == "H56"
    assert province_group("nonsense") is None
