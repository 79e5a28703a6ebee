"""Fixtures for feedback: the dossier tests' small province (``world``), citizens with portal
accounts and online dossiers of their own, and signed-in browsers."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from motcua.dossiers import services as s
from motcua.feedback import services as feedback
from tests.dossiers.conftest import World, vn, world

__all__ = ["World", "vn", "world"]


def make_citizen(username: str, email: str = ""):
    return get_user_model().objects.create_user(
        username, email=email, password="x", first_name="An", last_name="Nguyễn Văn"
    )


def online_dossier(world, user):
    """A dossier submitted online by ``user`` (waiting for the counter: national status 1)."""
    return s.submit(
        application=world.application(channel="online", return_method="online"),
        actor=s.Actor.citizen(user),
        at=vn(2025, 6, 2, 8, 0),
    )


@pytest.fixture
def citizen(db):
    return make_citizen("an@example.vn", email="an@example.vn")


@pytest.fixture
def other_citizen(db):
    return make_citizen("0987654321")


@pytest.fixture
def dossier(world, citizen):
    return online_dossier(world, citizen)


@pytest.fixture
def sent(citizen, dossier):
    """A feedback of ``citizen`` about their dossier (answered by the one-stop centre)."""
    return feedback.send_feedback(
        author=citizen,
        kind="feedback",
        subject="Chưa nhận được phiếu hẹn",
        body="Tôi nộp hồ sơ trực tuyến nhưng chưa nhận được phiếu hẹn.",
        dossier=dossier,
    )


@pytest.fixture
def browser():
    """``browser(user)``: a Django test client with that user's session."""

    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make
