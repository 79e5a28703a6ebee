"""Domain apps never import the UI or API apps (docs/architecture.md)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "motcua"
DOMAIN_APPS = ["workcalendar", "agencies", "catalog", "dossiers"]
OUTER_APPS = ("motcua.api", "motcua.office", "motcua.portal")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("app", DOMAIN_APPS)
def test_domain_app_does_not_import_outer_apps(app):
    offending = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / app).rglob("*.py")
        for name in imported_modules(path)
        if name.startswith(OUTER_APPS)
    ]
    assert offending == []


def test_clock_is_pure():
    names = imported_modules(ROOT / "workcalendar" / "clock.py")
    assert not any(name.startswith(("django", "motcua")) for name in names), names
