"""The tracking ledger (sổ theo dõi hồ sơ) of a one-stop unit over a period of Vietnam days."""

import datetime

import pytest

from motcua.agencies.models import Agency, Role
from motcua.agencies.services import assign_role
from motcua.documents.ledger import ledger_data
from motcua.documents.pdf import ledger_pdf
from motcua.documents.render import ledger_html
from motcua.dossiers import services as s
from tests.dossiers.world import vn

from .pdftext import pdf_text
from .scenarios import LIFE, START, H, received, returned

NUMBERS = {"2018": "06", "2025": "07"}


def the_days_dossiers(world, form_set):
    """On the set's Monday at the centre: a dossier handled to the end, one still at the
    counter and one withdrawn; a dossier at another one-stop unit the same day."""
    start = START[form_set]
    done = returned(world, form_set)
    waiting = received(world, start + H)
    gone = received(world, start + 2 * H)
    gone = s.withdraw(dossier_id=gone.pk, actor=world.counter, reason="Rút", at=start + 3 * H)
    branch = Agency.objects.create(
        code="H99.21",
        name="Điểm tiếp nhận Sơn Hà",
        level="province",
        kind="service_centre",
        parent=world.province,
    )
    assign_role(user=world.counter.user, agency=branch, role=Role.COUNTER_OFFICER)
    elsewhere = s.receive_at_counter(
        application=world.application(receiving_unit=branch), actor=world.counter, at=start
    )
    return done, waiting, gone, elsewhere


@pytest.mark.parametrize("form_set", ["2018", "2025"])
def test_the_ledger_of_a_day(world, form_set):
    done, waiting, gone, elsewhere = the_days_dossiers(world, form_set)
    day = START[form_set].date()
    after_the_due_day = START[form_set] + datetime.timedelta(days=14)

    data = ledger_data(agency=world.centre, date_from=day, date_to=day, at=after_the_due_day)
    pdf = ledger_pdf(agency=world.centre, date_from=day, date_to=day, at=after_the_due_day)

    assert (data["form_set"], data["form_number"]) == (form_set, NUMBERS[form_set])
    rows = {row["code"]: row for row in data["rows"]}
    assert list(rows) == [done.code, waiting.code, gone.code]
    assert [row["number"] for row in data["rows"]] == [1, 2, 3]
    # Handed on by the counter at its first forward; finished and returned early.
    assert rows[done.code]["transferred_at"] == LIFE[form_set][0].isoformat()
    assert rows[done.code]["timeliness"] == "early"
    # Still at the counter after its due day: never handed on, overdue.
    assert (rows[waiting.code]["transferred_at"], rows[waiting.code]["timeliness"]) == (
        None,
        "overdue",
    )
    # Withdrawn: no result came from the deciding agency.
    assert (rows[gone.code]["result_received_at"], rows[gone.code]["timeliness"]) == (
        None,
        "withdrawn",
    )
    text = pdf_text(pdf)
    d = f"{day.day:02d}/{day.month}/{day.year}"
    for line in [
        "SỔ THEO DÕI HỒ SƠ",
        f"Mẫu số {NUMBERS[form_set]}",
        f"Từ ngày {d} đến ngày {d}",
        "TRUNG TÂM PVHCC TỈNH",
        done.code,
        waiting.code,
        gone.code,
        "Trước hạn",
        "Đang giải quyết, quá hạn",
        "Đã rút hồ sơ",
    ]:
        assert line in text, line
    assert elsewhere.code not in text
    assert text.count("Nguyễn Văn An") == 4  # three owners and who received the result
    assert text.count("Cấp Phiếu lý lịch tư pháp") == 3
    assert text.count("Sở Tư pháp") == 3


def test_pending_dossiers_within_their_time(world):
    start = START["2025"]
    d = received(world, start)
    data = ledger_data(agency=world.centre, date_from=start.date(), date_to=start.date(), at=start)
    assert [(row["code"], row["timeliness"]) for row in data["rows"]] == [(d.code, "within")]
    assert "Đang giải quyết, còn hạn" in ledger_html(
        agency=world.centre, date_from=start.date(), date_to=start.date(), at=start
    )


def test_the_period_is_made_of_vietnam_days(world):
    """00:30 on Tuesday in Vietnam is still Monday in UTC: it belongs to Tuesday."""
    late_monday = received(world, vn(2025, 7, 7, 23, 59))
    early_tuesday = received(world, vn(2025, 7, 8, 0, 30))
    late_tuesday = received(world, vn(2025, 7, 8, 23, 59))
    wednesday = received(world, vn(2025, 7, 9, 0, 0))

    tuesday = datetime.date(2025, 7, 8)
    data = ledger_data(agency=world.centre, date_from=tuesday, date_to=tuesday)

    assert [row["code"] for row in data["rows"]] == [early_tuesday.code, late_tuesday.code]
    assert {late_monday.code, wednesday.code}.isdisjoint(row["code"] for row in data["rows"])


def test_the_form_set_is_the_one_in_force_at_the_end_of_the_period(world):
    agency = world.centre
    june = ledger_data(
        agency=agency, date_from=datetime.date(2025, 6, 1), date_to=datetime.date(2025, 6, 30)
    )
    across = ledger_data(
        agency=agency, date_from=datetime.date(2025, 6, 1), date_to=datetime.date(2025, 7, 31)
    )
    chosen = ledger_data(
        agency=agency,
        date_from=datetime.date(2025, 6, 1),
        date_to=datetime.date(2025, 7, 31),
        form_set="2018",
    )
    assert [(x["form_set"], x["form_number"]) for x in (june, across, chosen)] == [
        ("2018", "06"),
        ("2025", "07"),
        ("2018", "06"),
    ]


def test_an_empty_ledger(world):
    day = datetime.date(2025, 7, 7)
    html = ledger_html(agency=world.centre, date_from=day, date_to=day)
    assert "Không có hồ sơ nào được tiếp nhận trong thời gian này." in html


def test_two_queries_whatever_the_number_of_dossiers(world, django_assert_num_queries):
    the_days_dossiers(world, "2025")
    for hour in range(5):
        received(world, START["2025"] + (4 + hour) * H)
    day = START["2025"].date()
    with django_assert_num_queries(2):  # the dossiers (transfer instant included), parties
        html = ledger_html(agency=world.centre, date_from=day, date_to=day)
    assert html.count('<td class="number">') == 8
