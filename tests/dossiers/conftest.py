"""The ``world`` fixture: the small province of ``world.py`` (see its docstring)."""

import pytest

from .world import World, build_world, vn

__all__ = ["World", "vn", "world"]


@pytest.fixture
def world(db) -> World:
    return build_world()
