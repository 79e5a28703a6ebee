"""Reading back what a PDF shows, with pypdf: its text and the fonts it embeds."""

from __future__ import annotations

import io
import re
import unicodedata

import pypdf

# The family print.css gives the vendored DejaVu Serif: WeasyPrint names embedded fonts by it.
VENDORED_FONTS = {
    "MotCua-DejaVu-Serif",
    "MotCua-DejaVu-Serif-Bold",
    "MotCua-DejaVu-Serif-Italic",
    "MotCua-DejaVu-Serif-Bold-Italic",
}


def pdf_text(pdf: bytes) -> str:
    """The text of every page in NFC, each run of white space (line breaks of the layout
    included) as one space."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


def page_count(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def embedded_fonts(pdf: bytes) -> set[str]:
    """The base font names of every page, without the subset tag (``ABCDEF+``)."""
    names = set()
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+", 1)[-1])
    return names
