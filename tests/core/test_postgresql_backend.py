"""The PostgreSQL backend's health check (motcua/core/postgresql): no round trip for an idle,
healthy connection; a connection the server has ended is found unusable and replaced."""

import socket
import time

import psycopg
import pytest
from django.db import connection, connections
from django.db.backends.postgresql import base as django_base

from motcua.core.postgresql.base import has_data_waiting

pytestmark = pytest.mark.django_db


def test_a_quiet_socket_has_nothing_waiting_and_a_written_or_closed_one_has():
    ours, theirs = socket.socketpair()
    try:
        assert not has_data_waiting(ours.fileno())
        theirs.sendall(b"N")
        assert has_data_waiting(ours.fileno())
        ours.recv(1)
        assert not has_data_waiting(ours.fileno())
        theirs.close()
        assert has_data_waiting(ours.fileno())  # end of file reads as "something to read"
    finally:
        ours.close()


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the backend is PostgreSQL's"
)


@pytest.fixture
def wrapper():
    """A connection of its own to the test database, idle in autocommit as between requests."""
    db = connections.create_connection("default")
    db.ensure_connection()
    yield db
    db.close()


@pytest.fixture
def round_trips(monkeypatch):
    """Counts the checks that fell back on Django's ``SELECT 1``."""
    calls = []
    original = django_base.DatabaseWrapper.is_usable

    def counted(self):
        calls.append(self)
        return original(self)

    monkeypatch.setattr(django_base.DatabaseWrapper, "is_usable", counted)
    return calls


def _other_session(db):
    params = db.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    return psycopg.connect(**params, autocommit=True)


def _wait_until_readable(db, seconds=5.0):
    deadline = time.monotonic() + seconds
    while not has_data_waiting(db.connection.fileno()):
        assert time.monotonic() < deadline, "the server never wrote to the socket"
        time.sleep(0.01)


@postgresql_only
def test_the_backend_is_ours():
    assert type(connections["default"]).__module__ == "motcua.core.postgresql.base"


@postgresql_only
def test_an_idle_healthy_connection_is_usable_without_a_query(wrapper, round_trips):
    assert wrapper.is_usable()
    assert round_trips == []
    with wrapper.cursor() as cursor:  # and it really works
        cursor.execute("SELECT 41 + 1")
        assert cursor.fetchone() == (42,)


@postgresql_only
def test_a_connection_the_server_ended_is_unusable_and_replaced(wrapper):
    pid = wrapper.connection.info.backend_pid
    with _other_session(wrapper) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    _wait_until_readable(wrapper)
    assert not wrapper.is_usable()

    wrapper.health_check_enabled, wrapper.health_check_done = True, False
    wrapper.close_if_health_check_failed()
    assert wrapper.connection is None
    with wrapper.cursor() as cursor:  # the next query opens a new session
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid


@postgresql_only
def test_a_message_from_a_live_server_falls_back_on_select_1(wrapper, round_trips):
    with wrapper.cursor() as cursor:
        cursor.execute("LISTEN motcua_health")
    with _other_session(wrapper) as other:
        other.execute("NOTIFY motcua_health")
    _wait_until_readable(wrapper)
    assert wrapper.is_usable()
    assert round_trips == [wrapper]


@postgresql_only
def test_a_connection_left_inside_a_transaction_is_checked_by_select_1(wrapper, round_trips):
    wrapper.connection.execute("BEGIN")
    assert wrapper.is_usable()
    assert round_trips == [wrapper]
    wrapper.connection.execute("ROLLBACK")
