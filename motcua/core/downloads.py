"""Answers that hand a file to the browser — a dossier's stored file, an official form as a
PDF — the same way in the staff workspace and the citizen portal."""

from __future__ import annotations

from django.http import FileResponse, HttpResponse


def stored_file(record, *, attachment: bool = False) -> FileResponse:
    """A stored file (a ``DossierFile``: ``file``, ``name``, ``content_type`` checked at upload)
    shown in the browser, or downloaded with ``attachment``; never sniffed as another type."""
    response = FileResponse(
        record.file.open("rb"),
        content_type=record.content_type,
        as_attachment=attachment,
        filename=record.name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def pdf(data: bytes, filename: str) -> HttpResponse:
    """A PDF shown in the browser under ``filename``."""
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def paper_name(dossier, what: str) -> str:
    """The file name of a dossier's paper: ``H99.20-250428-0001-receipt.pdf``."""
    return f"{(dossier.code or str(dossier.pk)).replace('/', '-')}-{what}.pdf"
