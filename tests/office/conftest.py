"""Fixtures for the staff workspace: the dossier tests' small province, signed-in browsers."""

import pytest
from django.test import Client

from tests.dossiers.conftest import World, vn, world  # noqa: F401


@pytest.fixture
def signed_in(world):  # noqa: F811
    """``signed_in(world.counter)``: a Django test client with that officer's session."""

    def make(actor) -> Client:
        client = Client()
        client.force_login(actor.user)
        return client

    return make
