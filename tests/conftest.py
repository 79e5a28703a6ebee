"""Shared test fixtures: every test runs in Vietnamese unless it says otherwise."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hashing test passwords with the production hasher costs seconds per officer."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


@pytest.fixture
def admin_client_vi(client, django_user_model):
    """A signed-in superuser's browser session."""
    user = django_user_model.objects.create_superuser("root", "root@example.vn", "pw-Root-123")
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _fresh_reference_data():
    """Each test's rows vanish with its transaction, and SQLite reuses their primary keys: what
    a process cached of reference data (motcua.core.refdata) must not leak into the next test."""
    from motcua.core import refdata

    refdata.clear()
    yield
    refdata.clear()


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    """Dossier files written by a test go to its own temporary directory."""
    settings.MOTCUA_FILES_ROOT = tmp_path / "files"
