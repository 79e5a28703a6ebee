"""Files attached to a dossier: what is accepted and how it is stored.

A file is accepted when its *content* is a PDF, a JPEG or a PNG (its first bytes; the name and
the type the browser claims are not trusted) and it is no larger than
``MOTCUA_UPLOAD_MAX_BYTES``. Checks run before anything is written; a refused file changes
nothing.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Dossier, DossierComponent, DossierFile
from .services.base import DossierError

SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)


def sniff(head: bytes) -> str | None:
    """The content type that the first bytes of a file prove, or ``None``."""
    return next((kind for magic, kind in SIGNATURES if head.startswith(magic)), None)


def check_upload(upload: UploadedFile, *, field: str = "files") -> str:
    """The accepted file's content type, or :class:`DossierError` saying why it is refused."""
    limit = settings.MOTCUA_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise DossierError(
            "file_too_large",
            _("%(name)s is larger than %(limit)d MB.")
            % {"name": upload.name, "limit": limit // (1024 * 1024)},
            field=field,
        )
    upload.seek(0)
    kind = sniff(upload.read(16))
    upload.seek(0)
    if kind is None:
        raise DossierError(
            "file_type",
            _("%(name)s is not a PDF, JPEG or PNG file.") % {"name": upload.name},
            field=field,
        )
    return kind


def sha256_of(upload: UploadedFile) -> str:
    """The SHA-256 of an upload's content, read in chunks (the upload is rewound after)."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def attach(
    dossier: Dossier,
    upload: UploadedFile,
    *,
    content_type: str,
    component: DossierComponent | None = None,
    user=None,
    kind: str = DossierFile.Kind.COMPONENT,
) -> DossierFile:
    """Store an upload already accepted by :func:`check_upload`."""
    record = DossierFile(
        dossier=dossier,
        component=component,
        kind=kind,
        name=upload.name[-255:],
        content_type=content_type,
        size=upload.size,
        sha256=sha256_of(upload),
        uploaded_at=timezone.now(),
        uploaded_by=user,
    )
    record.file.save(upload.name, upload, save=False)
    try:
        record.save()
    except Exception:
        record.file.storage.delete(record.file.name)  # no row: no file left behind
        raise
    return record
