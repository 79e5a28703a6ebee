"""The QR code of Form 01: the applicant scans it to open the dossier's public status page.

The URL is ``MOTCUA_PUBLIC_BASE_URL`` + ``/tra-cuu/?ma=`` + the dossier code, quoted; the QR is
an inline SVG made by ``segno`` (no image file, no network), QR Code model 2 (never a Micro
QR, which phones read badly), error correction level M, with the 4-module quiet zone.
"""

from __future__ import annotations

from urllib.parse import quote

import segno
from django.conf import settings


def public_status_url(code: str) -> str:
    """The public status page of the dossier ``code`` (trang tra cứu hồ sơ)."""
    return settings.MOTCUA_PUBLIC_BASE_URL.rstrip("/") + "/tra-cuu/?ma=" + quote(code, safe="")


def qr_svg(url: str) -> str:
    """``url`` as an inline ``<svg>`` (sized by the stylesheet: it has a viewBox, no size)."""
    return segno.make(url, error="m", micro=False).svg_inline(
        omitsize=True, svgclass="qr", lineclass="qr-modules", title=url
    )
