"""The HTTP side of the portal benchmark: the product under gunicorn, and wrk to load it.

``serving()`` starts gunicorn on a free port of 127.0.0.1 with the bench settings
(``bench/portal_site.py``), waits until ``/bench/bare/`` answers, and stops the whole process
group when the block ends, whatever happens in it (an exception, Ctrl-C, SIGTERM).

``run_wrk()`` runs wrk for a fixed duration with a Lua script that sends each connection's
requests through a list of paths in turn (each thread from its own offset) and, at the end,
prints one JSON line: requests, duration, the errors wrk counts (``status`` is the number of
responses that were not 2xx or 3xx) and latency percentiles. ``find_wrk()`` installs Debian's wrk
through ``scripts/wrk.sh`` when it is missing.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARK = "WRKJSON "

LUA = r"""
-- Rotate through the paths of the file named by the first script argument.
local threads = 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end
function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  i = (id * 7919) % #paths + 1
end
function request()
  local path = paths[i]
  i = i % #paths + 1
  return wrk.format("GET", path)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '%s{"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, "read": %d, '
    .. '"write": %d, "status": %d, "timeout": %d, "p50_us": %d, "p90_us": %d, '
    .. '"p99_us": %d, "max_us": %d, "mean_us": %.1f}\n',
    "MARK", summary.requests, summary.duration, summary.bytes, e.connect, e.read,
    e.write, e.status, e.timeout, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean))
end
""".replace('"MARK"', json.dumps(MARK))


class LoadError(RuntimeError):
    pass


def find_wrk() -> str:
    """wrk's path: ``MOTCUA_WRK``, else wrk on PATH, else installed by ``scripts/wrk.sh``."""
    explicit = os.environ.get("MOTCUA_WRK")
    if explicit and os.access(explicit, os.X_OK):
        return explicit
    for directory in os.environ.get("PATH", "").split(os.pathsep):
        candidate = Path(directory) / "wrk"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    done = subprocess.run(
        ["bash", str(ROOT / "scripts" / "wrk.sh")], capture_output=True, text=True, check=False
    )
    path = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    if done.returncode != 0 or not path:
        raise LoadError(f"wrk is missing and scripts/wrk.sh could not install it:\n{done.stderr}")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    pid: int
    workers: int
    worker_class: str
    threads: int
    log: Path


def fetch(url: str, timeout: float = 10) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _wait_ready(url: str, process: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise LoadError(f"gunicorn exited ({process.returncode}):\n{log.read_text()[-3000:]}")
        try:
            if fetch(url, timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise LoadError(f"gunicorn did not answer {url} within {timeout:.0f} s")


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM to the master (it stops its workers), then SIGKILL to the group if needed."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=20)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)  # workers left behind, if any
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)


def _terminated(signum, frame):
    raise SystemExit(128 + signum)


@contextlib.contextmanager
def serving(*, workers: int, worker_class: str = "sync", threads: int = 1, env: dict | None = None):
    """The product under gunicorn on 127.0.0.1 (``bench.portal_site`` settings), stopped at the
    end of the block whatever happens."""
    port = free_port()
    log = Path(tempfile.mkstemp(prefix="motcua-gunicorn-", suffix=".log")[1])
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        f"--worker-class={worker_class}",
        f"--threads={threads}",
        "--backlog=2048",
        "--timeout=120",
        f"--error-logfile={log}",
    ]
    environment = {**os.environ, **(env or {})}
    environment.update(DJANGO_SETTINGS_MODULE="bench.portal_site", DEBUG="0")
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=environment,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: stopped as a whole
    )
    # SIGTERM to this process ends it through the ``finally`` below, as Ctrl-C does.
    handle = threading.current_thread() is threading.main_thread() and signal.getsignal(
        signal.SIGTERM
    ) in (signal.SIG_DFL, None)
    if handle:
        signal.signal(signal.SIGTERM, _terminated)
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_ready(f"{url}/bench/bare/", process, log, timeout=90)
        yield Server(url, process.pid, workers, worker_class, threads, log)
    finally:
        _stop(process)
        if handle:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
        log.unlink(missing_ok=True)


def run_wrk(
    wrk: str,
    url: str,
    paths: list[str],
    *,
    seconds: float,
    connections: int,
    threads: int,
    timeout_s: int = 10,
) -> dict:
    """Load ``url`` for ``seconds`` rotating through ``paths``; wrk's summary as a dict
    (``requests_per_second`` and latencies in ms added)."""
    with tempfile.TemporaryDirectory(prefix="motcua-wrk-") as directory:
        script, listing = Path(directory, "paths.lua"), Path(directory, "paths.txt")
        script.write_text(LUA)
        listing.write_text("\n".join(paths) + "\n")
        command = [
            wrk,
            f"--threads={min(threads, connections)}",
            f"--connections={connections}",
            f"--duration={max(1, round(seconds))}s",
            f"--timeout={timeout_s}s",
            "--latency",
            f"--script={script}",
            url,
            "--",
            str(listing),
        ]
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=seconds + 60, check=False
        )
    lines = [line for line in done.stdout.splitlines() if line.startswith(MARK)]
    if done.returncode != 0 or not lines:
        raise LoadError(f"wrk failed ({done.returncode}): {done.stderr.strip() or done.stdout}")
    result = json.loads(lines[-1][len(MARK) :])
    seconds_run = result["duration_us"] / 1e6
    errors = sum(result[k] for k in ("connect", "read", "write", "timeout"))
    return {
        "requests": result["requests"],
        "seconds": round(seconds_run, 2),
        "requests_per_second": round(result["requests"] / seconds_run, 1),
        "non_2xx_3xx": result["status"],
        "socket_errors": errors,
        "socket_errors_by_kind": {
            k: result[k] for k in ("connect", "read", "write", "timeout") if result[k]
        },
        "latency_ms": {
            "mean": round(result["mean_us"] / 1000, 2),
            "p50": round(result["p50_us"] / 1000, 2),
            "p90": round(result["p90_us"] / 1000, 2),
            "p99": round(result["p99_us"] / 1000, 2),
            "max": round(result["max_us"] / 1000, 2),
        },
    }
