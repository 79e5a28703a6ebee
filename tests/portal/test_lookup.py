"""The public status lookup (``/tra-cuu/``): a dossier code and the last 4 digits of its owner's
phone or ID number show the state, the dates and the agencies of the control slip — nothing
personal; a wrong guess looks like an unknown code and counts towards the rate limit."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from motcua.core import refdata
from motcua.core.dates import vn_instant
from motcua.documents.qr import public_status_url
from motcua.dossiers import services as s
from motcua.dossiers.timeliness import classify_finished, classify_pending
from motcua.portal import lookup as lookups
from motcua.portal.models import LookupFailure
from tests.documents.scenarios import returned
from tests.dossiers.conftest import vn, world  # noqa: F401

URL = reverse("lookup")
PHONE, ID_NUMBER = "5678", "2345"  # the world's owner: 0912345678, 001088012345
WINDOW = datetime.timedelta(minutes=15)


@pytest.fixture
def received(world):  # noqa: F811
    return s.receive_at_counter(
        application=world.application(), actor=world.counter, at=vn(2025, 7, 7, 9, 0)
    )


@pytest.fixture
def limits(settings):
    settings.MOTCUA_LOOKUP_WINDOW_MINUTES = 15
    settings.MOTCUA_LOOKUP_ADDRESS_FAILURES = 10
    settings.MOTCUA_LOOKUP_CODE_FAILURES = 5
    return settings


def ask(client, code, factor, address="203.0.113.7"):
    return client.get(URL, {"ma": code, "xac-thuc": factor}, REMOTE_ADDR=address)


def error_box(response) -> str:
    html = response.content.decode()
    start = html.index('<div class="error-box"')
    return html[start : html.index("</div>", start)]


@pytest.mark.parametrize("factor", [PHONE, ID_NUMBER], ids=["phone", "id-number"])
def test_the_code_and_the_owners_digits_show_the_status(client, received, factor):
    response = ask(client, received.code, factor)
    assert response.status_code == 200
    status = response.lookup["status"]
    assert (status.code, status.state, status.national_status) == (received.code, "received", 2)
    assert status.procedure == "Cấp Phiếu lý lịch tư pháp" and status.case == "Phiếu số 1"
    assert status.received_at == vn(2025, 7, 7, 9, 0)
    assert status.appointment_at == received.appointment_at
    assert status.pause is None
    assert status.timeliness == classify_pending(
        at=timezone.now(), due_at=received.due_at, paused=False
    )
    assert [(st.stage, st.name, st.agency) for st in status.steps] == [
        (1, "Tiếp nhận", "Trung tâm PVHCC tỉnh")
    ]
    html = response.content.decode()
    assert 'id="lookup-result"' in html and received.code in html
    assert "Trung tâm PVHCC tỉnh" in html and "Được tiếp nhận" in html  # the national wording
    assert response["Cache-Control"] == "private, no-store"
    assert not LookupFailure.objects.exists()


def test_a_code_typed_in_lower_case_with_spaces_is_found(client, received):
    response = ask(client, f"  {received.code.lower()} ", PHONE)
    assert response.status_code == 200 and response.lookup["status"].code == received.code


def test_a_successful_lookup_is_one_query_and_leaves_the_session_alone(
    client, received, django_assert_num_queries, monkeypatch
):
    ask(client, received.code, PHONE)  # caches the names of procedures and agencies
    monkeypatch.setattr(refdata, "MAX_AGE", 3600)  # no stamp check in the middle
    with django_assert_num_queries(1):  # failures counted, dossier, owner and control slip
        response = ask(client, received.code, PHONE)
    assert response.status_code == 200
    assert "sessionid" not in response.cookies and not client.session.keys()


def test_a_wrong_factor_and_an_unknown_code_get_the_same_answer(client, received, limits):
    wrong_factor = ask(client, received.code, "0000")
    unknown_code = ask(client, "H99.20-250707-9999", PHONE)
    assert wrong_factor.status_code == unknown_code.status_code == 404
    assert wrong_factor.lookup["not_found"] and unknown_code.lookup["not_found"]
    assert "status" not in wrong_factor.lookup and "status" not in unknown_code.lookup
    assert error_box(wrong_factor) == error_box(unknown_code)
    for response in (wrong_factor, unknown_code):
        html = response.content.decode()
        assert 'id="lookup-not-found"' in html and 'id="lookup-result"' not in html
        assert response["Cache-Control"] == "private, no-store"
    # Each miss counts once for the address and once for the code, under opaque keys.
    assert LookupFailure.objects.count() == 4
    assert set(LookupFailure.objects.values_list("key", flat=True)) == {
        lookups.address_key("203.0.113.7"),
        lookups.code_key(received.code),
        lookups.code_key("H99.20-250707-9999"),
    }
    assert all(len(k) == 64 for k in LookupFailure.objects.values_list("key", flat=True))


def test_the_slip_shows_each_agency_s_instants_in_vietnam_time(client, world):  # noqa: F811
    """The database prints the control slip's instants (Vietnam time, as ``vn_instant``): the
    same on SQLite and PostgreSQL, a finished row with its end and verdict, the open one
    without."""
    d = returned(world, "2025")
    status = ask(client, d.code, PHONE).lookup["status"]
    rows = list(d.steps.order_by("sequence"))
    assert [(st.started, st.due, st.finished) for st in status.steps] == [
        (vn_instant(r.started_at), vn_instant(r.due_at), vn_instant(r.finished_at)) for r in rows
    ]
    assert all(st.finished and st.timeliness for st in status.steps)
    first = status.steps[0]
    assert first.times == (f"bắt đầu {first.started} · hạn {first.due} · xong {first.finished}"), (
        first.times
    )
    html = ask(client, d.code, PHONE).content.decode()
    assert first.times in html and 'aria-current="step"' not in html

    open_one = s.receive_at_counter(
        application=world.application(), actor=world.counter, at=vn(2025, 7, 7, 23, 30)
    )
    (step,) = ask(client, open_one.code, PHONE).lookup["status"].steps
    assert (step.started, step.finished) == ("23:30 07/07/2025", "")
    assert step.verdict.css == "pending"


def test_nothing_personal_is_shown(client, world, settings):  # noqa: F811
    d = returned(world, "2025")
    response = ask(client, d.code, PHONE)
    assert response.status_code == 200
    status = response.lookup["status"]
    assert status.state == "returned" and len(status.steps) == 6
    assert status.timeliness == classify_finished(finished_at=d.finished_at, due_at=d.due_at)
    assert status.finished_at == d.finished_at and status.returned_at == d.returned_at
    html = response.content.decode()
    owner = d.parties.get(kind="owner")
    officers = [a.user.get_full_name() for a in (world.counter, world.head, world.specialist)] + [
        "Nguyễn Thị Lan",
        "Trần Văn Minh",
        "Phạm Thu Hà",
        "Hoàng Đức Thắng",
        "Đỗ Thị Hạnh",
    ]
    personal = [owner.name, owner.phone, owner.id_number, owner.address, owner.email]
    personal += [d.subject, d.returned_to, d.result_number, *officers]
    personal += ["0912", "345678", "088012"]  # pieces of the phone and the ID number
    for value in filter(None, personal):
        assert value not in html, value
    for username in ("motcua", "truongphong", "chuyenvien", "lanhdao", "vanthu"):
        assert f">{username}<" not in html


def test_a_paused_dossier_says_since_when(client, world, received):  # noqa: F811
    d = s.forward(dossier_id=received.pk, actor=world.counter, at=vn(2025, 7, 7, 10, 0))
    s.request_supplement(
        dossier_id=d.pk,
        actor=world.head,
        reason="Thiếu bản sao giấy khai sinh của ông Nguyễn Văn An",
        items=["Giấy khai sinh"],
        applicant_deadline=vn(2025, 7, 21, 17, 0),
        at=vn(2025, 7, 7, 11, 0),
    )
    response = ask(client, d.code, ID_NUMBER)
    status = response.lookup["status"]
    assert (status.state, status.national_status) == ("supplement", 5)
    assert (status.pause.kind, status.pause.since) == ("supplement", vn(2025, 7, 7, 11, 0))
    assert status.pause.applicant_deadline == vn(2025, 7, 21, 17, 0)
    html = response.content.decode()
    assert "Thiếu bản sao" not in html and "Giấy khai sinh" not in html  # reason, items


def test_the_qr_link_fills_in_the_code_and_asks_for_the_digits(client, received, settings):
    settings.MOTCUA_PUBLIC_BASE_URL = "https://dichvucong.sonha.gov.vn"
    link = urlsplit(public_status_url(received.code))
    assert link.path == URL
    response = client.get(f"{link.path}?{link.query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'name="ma" value="{received.code}"' in html
    assert 'name="xac-thuc" value="" ' in html and "autofocus" in html.split('name="xac-thuc"')[1]
    query = response.lookup["query"]
    assert query.code == received.code and not query.submitted and not query.errors
    assert 'id="lookup-not-found"' not in html and 'class="error"' not in html
    assert not LookupFailure.objects.exists()


def test_too_many_wrong_digits_for_a_code_refuse_even_the_right_ones(client, received, limits):
    for _ in range(5):
        assert ask(client, received.code, "1111").status_code == 404
    refused = ask(client, received.code, PHONE)
    assert refused.status_code == 429 and "status" not in refused.lookup
    assert 'id="lookup-refused"' in refused.content.decode()
    assert 0 < int(refused["Retry-After"]) <= 15 * 60
    assert refused["Cache-Control"] == "private, no-store"
    # From another address too: the code itself is protected. Refusals are not counted.
    assert ask(client, received.code, PHONE, address="198.51.100.1").status_code == 429
    assert LookupFailure.objects.count() == 10
    # Once the window has passed, the right digits work again.
    LookupFailure.objects.update(at=F("at") - WINDOW)
    assert ask(client, received.code, PHONE).status_code == 200


def test_too_many_wrong_guesses_from_an_address_refuse_it(client, received, limits):
    for n in range(10):
        assert ask(client, f"H99.20-250707-{n + 100:04d}", PHONE).status_code == 404
    assert ask(client, received.code, PHONE).status_code == 429
    assert ask(client, received.code, PHONE, address="198.51.100.1").status_code == 200


def test_the_limits_come_from_the_settings(client, received, settings):
    """Read once per process, the limits follow a change of settings all the same."""
    assert ask(client, received.code, PHONE).status_code == 200  # the defaults are read
    settings.MOTCUA_LOOKUP_CODE_FAILURES = 2
    settings.MOTCUA_LOOKUP_WINDOW_MINUTES = 1
    ask(client, received.code, "1111")
    ask(client, received.code, "2222")
    assert ask(client, received.code, PHONE).status_code == 429
    LookupFailure.objects.update(at=F("at") - datetime.timedelta(minutes=1))
    assert ask(client, received.code, PHONE).status_code == 200


def test_old_failures_are_pruned(client, received, settings):
    settings.MOTCUA_LOOKUP_PRUNE_EVERY = 1
    ask(client, received.code, "1111")
    LookupFailure.objects.update(at=F("at") - WINDOW)
    ask(client, received.code, "2222")
    assert LookupFailure.objects.count() == 2  # the new miss only


def test_a_dossier_not_yet_received_cannot_be_looked_up(client, world, django_user_model):  # noqa: F811
    citizen = s.Actor.citizen(django_user_model.objects.create_user("congdan", password="x"))
    d = s.submit(application=world.application("online"), actor=citizen, at=vn(2025, 7, 7, 9))
    assert d.code is None
    for code in (str(d.pk), "None", f"#{d.pk}"):
        response = ask(client, code, PHONE)
        assert response.status_code in (400, 404) and "status" not in response.lookup


@pytest.mark.parametrize(
    ("code", "factor", "wrong"),
    [
        ("", PHONE, {"code"}),
        ("   ", PHONE, {"code"}),
        ("H" * 500, PHONE, {"code"}),
        ("H99.20-250707-0001'; DROP TABLE x", PHONE, {"code"}),
        ("H99.20-250707-0001", "", {"factor"}),
        ("H99.20-250707-0001", "12a4", {"factor"}),
        ("H99.20-250707-0001", "12345", {"factor"}),
        ("H99.20-250707-0001", "١٢٣٤", {"factor"}),  # Arabic-Indic digits
        ("", "", {"code", "factor"}),
    ],
)
@pytest.mark.django_db
def test_unusable_input_gets_a_message_and_reads_nothing(
    client, code, factor, wrong, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = ask(client, code, factor)
    assert response.status_code == 400
    assert set(response.lookup["query"].errors) == wrong
    html = response.content.decode()
    for name in wrong:
        assert f'id="lookup-{name}-error"' in html and 'aria-invalid="true"' in html
    assert len(response.lookup["query"].code) <= lookups.CODE_MAX_LENGTH


@pytest.mark.django_db
def test_the_form_alone_and_other_methods(client):
    response = client.get(URL)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert 'id="lookup-form"' in response.content.decode()
    assert client.post(URL, {"ma": "x", "xac-thuc": "1234"}).status_code == 405


def test_a_renamed_agency_shows_its_new_name(client, world, received):  # noqa: F811
    assert ask(client, received.code, PHONE).lookup["status"].steps[0].agency == (
        "Trung tâm PVHCC tỉnh"
    )
    world.centre.name = "Trung tâm Phục vụ hành chính công tỉnh Sơn Hà"
    world.centre.save()  # reference data: the lookup's cached names follow
    step = ask(client, received.code, PHONE).lookup["status"].steps[0]
    assert step.agency == "Trung tâm Phục vụ hành chính công tỉnh Sơn Hà"


@pytest.mark.django_db(transaction=True)
def test_the_lookup_survives_its_prepared_statement_vanishing(client):
    """On PostgreSQL the lookup runs as a statement prepared once per connection; a pooler that
    discards it (``DISCARD ALL``) costs one more ``PREPARE``, not an error. (On SQLite the same
    lookups run as plain statements.)"""
    from tests.dossiers.world import build_world

    province = build_world()
    dossier = s.receive_at_counter(application=province.application(), actor=province.counter)
    assert ask(client, dossier.code, PHONE).status_code == 200
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DISCARD ALL")
    assert ask(client, dossier.code, PHONE).status_code == 200
    assert ask(client, dossier.code, "0000").status_code == 404


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL's prepared statement (on SQLite the lookup prepares nothing)",
)
@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_a_vanished_statement_is_djangos_error():
    """Preparing it again would run in a transaction the failure has already spoilt: the error
    comes out as Django's, and the next lookup, outside, prepares it again."""
    from django.db import DatabaseError, transaction

    from motcua.portal.lookup_sql import read

    now = timezone.now()
    read("H99.20-250707-0001", ["a", "b"], now)  # prepared on this connection
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DEALLOCATE motcua_portal_lookup")
        read("H99.20-250707-0001", ["a", "b"], now)
    assert read("H99.20-250707-0001", ["a", "b"], now) == ((0, 0), None, [])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the server ends a connection")
@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_ended_is_opened_again(client):
    """The lookup runs on the driver, not on Django's cursor, but checks the connection's health
    at the start of a request as Django's cursor would (``CONN_HEALTH_CHECKS``)."""
    from django.db import close_old_connections, connections

    from tests.dossiers.world import build_world

    province = build_world()
    dossier = s.receive_at_counter(application=province.application(), actor=province.counter)
    assert ask(client, dossier.code, PHONE).status_code == 200
    pid = connection.connection.info.backend_pid
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])  # waits for its end
    finally:
        other.close()
    close_old_connections()  # as a request's start does (the test client leaves it out)
    assert ask(client, dossier.code, PHONE).status_code == 200
    assert connection.connection.info.backend_pid != pid


@pytest.mark.parametrize(
    "query_string",
    [
        "ma=H99.20-251225-0057&xac-thuc=7218",
        "ma=a+b%20c&xac-thuc=",
        "xac-thuc",
        "ma=%E1%BB%99&ma=X&xac%2Dthuc=12",
        "ma=%ZZ%E1&xac-thuc=%FF",
        "",
        "&&=&ma&other=1",
        "ma=1;xac-thuc=2",
        # Raw bytes, as WSGI hands them over: UTF-8, then bytes that are not.
        "ma=H99.Ộ&xac-thuc=1234".encode().decode("iso-8859-1"),
        "ma=H99.\xe9&xac-thuc=1234",
    ],
)
def test_the_two_parameters_are_read_as_django_reads_them(query_string):
    from django.test import RequestFactory

    request = RequestFactory().get("/tra-cuu/", QUERY_STRING=query_string)
    django_reads = request.GET
    expected = {k: django_reads[k] for k in ("ma", "xac-thuc") if k in django_reads}
    assert lookups.query_params(request.META["QUERY_STRING"]) == expected


@pytest.mark.parametrize(
    ("number", "digits"),
    [
        ("0912345678", "5678"),
        ("0912 345.678", "5678"),
        ("+84-912-345-678", "5678"),
        ("123", "123"),
        ("٠١٢٣٤٥٦", ""),  # digits, but not the ones a citizen types on the form
        ("", ""),
        (None, ""),  # a dossier without an owner's number matches no digits
    ],
)
def test_the_last_digits_of_a_number(number, digits):
    assert lookups.last_digits(number) == digits
