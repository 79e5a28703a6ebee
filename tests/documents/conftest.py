"""Fixtures for the documents tests: the dossier tests' small province (``world``) and an
applicant account."""

import pytest

from tests.dossiers.conftest import World, vn, world  # noqa: F401

from .scenarios import citizen_actor


@pytest.fixture
def citizen(django_user_model):
    return citizen_actor(django_user_model)
