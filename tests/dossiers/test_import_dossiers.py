"""``motcua import-dossiers``: legacy dossiers loaded from JSON Lines or CSV, every row checked,
every problem located by line and field, all or nothing (docs/import.md)."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from motcua.catalog import search
from motcua.catalog.models import Field, Procedure, ProcedureCase, ProcedureVersion
from motcua.dossiers import tallies
from motcua.dossiers.imports import DossiersRejected, import_dossiers, writing
from motcua.dossiers.imports.writing import id_type
from motcua.dossiers.models import Dossier, DossierEvent, Party, PauseInterval
from motcua.dossiers.timeliness import vn_date
from motcua.office.counter import search as counter_search
from motcua.reports import bieu06_counts
from motcua.workcalendar.clock import VN_TZ

from .legacy import csv_bytes, every_status, jsonl, record
from .world import vn

D = datetime.date


@pytest.fixture(autouse=True)
def _english():
    """Messages in English (the msgids), to read them in the assertions."""
    with translation.override("en"):
        yield


@pytest.fixture
def added(monkeypatch):
    """The number of dossiers whose facts reach ``tallies.add_facts`` (which still runs), per
    call; and afterwards the tallies agree with the plain aggregate over the dossiers."""
    calls: list[int] = []
    real = tallies.add_facts

    def spy(many):
        many = list(many)
        calls.append(len(many))
        return real(many)

    monkeypatch.setattr(tallies, "add_facts", spy)
    yield calls
    for date_from, date_to in [(D(2025, 3, 1), D(2025, 3, 31)), (D(2025, 3, 4), D(2026, 1, 1))]:
        assert bieu06_counts.from_tallies(date_from, date_to) == bieu06_counts.from_dossiers(
            date_from, date_to
        )


def load(records, name="legacy.jsonl", **kwargs):
    data = csv_bytes(records) if name.endswith(".csv") else jsonl(records)
    return import_dossiers(data=data, name=name, **kwargs)


def refused(records, name="legacy.jsonl", **kwargs) -> list[str]:
    with pytest.raises(DossiersRejected) as caught:
        load(records, name, **kwargs)
    return [str(p) for p in caught.value.problems]


def nothing_written():
    assert Dossier.objects.count() == 0
    assert Party.objects.count() == PauseInterval.objects.count() == 0
    assert DossierEvent.objects.count() == 0


# --- A valid file, of every status -----------------------------------------------------------

STATES = {
    "CU-01": ("submitted", 1),
    "CU-02": ("received", 2),
    "CU-03": ("refused", 3),
    "CU-04": ("processing", 4),
    "CU-05": ("supplement", 5),
    "CU-06": ("payment", 6),
    "CU-07": ("withdrawn", 7),
    "CU-08": ("stopped", 8),
    "CU-09": ("finished", 9),
    "CU-10": ("returned", 10),
    "CU-07-ONLINE": ("withdrawn", 7),
}


def _snapshot():
    """What was written, by code, comparable between a JSON Lines and a CSV import."""
    out = {}
    for d in Dossier.objects.select_related("case", "procedure_version").order_by("code"):
        owner = d.parties.get()
        out[d.code] = (
            d.state, d.national_status, d.channel, d.case.code, d.procedure_version.number,
            d.receiving_unit.code, d.competent_agency.code,
            d.current_agency.code if d.current_agency else None,
            d.regime, d.form_set, d.supplement_mode, d.time_limit, d.time_unit, d.budget_scale,
            d.submitted_at, d.received_at, d.due_at, d.appointment_at, d.finished_at,
            d.returned_at, d.subject, owner.kind, owner.name, owner.id_type, owner.id_number,
            [(p.kind, p.mode, p.requested_at, p.resumed_at) for p in d.pauses.order_by("id")],
            list(d.events.values_list("sequence", "action", "from_state", "to_state", "actor")),
            d.event_count,
        )  # fmt: skip
    return out


@pytest.mark.parametrize("name", ["legacy.jsonl", "legacy.csv"])
def test_every_status_is_imported(world, added, name):
    result = load(every_status(), name)

    assert result.dossiers == 11 and result.pauses == 3 and result.new_procedures == []
    dossiers = {d.code: d for d in Dossier.objects.all()}
    assert {code: (d.state, d.national_status) for code, d in dossiers.items()} == STATES
    assert added == [len(result.ids)]
    assert sorted(result.ids) == sorted(d.pk for d in dossiers.values())

    processing = dossiers["CU-04"]
    assert processing.case == world.case and processing.procedure_version == world.case.version
    assert processing.receiving_unit == world.centre
    assert processing.competent_agency == world.department
    assert processing.current_agency == world.department
    assert processing.received_at == vn(2025, 3, 3, 9, 30)
    assert processing.submitted_at == vn(2025, 3, 3, 8, 45)
    assert processing.due_at == processing.appointment_at == vn(2025, 3, 10, 9, 30)
    # Pinned as a reception on 03/03/2025 would have: the 2018 regime, the case's limit.
    assert (processing.regime, processing.form_set, processing.supplement_mode) == (
        "2018",
        "2018",
        "restart",
    )
    assert processing.time_limit == Decimal(5) and processing.time_unit == "working_days"
    assert processing.budget_scale == 1 and processing.current_step is None
    assert processing.steps.count() == 0

    submitted = dossiers["CU-01"]
    assert submitted.received_at is None and submitted.due_at is None
    assert submitted.time_limit is None and submitted.time_unit == ""
    assert submitted.current_agency is None and submitted.code == "CU-01"
    assert dossiers["CU-09"].current_agency == world.centre
    assert dossiers["CU-10"].returned_at == vn(2025, 3, 10, 8, 0)
    assert dossiers["CU-07"].finished_at == vn(2025, 3, 7, 15, 0)
    assert dossiers["CU-07-ONLINE"].finished_at is None
    assert dossiers["CU-07-ONLINE"].submitted_at == vn(2025, 3, 3, 8, 45)

    owner = processing.parties.get()
    assert (owner.kind, owner.name, owner.id_type, owner.id_number) == (
        "owner",
        "Nguyễn Văn An",
        "cccd",
        "001088012345",
    )
    for code, (state, _status) in STATES.items():
        event = dossiers[code].events.get()
        assert (event.sequence, event.action, event.from_state, event.to_state) == (
            1,
            "import",
            "",
            state,
        )
        assert event.actor is None and event.actor_label == "Import of legacy dossiers"
        assert event.payload["file"] == name and event.payload["line"] >= 1
        assert dossiers[code].event_count == 1
        assert dossiers[code].last_event_at == event.at

    pauses = {p.dossier.code: p for p in PauseInterval.objects.select_related("dossier")}
    assert {code: (p.kind, p.mode, p.resumed_at) for code, p in pauses.items()} == {
        "CU-05": ("supplement", "restart", None),
        "CU-06": ("payment", "pause", None),
        "CU-08": ("stop", "pause", None),
    }
    assert pauses["CU-05"].requested_at == vn(2025, 3, 5, 10, 0)
    assert pauses["CU-05"].due_before == processing.due_at


def test_csv_matches_json_lines(world):
    load(every_status(), "legacy.jsonl")
    from_json = _snapshot()
    renamed = [{**r, "code": f"X{r['code']}"} for r in every_status()]
    load(renamed, "legacy.csv")
    from_csv = {code[1:]: v for code, v in _snapshot().items() if code.startswith("X")}
    assert from_csv == from_json


def test_the_channel_pins_its_own_limit(world):
    load([record(4, channel="online")])
    dossier = Dossier.objects.get()
    assert dossier.time_limit == Decimal(4) and dossier.budget_scale == Decimal("0.8")


def test_after_the_reform_the_2025_regime_applies(world):
    load([record(4, submitted_at=None, received_at="2025-07-01T08:00", due_at="2025-07-08")])
    dossier = Dossier.objects.get()
    assert (dossier.regime, dossier.form_set) == ("2025", "2025")
    # A bare due date is the end of that day's working hours, Vietnam time.
    assert dossier.due_at == vn(2025, 7, 8, 17, 0)
    assert dossier.submitted_at == dossier.received_at == vn(2025, 7, 1, 8, 0)


def test_instants_without_offset_are_vietnam_time_and_offsets_are_kept(world):
    load(
        [
            record(
                9,
                submitted_at="2025-03-03T01:45:00Z",
                received_at="2025-03-03 09:30:15.5",
                finished_at="2025-03-07T08:00:00+00:00",
            )
        ]
    )
    d = Dossier.objects.get()
    assert d.submitted_at == vn(2025, 3, 3, 8, 45)
    assert d.received_at == datetime.datetime(2025, 3, 3, 9, 30, 15, 500000, tzinfo=VN_TZ)
    assert d.finished_at == vn(2025, 3, 7, 15, 0)


def test_pauses_in_both_notations(world):
    pauses = [
        {"kind": "supplement", "from": "2025-03-04T10:00", "to": "2025-03-05T09:00"},
        {"kind": "payment", "from": "2025-03-05T14:00", "to": "2025-03-06T08:00"},
        {"kind": "stop", "from": "2025-03-06T10:00", "to": None},
    ]
    load([record(8, "J", pauses=pauses)])
    load([record(8, "C", pauses=pauses)], "legacy.csv")
    for code in ("J", "C"):
        rows = list(
            PauseInterval.objects.filter(dossier__code=code)
            .order_by("requested_at")
            .values_list("kind", "mode", "requested_at", "resumed_at", "due_after")
        )
        due = vn(2025, 3, 10, 9, 30)
        assert rows == [
            ("supplement", "restart", vn(2025, 3, 4, 10), vn(2025, 3, 5, 9), due),
            ("payment", "pause", vn(2025, 3, 5, 14), vn(2025, 3, 6, 8), due),
            ("stop", "pause", vn(2025, 3, 6, 10), None, None),
        ]
    # Closed pauses on a finished dossier.
    load([record(9, "F", pauses=pauses[:2])], "legacy.csv")
    assert PauseInterval.objects.filter(dossier__code="F", resumed_at__isnull=False).count() == 2


def test_the_version_in_force_else_the_nearest(world):
    first = world.case.version
    first.valid_from, first.valid_to = datetime.date(2020, 1, 1), datetime.date(2025, 6, 30)
    first.save()
    second = ProcedureVersion.objects.create(
        procedure=first.procedure,
        number=2,
        valid_from=datetime.date(2025, 7, 1),
        name=first.name,
        levels="province",
        supplement_mode="pause",
    )
    ProcedureCase.objects.create(version=second, code="02", name="B", time_limit=3)
    ProcedureCase.objects.create(version=second, code="01", name="A", time_limit=2)
    load(
        [
            record(
                4, "OLD", submitted_at=None, received_at="2019-05-06T09:00", due_at="2019-05-13"
            ),
            record(4, "MID"),
            record(
                4, "NEW", submitted_at=None, received_at="2025-08-04T09:00", due_at="2025-08-06"
            ),
            record(1, "SUB", submitted_at="2025-07-02T09:00"),
        ]
    )
    got = {
        d.code: (d.procedure_version.number, d.case.code, d.supplement_mode, d.time_limit)
        for d in Dossier.objects.select_related("procedure_version", "case")
    }
    assert got == {
        "OLD": (1, "01", "restart", Decimal(5)),  # before every version: the nearest
        "MID": (1, "01", "restart", Decimal(5)),
        "NEW": (2, "01", "pause", Decimal(2)),  # the first case by code
        "SUB": (2, "01", "pause", None),  # not received: by the submission day
    }


def test_id_types_are_guessed_from_the_digits():
    assert id_type("001088012345") == "cccd"
    assert id_type("012345678") == "cmnd"
    assert id_type("B1234567") == "other"
    assert id_type("") == ""


# --- Procedures the catalogue does not have --------------------------------------------------


def test_an_unknown_procedure_is_refused(world):
    problems = refused([record(4), record(4, "B", procedure_code="9.999999")])
    assert problems == [
        "line 2, field procedure_code: No procedure has the code 9.999999 in the catalogue "
        "(import the catalogue, or record it as historical with --allow-new-procedures)."
    ]
    nothing_written()


def test_an_unknown_procedure_may_be_recorded_as_historical(world, added):
    result = load(
        [
            record(9, "A", procedure_code="1.000001.OLD", procedure_name="Thủ tục cũ", due_at=None),
            record(
                4,
                "B",
                procedure_code="1.000001.OLD",
                procedure_name="Tên khác",
                submitted_at=None,
                received_at="2024-01-02T09:00",
            ),
            record(1, "C", procedure_code="1.000001.OLD", procedure_name=None),
        ],
        allow_new_procedures=True,
    )
    assert result.new_procedures == ["1.000001.OLD"] and result.dossiers == 3
    procedure = Procedure.objects.get(code="1.000001.OLD")
    assert procedure.historical and procedure.name == "Thủ tục cũ"
    assert (procedure.field.code, procedure.field.name) == ("LEGACY", "Thủ tục nhập từ hệ thống cũ")
    version = procedure.versions.get()
    assert (version.number, version.valid_from, version.valid_to, version.levels) == (
        1,
        datetime.date(2024, 1, 2),
        datetime.date(2025, 3, 3),
        "province",
    )
    assert version.online_level == "information"
    case = version.cases.get()
    assert case.no_appointment and case.time_limit is None and case.code == "01"
    assert set(Dossier.objects.values_list("case", flat=True)) == {case.pk}
    a = Dossier.objects.get(code="A")
    assert a.due_at is None and a.time_limit is None and a.procedure_version == version
    assert not Procedure.objects.filter(code="2.000488.H99", historical=True).exists()
    assert added == [len(result.ids)]


def test_a_new_procedure_needs_a_name(world):
    problems = refused(
        [record(4, procedure_code="1.000002.OLD", procedure_name=None)], allow_new_procedures=True
    )
    assert problems == [
        "line 1, field procedure_name: Required for a procedure that is not in the catalogue "
        "(1.000002.OLD)."
    ]
    assert not Procedure.objects.filter(code="1.000002.OLD").exists()


def test_a_historical_procedure_is_not_in_the_catalogue(world, client):
    today = vn_date(timezone.now())
    received = (timezone.now() - datetime.timedelta(hours=1)).astimezone(VN_TZ)
    load(
        [
            record(
                4,
                procedure_code="1.000003.OLD",
                procedure_name="Cấp giấy phép khai thác cát",
                submitted_at=None,
                received_at=received.isoformat(),
                due_at=None,
            )
        ],
        allow_new_procedures=True,
    )
    version = ProcedureVersion.objects.get(procedure__code="1.000003.OLD")
    assert version.valid_from <= today <= version.valid_to  # in force: only `historical` hides it
    response = client.get(reverse("portal:catalogue"), {"q": "giay phep khai thac cat"})
    assert response.status_code == 200
    assert [row["listing"].code for row in response.context["rows"]] == []
    everything = client.get(reverse("portal:catalogue"))
    assert [row["listing"].code for row in everything.context["rows"]] == ["2.000488.H99"]
    assert search.find(today, "khai thac cat") == []
    assert counter_search("khai thac cat", today) == []


# --- Agencies and codes ----------------------------------------------------------------------


def test_agencies_must_exist(world):
    problems = refused(
        [
            record(4, "A", agency_code="H77.01"),
            record(4, "B", receiving_unit_code="H77.20"),
            record(4, "C", receiving_unit_code=None),
        ]
    )
    assert problems == [
        "line 1, field agency_code: No agency has the code H77.01 (load agencies with "
        "import-agencies).",
        "line 2, field receiving_unit_code: No agency has the code H77.20 (load agencies with "
        "import-agencies).",
    ]
    nothing_written()


def test_without_a_receiving_unit_the_agency_receives(world):
    load([record(4, receiving_unit_code=None)])
    assert Dossier.objects.get().receiving_unit == world.department


def test_codes_are_kept_as_given_but_unique_in_the_file(world):
    problems = refused([record(4, "000.00.06.H56-231027-0361"), record(2, "X"), record(9, "X")])
    assert problems == ["line 3, field code: The code X is already used on line 2."]
    load([record(4, "hs 2019/ABC"), record(9, "000.00.06.H56-231027-0361")])
    assert set(Dossier.objects.values_list("code", flat=True)) == {
        "hs 2019/ABC",
        "000.00.06.H56-231027-0361",
    }


def test_codes_are_unique_against_the_database(world):
    load([record(4, "A")])
    problems = refused([record(9, "B"), record(9, "A")])
    assert problems == ["line 2, field code: A dossier with the code A is already in the database."]
    assert Dossier.objects.count() == 1


# --- Every rule names its line and field -----------------------------------------------------

CASES = [
    # (record, field, message)
    ({**record(4), "code": ""}, "code", "A value is required."),
    (record(4, channel="kiosk"), "channel", "“kiosk” is not a channel; use one of: counter"),
    ({**record(4), "status": 11}, "status", "“11” is not a national status code (1 to 10)."),
    ({**record(4), "status": "bốn"}, "status", "is not a national status code"),
    (record(4, applicant_name=None), "applicant_name", "A value is required."),
    (record(4, applicant_name="A" * 256), "applicant_name", "At most 255 characters (256 given)."),
    (record(4, code="C" * 65), "code", "At most 64 characters"),
    (record(4, received_at="03/03/2025 09:30"), "received_at", "is not an ISO 8601 instant"),
    (record(4, received_at="2025-03-03"), "received_at", "has no time of day"),
    (record(4, received_at="2025-02-30T09:00"), "received_at", "is not a valid date and time"),
    (record(4, due_at="2025-13-01"), "due_at", "is not a valid date"),
    (record(2, received_at=None), "received_at", "Required for status 2."),
    (record(9, received_at=None, due_at=None), "received_at", "Required for status 9."),
    (record(1, received_at="2025-03-03T09:30"), "received_at", "never received"),
    (record(3, due_at="2025-03-10"), "due_at", "Must be empty when the dossier has no received_at"),
    (record(1, submitted_at=None), "submitted_at", "Required when the dossier has no received_at."),
    (record(9, finished_at=None), "finished_at", "Required for status 9."),
    (record(10, finished_at=None), "finished_at", "Required for status 10."),
    (record(4, finished_at="2025-03-07T15:00"), "finished_at", "Must be empty for status 4."),
    (record(7, finished_at=None), "finished_at", "Required for a withdrawn dossier that was"),
    (
        record(7, received_at=None, due_at=None),
        "finished_at",
        "Must be empty for a dossier withdrawn before its reception.",
    ),
    (record(10, returned_at=None), "returned_at", "Required for status 10."),
    (record(9, returned_at="2025-03-10T08:00"), "returned_at", "Must be empty for status 9."),
    (record(4, submitted_at="2025-03-03T10:00"), "received_at", "earlier than submitted_at"),
    (record(9, finished_at="2025-03-03T09:00"), "finished_at", "earlier than received_at"),
    (record(10, returned_at="2025-03-07T14:00"), "returned_at", "earlier than finished_at"),
    (record(4, due_at="2025-03-03T09:00"), "due_at", "Must not be earlier than received_at."),
    (record(4, due_at=None), "due_at", "Required for a received dossier: the case 01"),
    (
        record(9, received_at="2099-01-01T08:00", finished_at="2099-01-02T08:00"),
        "received_at",
        "Is in the future",
    ),
    (
        record(5, pauses=[{"kind": "payment", "from": "2025-03-05T10:00"}]),
        "pauses[1].kind",
        "The pause still open must be of kind supplement for status 5.",
    ),
    (record(6, pauses=None), "pauses", "Status 6 needs exactly one pause still open"),
    (
        record(
            8,
            pauses=[
                {"kind": "stop", "from": "2025-03-05T10:00"},
                {"kind": "stop", "from": "2025-03-06T10:00"},
            ],
        ),
        "pauses",
        "Status 8 needs exactly one pause still open",
    ),
    (
        record(4, pauses=[{"kind": "stop", "from": "2025-03-05T10:00"}]),
        "pauses[1].to",
        "only a dossier with status 5, 6 or 8 has a pause still open",
    ),
    (
        record(4, pauses=[{"kind": "holiday", "from": "2025-03-05T10:00", "to": "2025-03-06"}]),
        "pauses[1].kind",
        "“holiday” is not a pause kind",
    ),
    (
        record(4, pauses=[{"kind": "stop", "from": "2025-03-05T10:00", "to": "2025-03-06"}]),
        "pauses[1].to",
        "has no time of day",
    ),
    (
        record(4, pauses=[{"kind": "stop", "to": "2025-03-06T10:00"}]),
        "pauses[1].from",
        "A value is required.",
    ),
    (
        record(4, pauses=[{"kind": "stop", "from": "2025-03-03T08:00", "to": "2025-03-04T08:00"}]),
        "pauses[1].from",
        "Must not be earlier than received_at.",
    ),
    (
        record(4, pauses=[{"kind": "stop", "from": "2025-03-05T08:00", "to": "2025-03-04T08:00"}]),
        "pauses[1].to",
        "Must not be earlier than pauses[1].from.",
    ),
    (
        record(9, pauses=[{"kind": "stop", "from": "2025-03-05T08:00", "to": "2025-03-08T08:00"}]),
        "pauses[1].to",
        "Must not be later than finished_at.",
    ),
    (
        record(
            5,
            pauses=[
                {"kind": "stop", "from": "2025-03-04T08:00", "to": "2025-03-05T11:00"},
                {"kind": "supplement", "from": "2025-03-05T10:00"},
            ],
        ),
        "pauses[2].from",
        "Overlaps pauses[1]",
    ),
    (
        record(
            5,
            pauses=[
                {"kind": "supplement", "from": "2025-03-04T08:00"},
                {"kind": "stop", "from": "2025-03-05T08:00", "to": "2025-03-05T11:00"},
            ],
        ),
        "pauses[2].from",
        "one still open is the last",
    ),
    (
        record(1, pauses=[{"kind": "stop", "from": "2025-03-05T08:00", "to": "2025-03-05T11:00"}]),
        "pauses",
        "A dossier that was never received has no pauses.",
    ),
]


@pytest.mark.parametrize("name", ["legacy.jsonl", "legacy.csv"])
@pytest.mark.parametrize(("bad", "field", "message"), CASES)
def test_each_rule_names_the_line_and_the_field(world, name, bad, field, message):
    problems = refused([record(4, "GOOD-1"), record(9, "GOOD-2"), bad], name)
    prefix = f"line {3 if name.endswith('.jsonl') else 4}, field {field}: "
    assert any(p.startswith(prefix) and message in p for p in problems), problems
    nothing_written()


def test_every_problem_is_reported_in_the_order_of_the_file(world):
    problems = refused(
        [
            record(4, "A", agency_code="H77"),
            {**record(4, "B", channel="fax"), "status": 0},
            record(4, "A"),
        ]
    )
    assert [p.split(":")[0] for p in problems] == [
        "line 1, field agency_code",
        "line 2, field channel",
        "line 2, field status",
        "line 3, field code",
    ]


def test_at_most_fifty_problems_are_listed(world):
    with pytest.raises(DossiersRejected) as caught:
        load([record(4, f"B{i}", channel="fax") for i in range(70)])
    assert len(caught.value.problems) == 50 and caught.value.total == 70
    assert str(caught.value.problems[-1]).startswith("line 50, field channel")


# --- The shape of the file -------------------------------------------------------------------


def test_json_lines_shape_problems(world):
    data = b"\n".join(
        [
            b'{"code": "A", "colour": "red"}',
            b"[1, 2]",
            b"{not json",
            b"",
            b'{"code": 5, "pauses": "supplement"}',
        ]
    )
    with pytest.raises(DossiersRejected) as caught:
        import_dossiers(data=data, name="legacy.jsonl")
    problems = [str(p) for p in caught.value.problems]
    assert "line 1: Unknown field(s): colour." in problems
    assert "line 2: Each line must be a JSON object." in problems
    assert any(p.startswith("line 3: Not valid JSON") for p in problems)
    assert "line 5, field code: The value must be a string." in problems
    assert "line 5, field pauses: The pauses must be a JSON list." in problems


def test_csv_shape_problems(world):
    with pytest.raises(DossiersRejected) as caught:
        import_dossiers(data=b"code,procedure_code,agency_code,channel,colour\n", name="x.csv")
    problems = [str(p) for p in caught.value.problems]
    assert problems == [
        "line 1: Missing column(s): status, applicant_name. Required: code,procedure_code,"
        "agency_code,channel,status,applicant_name.",
        "line 1: Unknown column(s): colour. Allowed optional columns: procedure_name,"
        "receiving_unit_code,submitted_at,received_at,due_at,finished_at,returned_at,"
        "applicant_id_number,subject,pauses.",
    ]
    good = csv_bytes([record(4)]).decode().splitlines()
    data = "\n".join([*good, good[1] + ",extra", good[1].replace("CU-04", "CU-05")]).encode()
    with pytest.raises(DossiersRejected) as caught:
        import_dossiers(data=data, name="x.csv")
    problems = [str(p) for p in caught.value.problems]
    assert problems[0] == "line 3: The row has 17 cells; the header has 16."


def test_the_csv_pause_notation_is_strict(world):
    lines = csv_bytes([record(4)]).decode().split("\r\n")
    assert lines[1].endswith(",")  # the pauses cell, last, is empty
    lines[1] += "supplement 2025-03-04T10:00"
    with pytest.raises(DossiersRejected) as caught:
        import_dossiers(data="\r\n".join(lines).encode(), name="legacy.csv")
    assert [str(p) for p in caught.value.problems] == [
        "line 2, field pauses[1]: “supplement 2025-03-04T10:00” is not a pause; write "
        "kind:from/to (to empty while it lasts)."
    ]


def test_only_a_newline_ends_a_json_line(world):
    load([record(4, "A", subject="Dòng một\u2028dòng\u0085hai"), record(9, "B")])
    assert Dossier.objects.get(code="A").subject == "Dòng một\u2028dòng\u0085hai"
    assert DossierEvent.objects.get(dossier__code="B").payload["line"] == 2


def test_the_format_is_sniffed_without_a_known_suffix(world):
    import_dossiers(data=jsonl([record(4, "J")]), name="export.txt")
    import_dossiers(data=b"\xef\xbb\xbf" + csv_bytes([record(4, "C")]), name="export.txt")
    assert set(Dossier.objects.values_list("code", flat=True)) == {"J", "C"}


def test_a_file_that_is_not_utf8_or_empty_is_refused(world):
    with pytest.raises(DossiersRejected) as caught:
        import_dossiers(data=jsonl([record(4)]) + "Nguyễn".encode("utf-16"), name="a.jsonl")
    assert [str(p) for p in caught.value.problems] == ["line 2: The file is not UTF-8 text."]
    with pytest.raises(DossiersRejected) as caught:
        import_dossiers(data=b"\n\n", name="a.jsonl")
    assert [str(p) for p in caught.value.problems] == ["file: The file has no dossier rows."]


# --- All or nothing --------------------------------------------------------------------------


def test_one_bad_row_and_nothing_is_written(world, added):
    records = [record(s, f"OK-{s}") for s in range(1, 11)]
    records.append(record(9, "BAD", finished_at="2025-03-01T08:00"))
    problems = refused(records, allow_new_procedures=True)
    assert problems == ["line 11, field finished_at: Must not be earlier than received_at."]
    nothing_written()
    assert added == []


def test_a_failure_while_writing_leaves_nothing(world, monkeypatch):
    def broken(many):
        raise RuntimeError("tallies failed")

    monkeypatch.setattr(tallies, "add_facts", broken)
    with pytest.raises(RuntimeError):
        load([record(4), record(9, procedure_code="1.9.OLD")], allow_new_procedures=True)
    nothing_written()
    assert not Procedure.objects.filter(code="1.9.OLD").exists()
    assert not Field.objects.filter(code="LEGACY").exists()


def test_many_chunks_match_one_chunk(world, monkeypatch):
    """Chunks of two dossiers give what one chunk gives: the same rows, the keys taken
    beforehand in the file's order, the tallies right."""
    records = [record(i % 10 + 1, code=f"CU-{i:03d}") for i in range(23)]

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        load(records)
        one_chunk = _snapshot()
        raise Undo
    monkeypatch.setattr(writing, "CHUNK", 2)
    result = load(records)
    assert _snapshot() == one_chunk
    assert result.ids == sorted(set(result.ids)) and len(result.ids) == len(records)
    by_code = dict(Dossier.objects.values_list("code", "pk"))
    assert [by_code[r["code"]] for r in records] == result.ids
    period = (D(2025, 3, 1), D(2025, 3, 31))
    assert bieu06_counts.from_tallies(*period) == bieu06_counts.from_dossiers(*period)


def test_a_failure_in_a_later_chunk_leaves_nothing(world, monkeypatch):
    monkeypatch.setattr(writing, "CHUNK", 2)
    real = writing._Table.insert
    seen = []

    def failing(table, cursor, rows, **kwargs):
        seen.append(table.db_table)
        if seen.count(Party._meta.db_table) == 3:  # the third chunk's owners
            raise RuntimeError("disk full")
        return real(table, cursor, rows, **kwargs)

    monkeypatch.setattr(writing._Table, "insert", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        load([record(2, code=f"CU-{i:03d}") for i in range(9)])
    nothing_written()
    assert seen.count(Dossier._meta.db_table) == 3  # nothing was written after the failure


# --- The command -----------------------------------------------------------------------------


def test_the_command_imports_and_reports(world, tmp_path, capsys):
    path = tmp_path / "cu.jsonl"
    path.write_bytes(jsonl([*every_status(), record(4, "H", procedure_code="1.7.OLD")]))
    call_command("import-dossiers", str(path), "--allow-new-procedures")
    out = capsys.readouterr().out
    assert f"{path}: 12 dossier(s) imported, with 3 pause(s), in " in out
    assert "1 historical procedure(s) recorded (not published): 1.7.OLD" in out
    assert Dossier.objects.count() == 12


def test_the_command_refuses_with_status_2(world, tmp_path):
    path = tmp_path / "cu.csv"
    path.write_bytes(csv_bytes([record(4), {**record(4, "B"), "status": 12}]))
    with pytest.raises(CommandError) as caught:
        call_command("import-dossiers", str(path))
    assert caught.value.returncode == 2
    assert str(caught.value) == (
        f"{path}: nothing was imported; 1 problem(s):\n"
        "  line 3, field status: “12” is not a national status code (1 to 10)."
    )
    nothing_written()
    path = tmp_path / "cu.jsonl"
    path.write_bytes(jsonl([{**record(4, f"B{i}"), "status": 12} for i in range(60)]))
    with pytest.raises(CommandError) as caught:
        call_command("import-dossiers", str(path))
    assert str(caught.value).startswith(f"{path}: nothing was imported; 60 problems, the first 50:")
    assert caught.value.returncode == 2


def test_the_command_says_when_the_file_cannot_be_read(world, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import-dossiers", str(tmp_path / "missing.jsonl"))
