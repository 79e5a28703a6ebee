"""The overdue lists (Phụ lục I and II), on dossiers handled through the real services in July
2025, some of whose history is then shaped directly.

Working day 07:30–11:30 and 13:00–17:00 (``conftest.py``); the case takes 5 working days, so a
dossier received on Monday 7 at 08:xx is due on Monday 14 at 08:xx. July 2025: Mon 7 … Fri 11,
Mon 14, Tue 15, Wed 16, Thu 17, Fri 18. All are received at the centre (H99.20) and decided by
the department (H99.01), except ``division``'s, decided by the division (H99.01.01).

  late2     07 08:00  head 07 09:00, specialist 07 10:00, leader 15 09:00, finished Wed 16 10:00
            (2 days late), returned Fri 18
  late1     07 08:05  … leader 14 09:00, finished Tue 15 at 06:30 in Vietnam — still Monday 14
            in UTC: 1 day late by Vietnam days, on time by UTC dates
  on_time   07 08:10  … finished Mon 14 16:00: after the due instant, on the due day
  pending   07 08:15  head 07 09:00, specialist Tue 08 09:00, leader Wed 16 10:00, still open
  paused    07 08:20  head 07 09:00, financial obligation asked Thu 10 09:00, never paid
  resumed   07 08:25  head 07 09:00, financial obligation asked Thu 10 09:00, paid Thu 17 10:00;
            its due instant then set back to Mon 14 08:25 (shaped)
  withdrawn 07 08:30  head 07 09:00, withdrawn Thu 17 10:00
  division  07 08:35  head 07 09:00, specialist 07 10:00, still open; competent agency set to the
            division (shaped)
"""

import datetime
from dataclasses import dataclass
from unittest import mock

import pytest

from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.reports.overdue import (
    TABLE_COLUMNS,
    BadCursor,
    Holder,
    Period,
    decode_cursor,
    encode_cursor,
    pending_overdue,
    resolved_late,
    table_row,
)
from tests.dossiers.conftest import World, vn, world  # noqa: F401
from tests.dossiers.world import make_interconnected

D = datetime.date


@dataclass
class Lists:
    world: World
    late2: Dossier
    late1: Dossier
    on_time: Dossier
    pending: Dossier
    paused: Dossier
    resumed: Dossier
    withdrawn: Dossier
    division: Dossier


def receive(w: World, *at) -> Dossier:
    return services.receive_at_counter(application=w.application(), actor=w.counter, at=vn(*at))


def to_head(w: World, dossier: Dossier) -> None:
    services.forward(
        dossier_id=dossier.pk, actor=w.counter, to_user=w.head.user, at=vn(2025, 7, 7, 9, 0)
    )


def to_leader(w: World, dossier: Dossier, *, assigned, forwarded) -> None:
    services.assign(
        dossier_id=dossier.pk, actor=w.head, to_user=w.specialist.user, at=vn(*assigned)
    )
    services.forward(
        dossier_id=dossier.pk, actor=w.specialist, to_user=w.leader.user, at=vn(*forwarded)
    )


@pytest.fixture
def lists(world: World) -> Lists:  # noqa: F811
    w = world
    late2 = receive(w, 2025, 7, 7, 8, 0)
    assert late2.due_at == vn(2025, 7, 14, 8, 0)
    to_head(w, late2)
    to_leader(w, late2, assigned=(2025, 7, 7, 10, 0), forwarded=(2025, 7, 15, 9, 0))
    services.finish(
        dossier_id=late2.pk, actor=w.leader, result_number="1/QĐ", at=vn(2025, 7, 16, 10)
    )
    services.return_result(
        dossier_id=late2.pk,
        actor=w.counter,
        method="counter",
        received_by="Nguyễn Văn An",
        at=vn(2025, 7, 18, 9, 0),
    )

    late1 = receive(w, 2025, 7, 7, 8, 5)
    to_head(w, late1)
    to_leader(w, late1, assigned=(2025, 7, 7, 10, 0), forwarded=(2025, 7, 14, 9, 0))
    services.finish(
        dossier_id=late1.pk, actor=w.leader, result_number="2/QĐ", at=vn(2025, 7, 15, 6, 30)
    )

    on_time = receive(w, 2025, 7, 7, 8, 10)
    to_head(w, on_time)
    to_leader(w, on_time, assigned=(2025, 7, 7, 10, 0), forwarded=(2025, 7, 14, 9, 0))
    services.finish(
        dossier_id=on_time.pk, actor=w.leader, result_number="3/QĐ", at=vn(2025, 7, 14, 16)
    )

    pending = receive(w, 2025, 7, 7, 8, 15)
    to_head(w, pending)
    to_leader(w, pending, assigned=(2025, 7, 8, 9, 0), forwarded=(2025, 7, 16, 10, 0))

    paused = receive(w, 2025, 7, 7, 8, 20)
    to_head(w, paused)
    services.request_payment(
        dossier_id=paused.pk, actor=w.head, reason="Nộp lệ phí", at=vn(2025, 7, 10, 9, 0)
    )

    resumed = receive(w, 2025, 7, 7, 8, 25)
    to_head(w, resumed)
    services.request_payment(
        dossier_id=resumed.pk, actor=w.head, reason="Nộp lệ phí", at=vn(2025, 7, 10, 9, 0)
    )
    services.confirm_payment(dossier_id=resumed.pk, actor=w.head, at=vn(2025, 7, 17, 10, 0))
    Dossier.objects.filter(pk=resumed.pk).update(due_at=vn(2025, 7, 14, 8, 25))

    withdrawn = receive(w, 2025, 7, 7, 8, 30)
    to_head(w, withdrawn)
    services.withdraw(
        dossier_id=withdrawn.pk, actor=w.counter, reason="Rút hồ sơ", at=vn(2025, 7, 17, 10, 0)
    )

    division = receive(w, 2025, 7, 7, 8, 35)
    to_head(w, division)
    services.assign(
        dossier_id=division.pk, actor=w.head, to_user=w.specialist.user, at=vn(2025, 7, 7, 10)
    )
    Dossier.objects.filter(pk=division.pk).update(competent_agency=w.division)

    found = {d.pk: d for d in Dossier.objects.all()}
    return Lists(
        w,
        *(
            found[d.pk]
            for d in (late2, late1, on_time, pending, paused, resumed, withdrawn, division)
        ),
    )


LATER = D(2025, 7, 31)  # "today", after every period below unless said otherwise


def period(date_from, date_to, today=LATER) -> Period:
    return Period.of(date_from, date_to, today)


def late(date_from, date_to, **options) -> list:
    return list(resolved_late(period(date_from, date_to), **options))


def pending_at(as_of, **options) -> list:
    return list(pending_overdue(period(D(2025, 7, 1), as_of), **options))


def codes(rows) -> list[str]:
    return [row.code for row in rows]


def days(rows) -> list[tuple[str, int]]:
    return [(row.code, row.days) for row in rows]


# --- Resolved late (Phụ lục I) ----------------------------------------------------------------


def test_resolved_late_most_days_first(lists):
    w = lists.world
    rows = late(D(2025, 7, 1), D(2025, 7, 31))
    # on_time finished after its due instant but on the due day; the others are pending or
    # withdrawn.
    assert days(rows) == [(lists.late2.code, 2), (lists.late1.code, 1)]
    first = rows[0]
    assert (first.procedure_code, first.procedure_name) == ("2.000488.H99", w.case.version.name)
    assert (first.agency_code, first.agency_name) == ("H99.01", "Sở Tư pháp")
    assert first.received_at == vn(2025, 7, 7, 8, 0)
    assert first.due_at == vn(2025, 7, 14, 8, 0)
    assert first.finished_at == vn(2025, 7, 16, 10, 0)
    assert first.as_dict() == {
        "code": lists.late2.code,
        "procedure": {"code": "2.000488.H99", "name": w.case.version.name},
        "received_at": "2025-07-07T08:00:00+07:00",
        "due_at": "2025-07-14T08:00:00+07:00",
        "finished_at": "2025-07-16T10:00:00+07:00",
        "agency": {"code": "H99.01", "name": "Sở Tư pháp"},
        "days_late": 2,
    }


def test_finished_on_the_last_day_counts_and_the_day_after_does_not(lists):
    assert codes(late(D(2025, 7, 1), D(2025, 7, 16))) == [lists.late2.code, lists.late1.code]
    assert codes(late(D(2025, 7, 1), D(2025, 7, 15))) == [lists.late1.code]
    assert codes(late(D(2025, 7, 16), D(2025, 7, 16))) == [lists.late2.code]
    assert codes(late(D(2025, 7, 17), D(2025, 7, 31))) == []


def test_days_are_vietnam_days_not_utc_dates(lists):
    # late1 finished on Tue 15 at 06:30 in Vietnam, Mon 14 23:30 UTC: it belongs to the 15th…
    assert codes(late(D(2025, 7, 15), D(2025, 7, 15))) == [lists.late1.code]
    assert codes(late(D(2025, 7, 14), D(2025, 7, 14))) == []
    # …and is one day late although its UTC date is its due date.
    assert days(late(D(2025, 7, 15), D(2025, 7, 15))) == [(lists.late1.code, 1)]


def test_a_dossier_finished_on_its_due_day_or_without_due_instant_is_not_late(lists):
    Dossier.objects.filter(pk=lists.late2.pk).update(due_at=None)
    assert codes(late(D(2025, 7, 1), D(2025, 7, 31))) == [lists.late1.code]
    Dossier.objects.filter(pk=lists.late1.pk).update(due_at=vn(2025, 7, 15, 16, 0))
    assert codes(late(D(2025, 7, 1), D(2025, 7, 31))) == []


def test_a_refused_or_unreceived_dossier_is_not_counted(lists):
    Dossier.objects.filter(pk=lists.late2.pk).update(received_at=None)
    assert codes(late(D(2025, 7, 1), D(2025, 7, 31))) == [lists.late1.code]


# --- Pending overdue (Phụ lục II) -------------------------------------------------------------


def test_due_on_as_of_is_not_overdue_and_the_day_before_is(lists):
    # Everything pending was due on Monday 14: not overdue at its end…
    assert pending_at(D(2025, 7, 14)) == []
    # …overdue by one day at the end of Tuesday 15. late2 (finished on the 16th) and withdrawn
    # (withdrawn on the 17th) were still pending then; late1 had finished that morning; paused
    # and resumed were waiting for the financial obligation.
    assert days(pending_at(D(2025, 7, 15))) == [
        (lists.late2.code, 1),
        (lists.pending.code, 1),
        (lists.withdrawn.code, 1),
        (lists.division.code, 1),
    ]


def test_the_holders_at_the_end_of_as_of(lists):
    w = lists.world
    holders = {row.code: row.holders for row in pending_at(D(2025, 7, 15))}
    specialist = Holder("H99.01.01", "Phòng Hành chính tư pháp", "chuyenvien", "Phạm Thu Hà")
    head = Holder("H99.01", "Sở Tư pháp", "truongphong", "Trần Văn Minh")
    leader = Holder("H99.01", "Sở Tư pháp", "lanhdao", "Hoàng Đức Thắng")
    assert holders == {
        lists.late2.code: (leader,),  # forwarded to the leader on the 15th at 09:00
        lists.pending.code: (specialist,),  # the specialist had it until the 16th
        lists.withdrawn.code: (head,),
        lists.division.code: (specialist,),
    }
    # A day later the pending dossier is with the leader (from the 16th at 10:00).
    row = next(r for r in pending_at(D(2025, 7, 16)) if r.code == lists.pending.code)
    assert row.holders == (leader,)
    assert row.days == 2
    assert row.as_dict() == {
        "code": lists.pending.code,
        "procedure": {"code": "2.000488.H99", "name": w.case.version.name},
        "received_at": "2025-07-07T08:15:00+07:00",
        "due_at": "2025-07-14T08:15:00+07:00",
        "agency": {"code": "H99.01", "name": "Sở Tư pháp"},
        "holders": [
            {
                "agency": {"code": "H99.01", "name": "Sở Tư pháp"},
                "officer": {"username": "lanhdao", "name": "Hoàng Đức Thắng"},
            }
        ],
        "days_overdue": 2,
    }


def test_paused_across_the_end_is_not_listed_and_resumed_on_as_of_is(lists):
    # paused: asked on the 10th, never paid. resumed: paid on the 17th at 10:00.
    at_16 = codes(pending_at(D(2025, 7, 16)))
    assert lists.paused.code not in at_16
    assert lists.resumed.code not in at_16  # still paused at the end of the 16th
    rows = pending_at(D(2025, 7, 17))
    assert days(rows) == [
        (lists.pending.code, 3),
        (lists.resumed.code, 3),  # resumed on as_of: the clock runs again
        (lists.division.code, 3),
    ]  # withdrawn on the 17th: resolved
    assert next(r for r in rows if r.code == lists.resumed.code).holders == (
        Holder("H99.01", "Sở Tư pháp", "truongphong", "Trần Văn Minh"),
    )


def test_a_pause_asked_after_as_of_does_not_hide_the_dossier(lists):
    # The financial obligation was asked on the 10th: at the end of the 9th nothing was paused
    # — but nothing was due yet either. Move the request after the 15th instead.
    lists.paused.pauses.update(requested_at=vn(2025, 7, 16, 9, 0))
    assert lists.paused.code in codes(pending_at(D(2025, 7, 15)))
    assert lists.paused.code not in codes(pending_at(D(2025, 7, 16)))


def test_finished_after_as_of_is_still_pending_then(lists):
    # late2 finished on the 16th: pending and overdue at the end of the 15th, not of the 16th.
    assert lists.late2.code in codes(pending_at(D(2025, 7, 15)))
    assert lists.late2.code not in codes(pending_at(D(2025, 7, 16)))


def test_the_due_day_is_the_vietnam_day(lists):
    # Due on Tue 15 at 06:00 in Vietnam — Mon 14 23:00 UTC: not overdue at the end of the 15th,
    # one day overdue at the end of the 16th.
    Dossier.objects.filter(pk=lists.division.pk).update(due_at=vn(2025, 7, 15, 6, 0))
    assert lists.division.code not in codes(pending_at(D(2025, 7, 15)))
    row = next(r for r in pending_at(D(2025, 7, 16)) if r.code == lists.division.code)
    assert row.days == 1


def test_a_period_ending_in_the_future_ends_today(lists):
    # Looked at on Tuesday 15 for the whole month: as of the 15th.
    future = Period.of(D(2025, 7, 1), D(2025, 7, 31), today=D(2025, 7, 15))
    assert future.as_of == D(2025, 7, 15)
    assert days(pending_overdue(future)) == days(pending_at(D(2025, 7, 15)))
    # Without ``today``: the Vietnam date of now (Wed 16 at 06:00 in Vietnam, 15 in UTC).
    with mock.patch("django.utils.timezone.now", return_value=vn(2025, 7, 16, 6, 0)):
        now = Period.of(D(2025, 7, 1), D(2025, 7, 31))
    assert (now.today, now.as_of) == (D(2025, 7, 16), D(2025, 7, 16))
    # A period that ended before today ends on its last day.
    assert Period.of(D(2025, 7, 1), D(2025, 7, 10), today=D(2025, 7, 31)).as_of == D(2025, 7, 10)


def test_the_scope_is_the_competent_agency(lists):
    w = lists.world
    assert codes(pending_at(D(2025, 7, 15), agencies={w.division.pk})) == [lists.division.code]
    assert codes(pending_at(D(2025, 7, 15), agencies={w.department.pk})) == [
        lists.late2.code,
        lists.pending.code,
        lists.withdrawn.code,
    ]
    # The receiving centre decides nothing.
    assert pending_at(D(2025, 7, 15), agencies={w.centre.pk}) == []
    assert pending_at(D(2025, 7, 15), agencies=set()) == []
    assert codes(late(D(2025, 7, 1), D(2025, 7, 31), agencies={w.division.pk})) == []
    assert len(late(D(2025, 7, 1), D(2025, 7, 31), agencies={w.department.pk})) == 2


def test_several_open_rows_are_all_holders(world):  # noqa: F811
    w = make_interconnected(world)
    d = receive(w, 2025, 5, 12, 8, 0)
    assert d.due_at == vn(2025, 5, 19, 8, 0)
    # The police and tax opinions open side by side; the police officer is named to receive
    # theirs, nobody in particular the tax office's.
    services.forward(dossier_id=d.pk, actor=w.counter, to_user=w.cop.user, at=vn(2025, 5, 12, 9, 0))
    rows = list(pending_overdue(Period.of(D(2025, 5, 1), D(2025, 5, 20), today=D(2025, 6, 1))))
    assert days(rows) == [(d.code, 1)]
    assert rows[0].holders == (
        Holder("H99.30", "Công an tỉnh", "congan", "Vũ Văn Công"),
        Holder("H99.31", "Thuế tỉnh", None, None),
    )
    assert rows[0].as_dict()["holders"][1] == {
        "agency": {"code": "H99.31", "name": "Thuế tỉnh"},
        "officer": None,
    }
    # In a table, the holders' columns list them in the same order.
    assert table_row(rows[0])[9:13] == [
        "H99.30; H99.31",
        "Công an tỉnh; Thuế tỉnh",
        "congan; ",
        "Vũ Văn Công; ",
    ]


# --- Streaming, pages, tables -----------------------------------------------------------------


def test_queries_per_chunk(lists, django_assert_num_queries):
    # The list; the agencies and procedure versions its rows name (only those not seen yet).
    with django_assert_num_queries(3):
        late(D(2025, 7, 1), D(2025, 7, 31))
    # …and for the pending list, each chunk's open control-slip rows and their officers.
    with django_assert_num_queries(5):
        assert len(pending_at(D(2025, 7, 15))) == 4
    # Chunks of 3 rows: the first also looks up the division (a holder's agency); the second
    # (one dossier of the division) needs its open rows only, everything they name is known.
    with django_assert_num_queries(7):
        assert len(pending_at(D(2025, 7, 15), chunk_size=3)) == 4


def test_pages_after_a_cursor(lists):
    first = pending_at(D(2025, 7, 15), limit=3)
    assert codes(first) == [lists.late2.code, lists.pending.code, lists.withdrawn.code]
    cursor = encode_cursor(first[-1])
    after = decode_cursor(cursor, "pending")
    assert after == (1, lists.withdrawn.code)
    assert codes(pending_at(D(2025, 7, 15), after=after, limit=3)) == [lists.division.code]
    # The order is days first: after (2 days, any code) come all rows of 1 day.
    assert len(pending_at(D(2025, 7, 15), after=(2, "ZZZ"))) == 4
    assert pending_at(D(2025, 7, 15), after=(1, lists.division.code)) == []
    late_rows = late(D(2025, 7, 1), D(2025, 7, 31), limit=1)
    assert codes(late_rows) == [lists.late2.code]
    after = decode_cursor(encode_cursor(late_rows[0]), "late")
    assert codes(late(D(2025, 7, 1), D(2025, 7, 31), after=after)) == [lists.late1.code]


@pytest.mark.parametrize("cursor", ["", "x", "bm90IGpzb24", "WyJsYXRlIiwgMSwgIkEiXQ"])
def test_bad_cursors(cursor):
    # The last one is a cursor of the late list.
    with pytest.raises(BadCursor):
        decode_cursor(cursor, "pending")


def test_table_rows(lists):
    late_row = late(D(2025, 7, 16), D(2025, 7, 16))[0]
    assert dict(zip(TABLE_COLUMNS, table_row(late_row), strict=True)) == {
        "list": "late",
        "code": lists.late2.code,
        "procedure_code": "2.000488.H99",
        "procedure_name": lists.world.case.version.name,
        "received_at": "2025-07-07T08:00:00+07:00",
        "due_at": "2025-07-14T08:00:00+07:00",
        "finished_at": "2025-07-16T10:00:00+07:00",
        "agency_code": "H99.01",
        "agency_name": "Sở Tư pháp",
        "holder_agency_codes": "",
        "holder_agency_names": "",
        "holder_usernames": "",
        "holder_names": "",
        "days_late": 2,
        "days_overdue": "",
    }
    pending_row = pending_at(D(2025, 7, 15), agencies={lists.world.division.pk})[0]
    values = dict(zip(TABLE_COLUMNS, table_row(pending_row), strict=True))
    assert values["list"] == "pending"
    assert values["finished_at"] == ""
    assert values["holder_usernames"] == "chuyenvien"
    assert (values["days_late"], values["days_overdue"]) == ("", 1)


def test_bad_period():
    with pytest.raises(ValueError, match="date_from"):
        Period.of(D(2025, 7, 2), D(2025, 7, 1))
