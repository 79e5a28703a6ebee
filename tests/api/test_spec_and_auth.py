"""The API describes itself, and only officers get in: by session (with CSRF for writes) or by
an API token that is hashed at rest, revocable, and dead with its officer's account."""

import hashlib
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from motcua.api.actions import ACTIONS
from motcua.api.models import ApiToken
from motcua.dossiers.models import Dossier

from .conftest import BASE, ApiClient, counter_body


def test_openapi_spec_is_served_with_every_endpoint(client):
    response = client.get(f"{BASE}/openapi.json")
    assert response.status_code == 200
    spec = json.loads(response.content)
    assert spec["openapi"].startswith("3.")
    paths = spec["paths"]
    assert set(paths[f"{BASE}/dossiers"]) == {"get", "post"}
    assert "get" in paths[f"{BASE}/dossiers/{{dossier_id}}"]
    for action in ACTIONS:
        assert "post" in paths[f"{BASE}/dossiers/{{dossier_id}}/{action.slug}"], action.slug
    assert len(ACTIONS) == 17
    schemes = spec["components"]["securitySchemes"]
    assert {"TokenAuth", "SessionAuth"} <= set(schemes)
    assert schemes["TokenAuth"]["scheme"] == "bearer"


def test_docs_page_loads_nothing_from_a_cdn(client):
    response = client.get(f"{BASE}/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html and "https://" not in html
    for asset in ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js"):
        assert f"{BASE}/docs/assets/{asset}" in html
        served = client.get(f"{BASE}/docs/assets/{asset}")
        assert served.status_code == 200
        assert b"".join(served.streaming_content)
    assert client.get(f"{BASE}/docs/assets/swagger-ui.css.map").status_code == 404


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/dossiers"),
        ("get", "/dossiers/1"),
        ("post", "/dossiers"),
        ("post", "/dossiers/1/stop"),
    ],
)
def test_no_credentials_is_401_json(db, method, path):
    response = getattr(ApiClient(None), method)(path)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == "unauthenticated" and body["message"] and body["field"] is None


def test_valid_token_authenticates_and_records_use(world, as_officer):
    api = as_officer(world.counter)
    assert api.get("/dossiers").status_code == 200
    token = ApiToken.objects.get(user=world.counter.user)
    assert token.last_used_at is not None


def test_revoked_unknown_and_malformed_tokens_are_401(world):
    token, raw = ApiToken.issue(user=world.counter.user, name="integration")
    assert ApiClient(raw).get("/dossiers").status_code == 200
    token.revoke()
    for candidate in (raw, raw + "x", "mc_00000000_nothing", ""):
        response = ApiClient(candidate).get("/dossiers")
        assert response.status_code == 401, candidate
        assert response.json()["code"] == "unauthenticated"
    scheme = Client().get(f"{BASE}/dossiers", headers={"Authorization": f"Token {raw}"})
    assert scheme.status_code == 401


def test_inactive_officer_is_refused_by_token_and_session(world):
    _token, raw = ApiToken.issue(user=world.counter.user, name="integration")
    session = Client()
    session.force_login(world.counter.user)
    world.counter.user.is_active = False
    world.counter.user.save()
    assert ApiClient(raw).get("/dossiers").status_code == 401
    assert session.get(f"{BASE}/dossiers").status_code == 401


def test_a_bad_token_is_not_rescued_by_a_session(world):
    client = Client()
    client.force_login(world.counter.user)
    assert client.get(f"{BASE}/dossiers").status_code == 200
    response = client.get(f"{BASE}/dossiers", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401


def test_session_reads_and_writes_with_csrf(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.counter.user)
    assert client.get(f"{BASE}/dossiers").status_code == 200
    body = json.dumps(counter_body(world))
    refused = client.post(f"{BASE}/dossiers", body, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "csrf_failed"
    assert not Dossier.objects.exists()
    client.get(f"{BASE}/docs")  # the docs page sets the CSRF cookie, as any page would
    csrf = client.cookies["csrftoken"].value
    created = client.post(
        f"{BASE}/dossiers", body, content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert created.status_code == 201
    assert Dossier.objects.get().events.get().actor == world.counter.user


def test_anonymous_write_is_401_not_a_csrf_error(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"{BASE}/dossiers", "{}", content_type="application/json")
    assert response.status_code == 401


def test_token_writes_need_no_csrf(world):
    _token, raw = ApiToken.issue(user=world.counter.user, name="integration")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"{BASE}/dossiers",
        json.dumps(counter_body(world)),
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 201


def test_command_creates_a_token_shown_once_and_revokes_it(world):
    out, err = io.StringIO(), io.StringIO()
    call_command("api-token", "create", "motcua", "--name", "Cổng tỉnh", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert token.name == "Cổng tỉnh" and token.user == world.counter.user
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw.startswith(f"mc_{token.prefix}_") and len(raw) > 40
    stored = [str(getattr(token, f.attname)) for f in ApiToken._meta.concrete_fields]
    assert raw not in stored
    assert ApiClient(raw).get("/dossiers").status_code == 200

    listing = io.StringIO()
    call_command("api-token", "list", stdout=listing)
    assert token.prefix in listing.getvalue() and raw not in listing.getvalue()
    call_command("api-token", "revoke", token.prefix, stdout=io.StringIO())
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ApiClient(raw).get("/dossiers").status_code == 401


def test_command_refuses_unknown_users_and_prefixes(world):
    with pytest.raises(CommandError):
        call_command("api-token", "create", "nobody", "--name", "x", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("api-token", "revoke", "ffffffff", stdout=io.StringIO())


def test_admin_lists_and_revokes_tokens(world, admin_client_vi):
    token, _raw = ApiToken.issue(user=world.counter.user, name="integration")
    url = "/admin/api/apitoken/"
    page = admin_client_vi.get(url)
    assert page.status_code == 200 and token.prefix in page.content.decode()
    assert admin_client_vi.get(url + "add/").status_code == 403
    admin_client_vi.post(url, {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_at is not None
