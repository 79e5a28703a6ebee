"""The ``motcua`` console script.

``motcua`` is ``manage.py`` for an installed Một Cửa: ``motcua migrate``, ``motcua shell``,
``motcua deadline …``, ``motcua import-agencies FILE.csv``. Without a sub-command it prints the
list of commands, as ``manage.py`` does.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["motcua", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
