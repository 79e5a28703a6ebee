"""The official forms as PDF, made by WeasyPrint from the same HTML as the print view.

The HTML links the stylesheet ``documents/print.css`` by its static URL, and the stylesheet
loads the vendored DejaVu Serif fonts next to it (``documents/fonts/``). WeasyPrint does not
fetch them over the network: ``PackageFetcher`` answers every URL under the static URL of
``documents/`` with the file of this package's ``static/documents/`` directory and refuses
anything else, and a resource that cannot be read stops the rendering
(``MissingResource``): a form printed without its fonts would show wrong or missing Vietnamese
glyphs on a machine without them.

WeasyPrint needs Pango ≥ 1.44 and its libraries (Debian: ``libpango-1.0-0``,
``libpangoft2-1.0-0``, ``libharfbuzz-subset0``; they bring fontconfig and HarfBuzz).
"""

from __future__ import annotations

import datetime
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.templatetags.static import static
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from motcua.agencies.models import Agency
from motcua.dossiers.models import Dossier, Notice

from . import render

STATIC_DIR = Path(__file__).resolve().parent / "static" / "documents"
# Root-relative static URLs ("/static/…") are resolved against this; nothing is fetched from it.
BASE_URL = "file:///"


class MissingResource(RuntimeError):
    """A stylesheet or font of a form could not be read: no PDF is made without it."""


class PackageFetcher(URLFetcher):
    """Serves ``{static URL}documents/…`` from the package directory; refuses everything else."""

    def __init__(self):
        super().__init__(allowed_protocols=(), fail_on_errors=True)
        self.prefix = urlsplit(static("documents/")).path

    def fetch(self, url, headers=None):
        path = unquote(urlsplit(url).path)
        if not path.startswith(self.prefix):
            raise ValueError(f"Forms read only their packaged files, not {url}")
        file = (STATIC_DIR / path.removeprefix(self.prefix)).resolve()
        if not file.is_relative_to(STATIC_DIR) or not file.is_file():
            raise ValueError(f"No packaged file for {url}")
        mime_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, file.read_bytes(), {"Content-Type": mime_type})


def html_to_pdf(html: str) -> bytes:
    """The PDF of a form's HTML (``render.py``), A4, fonts embedded (subset)."""
    try:
        return HTML(string=html, base_url=BASE_URL, url_fetcher=PackageFetcher()).write_pdf()
    except FatalURLFetchingError as error:
        raise MissingResource(str(error)) from error.__cause__


def notice_pdf(notice: Notice) -> bytes:
    return html_to_pdf(render.notice_html(notice))


def control_slip_pdf(dossier: Dossier) -> bytes:
    return html_to_pdf(render.control_slip_html(dossier))


def ledger_pdf(
    *,
    agency: Agency,
    date_from: datetime.date,
    date_to: datetime.date,
    at: datetime.datetime | None = None,
    form_set: str | None = None,
) -> bytes:
    return html_to_pdf(
        render.ledger_html(
            agency=agency, date_from=date_from, date_to=date_to, at=at, form_set=form_set
        )
    )
