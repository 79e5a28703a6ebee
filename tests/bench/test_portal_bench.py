"""The portal benchmark (``bench/portal.py``) in small: its sampled lookups are real status
pages, its bare view answers through the middleware, gunicorn is stopped whatever happens, and a
one-second run end to end (a fresh database of a few dozen generated dossiers, gunicorn, wrk)
writes a result with every response a 200."""

import json
import os
import socket
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from bench.portal import sample_paths, warm_cache
from bench.portal_load import fetch, serving
from motcua.dossiers import services as s
from motcua.portal.lookup import last_digits
from tests.dossiers.conftest import vn, world  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def bench_urls(settings):
    settings.ROOT_URLCONF = "bench.portal_urls"


def test_sampled_paths_are_status_pages_and_the_bare_view_answers(
    client,
    world,  # noqa: F811
    bench_urls,
):
    owners = {}
    for n in range(6):
        phone, id_number = f"09{n}2345{n}78", f"0010880{n}2345"
        owner = replace(world.application().parties[0], phone=phone, id_number=id_number)
        app = world.application(parties=[owner])
        d = s.receive_at_counter(application=app, actor=world.counter, at=vn(2025, 7, 7, 9, n))
        owners[d.code] = {last_digits(phone), last_digits(id_number)}
    paths = sample_paths(50, seed=3)
    assert len(paths) == 6  # every received dossier, when there are fewer than asked
    for path in paths:
        query = parse_qs(urlsplit(path).query)
        assert query["xac-thuc"][0] in owners[query["ma"][0]]
        response = client.get(path)
        assert response.status_code == 200 and b'id="lookup-result"' in response.content
    assert warm_cache(paths) >= 0
    bare = client.get("/bench/bare/")
    assert (bare.status_code, bare.content) == (200, b"ok")
    assert bare["Content-Language"] == "vi"  # through the product's middleware


def test_gunicorn_is_stopped_whatever_happens(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}"}
    with pytest.raises(RuntimeError, match="in the middle"), serving(workers=1, env=env) as server:
        assert fetch(server.url + "/bench/bare/") == (200, b"ok")
        pid, port = server.pid, int(server.url.rsplit(":", 1)[1])
        raise RuntimeError("in the middle of a load")
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", port)):
        pass


def test_a_short_run_end_to_end(tmp_path):
    """On the suite's database kind: SQLite in a file of its own, or a database created (and
    dropped) in the PostgreSQL server of ``DATABASE_URL``."""
    url = os.environ.get("DATABASE_URL", "")
    kind = "postgres" if urlsplit(url).scheme in ("postgres", "postgresql") else "sqlite"
    output = tmp_path / "portal.json"
    command = [sys.executable, "-m", "bench.portal", "--database", kind, "--dossiers", "80"]
    command += ["--paths", "40", "--duration", "1", "--warmup", "0", "--rounds", "1"]
    command += ["--workers", "2", "--connections", "2", "--wrk-threads", "1"]
    command += ["--output", str(output), "--path", str(tmp_path / "portal.sqlite3")]
    command += ["--pg-database", "motcua_portal_bench_test"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(output.read_text())
    assert result["dossiers_in_database"] == 80 and 0 < result["wrk"]["paths"] <= 40
    (run,) = result["rounds"]
    for load in (run["bare"], run["lookup"]):
        assert load["requests"] > 0 and load["non_2xx_3xx"] == 0
        assert 0 < load["latency_ms"]["p50"] <= load["latency_ms"]["p99"]
    assert run["ratio"] == pytest.approx(
        run["lookup"]["requests_per_second"] / run["bare"]["requests_per_second"], abs=1e-3
    )
    assert result["ratio"] == pytest.approx(run["ratio"], abs=0.01)
    assert result["non_2xx_3xx"] == 0 and "ratio" in done.stdout
    with pytest.raises(ProcessLookupError):
        os.kill(result["server"]["pid"], 0)
