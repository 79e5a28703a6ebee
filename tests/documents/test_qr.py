"""The QR code of Form 01 links to the dossier's public status page."""

import re

import pytest
import segno

from motcua.documents.pdf import notice_pdf
from motcua.documents.qr import public_status_url, qr_svg
from motcua.documents.render import notice_html

from .pdftext import pdf_text
from .scenarios import issued

PATH = re.compile(r'<svg viewBox="[^"]+" class="qr">.*?<path [^>]*\bd="([^"]+)"', re.S)


def segno_path(url: str) -> str:
    """The SVG path segno draws for ``url`` (QR model 2, level M, as qr.py makes it)."""
    return PATH.search(
        segno.make(url, error="m", micro=False).svg_inline(omitsize=True, svgclass="qr")
    ).group(1)


def test_the_status_url_is_the_public_base_url_and_the_quoted_code(settings):
    settings.MOTCUA_PUBLIC_BASE_URL = "https://motcua.sonha.gov.vn/"
    assert public_status_url("H99.20-250428-0001") == (
        "https://motcua.sonha.gov.vn/tra-cuu/?ma=H99.20-250428-0001"
    )
    assert public_status_url("A B/C&D") == "https://motcua.sonha.gov.vn/tra-cuu/?ma=A%20B%2FC%26D"


def test_the_default_base_url_is_the_development_server(settings):
    assert settings.MOTCUA_PUBLIC_BASE_URL == "http://127.0.0.1:8000"


@pytest.mark.parametrize("form_set", ["2018", "2025"])
def test_form_01_carries_the_qr_code_of_its_status_page(world, citizen, settings, form_set):
    settings.MOTCUA_PUBLIC_BASE_URL = "https://motcua.sonha.gov.vn"
    notice = issued(world, "receipt", form_set, citizen)
    url = "https://motcua.sonha.gov.vn/tra-cuu/?ma=" + notice.data["code"]

    html = notice_html(notice)

    assert html.count("<svg") == 1
    drawn = PATH.search(html).group(1)
    assert drawn == segno_path(url)
    assert drawn != segno_path(url + "X")  # the path does depend on the URL
    assert f"<title>{url}</title>" in html  # the SVG's own title: what it encodes
    # Printed under the QR code too, wrapped over lines in its narrow caption.
    assert url in pdf_text(notice_pdf(notice)).replace(" ", "")


def test_only_form_01_has_a_qr_code(world, citizen):
    for form in ("supplement_request", "refusal", "apology", "stop_notice"):
        assert "<svg" not in notice_html(issued(world, form, "2025", citizen))


def test_the_svg_is_inline_and_needs_no_file():
    svg = qr_svg("http://127.0.0.1:8000/tra-cuu/?ma=X")
    assert svg.startswith("<svg ") and "href" not in svg and "<image" not in svg
