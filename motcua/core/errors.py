"""Errors that carry a list of located problems (file line and field, or JSON path).

Imports validate a whole file first and write nothing when any problem is found; the error
lists every problem so that the province's administrator can fix the file in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in an input: where it is (``line 5, field level`` or a JSON path) and what."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class InputRejected(Exception):
    """The input was refused as a whole; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
