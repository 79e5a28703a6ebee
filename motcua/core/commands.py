"""Helpers shared by the import commands: read the input file, report a rejected input."""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from .errors import InputRejected


def read_input(path: Path) -> bytes:
    """The file's bytes, or a clear CommandError when it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CommandError(f"{path}: {exc.strerror}") from exc


def rejected(path: Path, exc: InputRejected) -> CommandError:
    """The CommandError listing every located problem of a rejected input."""
    return CommandError(
        _("%(file)s: nothing was imported; %(count)d problem(s):")
        % {"file": path, "count": len(exc.problems)}
        + "\n"
        + "\n".join(f"  {p}" for p in exc.problems)
    )
