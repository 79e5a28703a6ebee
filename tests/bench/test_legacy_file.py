"""The import benchmark's legacy file (``bench/legacy_file.py``): reproducible, realistic, and
imported cleanly by ``motcua import-dossiers``."""

import json
from collections import Counter

from bench.legacy_file import write_legacy_file
from motcua.dossiers.imports import import_dossiers
from motcua.dossiers.models import Dossier, DossierEvent, Party, PauseInterval
from tests.dossiers.conftest import world  # noqa: F401

WORLD = {"agencies": ["H99.01"], "units": ["H99.20"], "procedures": ["2.000488.H99"]}


def test_the_same_seed_writes_the_same_file(tmp_path):
    a = write_legacy_file(tmp_path / "a.jsonl", 50, 3, **WORLD).read_bytes()
    b = write_legacy_file(tmp_path / "b.jsonl", 50, 3, **WORLD).read_bytes()
    c = write_legacy_file(tmp_path / "c.jsonl", 50, 4, **WORLD).read_bytes()
    assert a == b != c


def test_a_200_row_file_imports_cleanly(world, tmp_path):  # noqa: F811
    path = write_legacy_file(tmp_path / "legacy.jsonl", 200, **WORLD)
    records = [json.loads(line) for line in path.read_text().splitlines()]
    statuses = Counter(r["status"] for r in records)
    assert set(statuses) == set(range(1, 11))
    assert {r["channel"] for r in records} == {"counter", "online", "postal"}

    result = import_dossiers(data=path.read_bytes(), name=path.name)

    assert result.dossiers == Dossier.objects.count() == 200
    assert Party.objects.count() == DossierEvent.objects.count() == 200
    assert result.pauses == PauseInterval.objects.count() > statuses[5] + statuses[6] + statuses[8]
    got = Counter(Dossier.objects.values_list("national_status", flat=True))
    assert got == statuses
    assert PauseInterval.objects.filter(resumed_at=None).count() == (
        statuses[5] + statuses[6] + statuses[8]
    )
