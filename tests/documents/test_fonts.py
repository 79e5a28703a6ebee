"""The forms' fonts: DejaVu Serif vendored in the package, used through @font-face, read from
the package directory (never from the network), embedded in every PDF — also on a machine with
no font installed at all."""

import io
import logging
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pypdf
import pytest
from django.conf import settings

from motcua.documents import pdf as documents_pdf
from motcua.documents.pdf import MissingResource, html_to_pdf, notice_pdf
from motcua.documents.render import notice_html

from .pdftext import VENDORED_FONTS, embedded_fonts, pdf_text
from .scenarios import issued

STATIC = Path(documents_pdf.__file__).parent / "static" / "documents"
FACES = ["DejaVuSerif", "DejaVuSerif-Bold", "DejaVuSerif-Italic", "DejaVuSerif-BoldItalic"]


def test_the_four_faces_and_their_licence_are_vendored():
    for face in FACES:
        font = STATIC / "fonts" / f"{face}.ttf"
        assert font.read_bytes()[:4] == b"\x00\x01\x00\x00", face  # a TrueType file
    licence = (STATIC / "fonts" / "LICENSE.txt").read_text()
    assert "Bitstream Vera" in licence and "DejaVu changes are in public domain" in licence


def test_the_stylesheet_uses_the_vendored_files_under_a_family_of_their_own():
    css = (STATIC / "print.css").read_text()
    for face in FACES:
        assert f'src: url("fonts/{face}.ttf") format("truetype");' in css
    assert css.count('font-family: "MotCua DejaVu Serif";') == 4
    assert 'font-family: "MotCua DejaVu Serif", serif;' in css


def test_the_pdf_embeds_the_vendored_faces_and_vietnamese_reads_back_composed(world, citizen):
    pdf = notice_pdf(issued(world, "apology", "2025", citizen))
    # Regular, bold, italic and bold italic are all used by Form 04.
    assert embedded_fonts(pdf) == VENDORED_FONTS
    # Each Vietnamese letter is one precomposed glyph of DejaVu Serif, mapped back to its one
    # code point: the text comes out composed, with no combining mark to normalise.
    raw = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert unicodedata.is_normalized("NFC", raw)
    assert not any(unicodedata.combining(char) for char in raw)
    assert "VĂN BẢN XIN LỖI" in raw and "Nguyễn Văn An" in raw


FRESH_MACHINE = """
import sys
import django
django.setup()
from motcua.documents.pdf import html_to_pdf
sys.stdout.buffer.write(html_to_pdf(sys.stdin.read()))
"""


def test_a_machine_without_any_font_prints_the_same(world, citizen, tmp_path):
    """Fontconfig is given an empty configuration: no installed font is visible. The form is
    rendered in another process, whose fontconfig reads that configuration."""
    notice = issued(world, "receipt", "2018", citizen)
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">'
        f"<fontconfig><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>"
    )
    env = {
        **os.environ,
        "FONTCONFIG_FILE": str(config),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    run = subprocess.run(
        [sys.executable, "-c", FRESH_MACHINE],
        input=notice_html(notice).encode(),
        capture_output=True,
        env=env,
        cwd=settings.BASE_DIR,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr.decode()
    assert b"No fonts configured in FontConfig" in run.stderr  # really none installed

    pdf = run.stdout
    assert embedded_fonts(pdf) <= VENDORED_FONTS
    assert pdf_text(pdf) == pdf_text(html_to_pdf(notice_html(notice)))
    for line in [
        "Nguyễn Văn An",
        "Trung tâm PVHCC tỉnh",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    ]:
        assert line in pdf_text(pdf)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/logo.png",  # nothing from the network
        "/static/documents/fonts/Missing.ttf",  # nor a file the package does not have
        "/static/documents/../../../settings.py",  # nor one outside its directory
        "/static/motcua/site.css",  # nor another app's static files
        "file:///etc/passwd",
    ],
)
def test_a_resource_that_is_not_a_packaged_file_stops_the_rendering(url):
    html = f'<!DOCTYPE html><html><head><link rel="stylesheet" href="{url}"></head></html>'
    with pytest.raises(MissingResource):
        html_to_pdf(html)


def test_weasyprint_understands_the_whole_stylesheet(world, citizen, caplog):
    """No warning: every rule of print.css is supported and every resource was read."""
    caplog.set_level(logging.WARNING, logger="weasyprint")
    notice_pdf(issued(world, "receipt", "2025", citizen))
    notice_pdf(issued(world, "apology", "2025", citizen))
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []
