"""docs/lifecycle.md documents every transition and state of the code."""

from pathlib import Path

from motcua.dossiers.states import NATIONAL_STATUS, TRANSITIONS

DOC = (Path(__file__).resolve().parents[2] / "docs" / "lifecycle.md").read_text(encoding="utf-8")


def test_every_transition_is_in_the_table():
    for action in TRANSITIONS:
        assert f"| `{action}` |" in DOC, action


def test_every_state_has_its_national_code_documented():
    for state, code in NATIONAL_STATUS.items():
        assert state in DOC and f"| {code} " in DOC, state
