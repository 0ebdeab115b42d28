"""Uploaded files are recognised by their content, never by their name or announced type."""

import io
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class FileKind:
    code: str
    mimetype: str
    extension: str


PDF = FileKind("pdf", "application/pdf", "pdf")
PNG = FileKind("png", "image/png", "png")
JPEG = FileKind("jpeg", "image/jpeg", "jpg")
GIF = FileKind("gif", "image/gif", "gif")
WEBP = FileKind("webp", "image/webp", "webp")
ODT = FileKind("odt", "application/vnd.oasis.opendocument.text", "odt")
ODS = FileKind("ods", "application/vnd.oasis.opendocument.spreadsheet", "ods")
ODP = FileKind("odp", "application/vnd.oasis.opendocument.presentation", "odp")
DOCX = FileKind(
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"
)
XLSX = FileKind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
PPTX = FileKind(
    "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"
)

DOCUMENTS = (PDF, PNG, JPEG, GIF, WEBP, ODT, ODS, ODP, DOCX, XLSX, PPTX)
SLIDES = (PDF, ODP, PPTX)

_ODF = {kind.mimetype: kind for kind in (ODT, ODS, ODP)}
_OOXML = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}


def _zip_kind(head: bytes, data) -> FileKind | None:
    try:
        with zipfile.ZipFile(data) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                return _ODF.get(archive.read("mimetype").decode("ascii", "replace").strip())
            if "[Content_Types].xml" in names:
                for prefix, kind in _OOXML.items():
                    if any(name.startswith(prefix) for name in names):
                        return kind
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return None


def detect_kind(data) -> FileKind | None:
    """The kind of a file-like object from its first bytes (and zip directory for office files)."""
    data.seek(0)
    head = data.read(16)
    data.seek(0)
    kind = None
    if head.startswith(b"%PDF-"):
        kind = PDF
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = PNG
    elif head.startswith(b"\xff\xd8\xff"):
        kind = JPEG
    elif head[:6] in (b"GIF87a", b"GIF89a"):
        kind = GIF
    elif head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        kind = WEBP
    elif head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(head, data)
    data.seek(0)
    return kind


def validate_upload(uploaded, *, allowed: tuple[FileKind, ...], max_size: int) -> FileKind:
    """Check size and real type; raise ValidationError with a message the person understands."""
    if uploaded.size > max_size:
        raise ValidationError(
            _("This file is too large (%(size)s); the limit is %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(uploaded.size), "limit": filesizeformat(max_size)},
        )
    kind = detect_kind(uploaded if hasattr(uploaded, "seek") else io.BytesIO(uploaded.read()))
    if kind not in allowed:
        raise ValidationError(
            _("This file type is not accepted. Accepted types: %(types)s."),
            code="file_type",
            params={"types": ", ".join(k.extension.upper() for k in allowed)},
        )
    return kind
