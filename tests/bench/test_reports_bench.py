"""The reports benchmark (``bench/reports.py``) in small, end to end: a fresh database of a few
hundred generated dossiers, the report timed against the plain aggregate with the same counts,
and the import of a few hundred legacy dossiers into a database of its own."""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]


def test_a_short_run_end_to_end(tmp_path):
    url = os.environ.get("DATABASE_URL", "")
    kind = "postgres" if urlsplit(url).scheme in ("postgres", "postgresql") else "sqlite"
    output = tmp_path / "reports.json"
    command = [sys.executable, "-m", "bench.reports", "--database", kind, "--dossiers", "300"]
    command += ["--runs", "3", "--import-count", "400", "--import-runs", "2"]
    command += ["--output", str(output)]
    command += ["--path", str(tmp_path / "reports.sqlite3")]
    command += ["--pg-database", "motcua_reports_bench_test"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(output.read_text())
    assert result["dossiers_in_database"] == 300 and result["same_counts"] is True
    assert result["total"]["received_total"] > 0 and result["tally_rows"] > 0
    assert len(result["fast_ms"]) == 3 and all(t > 0 for t in result["fast_ms"])
    assert result["plain_p50_ms"] > 0 and result["speedup"] > 0
    assert result["import"]["imported"] == 400 and result["import"]["tallies_agree"] is True
    runs = result["import"]["runs_seconds"]
    assert len(runs) == 2 and all(t > 0 for t in runs)
    assert min(runs) <= result["import"]["seconds"] <= max(runs)
    assert "same counts: yes" in done.stdout
