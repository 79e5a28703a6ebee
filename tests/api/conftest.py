"""Fixtures for the API tests: the dossier tests' small province (``world``) and a client that
speaks JSON as one of its officers."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from motcua.api.models import ApiToken
from tests.dossiers.conftest import World, vn, world  # noqa: F401

BASE = "/api/v1"


class ApiClient:
    """A JSON client authenticated with an API token (or nothing, with ``token=None``)."""

    def __init__(self, token: str | None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path: str, **params):
        return self.client.get(BASE + path, params, headers=self.headers)

    def post(self, path: str, body=None, *, raw: str | None = None):
        data = raw if raw is not None else json.dumps(body if body is not None else {})
        return self.client.post(
            BASE + path, data, content_type="application/json", headers=self.headers
        )


@pytest.fixture
def as_officer(world):  # noqa: F811
    """``as_officer(world.head)``: an ApiClient acting as that officer, by token."""

    def make(actor) -> ApiClient:
        _token, raw = ApiToken.issue(user=actor.user, name="test")
        return ApiClient(raw)

    return make


def counter_body(world, **changes) -> dict:  # noqa: F811
    """A counter reception request for the world's case."""
    body = {
        "case_id": world.case.pk,
        "receiving_unit": world.centre.code,
        "subject": "Cấp Phiếu lý lịch tư pháp số 1 cho ông Nguyễn Văn An",
        "parties": [
            {
                "kind": "owner",
                "name": "Nguyễn Văn An",
                "id_type": "cccd",
                "id_number": "001088012345",
                "email": "an@example.vn",
            }
        ],
        "components": [{"name": "Tờ khai", "originals": 1}],
    }
    body.update(changes)
    return body


__all__ = ["BASE", "ApiClient", "World", "counter_body", "vn"]
