"""Fixtures for the citizen portal: the dossier tests' small province (``world``)."""

from tests.dossiers.conftest import World, vn, world  # noqa: F401
