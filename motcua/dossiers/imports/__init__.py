"""Import of legacy dossiers (``motcua import-dossiers FILE [--allow-new-procedures]``).

A province that moves from an older one-stop system brings its historical dossiers along, so
that every report — the statutory handling report (Biểu 06) first — covers them exactly as it
covers the dossiers received here. The former system knew a dossier by its code, procedure,
agency, channel, national status (1–10, domain.md §3.2) and instants (submitted, received, due,
finished, returned), with the pauses of its clock (supplement, financial obligation, stop); that
is what the file carries, and what is written — not its control slip, notices or files, which
older systems rarely export.

Modules, in the order an import runs through them:

* ``formats``    — the file: JSON Lines or CSV, fields, the pause notation, line numbers;
* ``instants``   — ISO 8601 instants, Vietnam time by default; a bare due date;
* ``rules``      — a row alone: status → state, the instants each status requires or forbids,
  their order, the pauses;
* ``references`` — what rows name: agencies, procedures (version in force, else nearest),
  unique codes in the file and the database;
* ``historical`` — procedures the catalogue does not have, recorded as historical;
* ``writing``    — the bulk write: dossiers, owners, pauses, one import event each, tallies;
* ``service``    — ``import_dossiers()``: all of it, all or nothing.

The file format and every rule are documented for provinces in docs/import.md.
"""

from .service import MAX_PROBLEMS, DossiersRejected, ImportResult, import_dossiers

__all__ = ["MAX_PROBLEMS", "DossiersRejected", "ImportResult", "import_dossiers"]
