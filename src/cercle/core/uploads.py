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
_BY_MIMETYPE = {kind.mimetype: kind for kind in DOCUMENTS}

# An OpenDocument "mimetype" entry is one short line; anything bigger is not a real document.
MIMETYPE_ENTRY_MAX = 256
ZIP_MAX_ENTRIES = 10_000
_CHUNK = 64


class SuspiciousArchive(Exception):
    """An office file whose archive would inflate far beyond what its kind ever needs."""


def read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, *, limit: int) -> bytes:
    """Read one archive entry, refusing it past `limit` bytes whatever its header declares.

    The declared size is checked first, then the entry is inflated in small chunks, so a
    lying header (a zip bomb) costs at most `limit` bytes of memory.
    """
    if info.file_size > limit:
        raise SuspiciousArchive(info.filename)
    content = bytearray()
    with archive.open(info) as entry:
        while chunk := entry.read(_CHUNK):
            content += chunk
            if len(content) > limit:
                raise SuspiciousArchive(info.filename)
    return bytes(content)


def _zip_kind(data) -> FileKind | None:
    try:
        with zipfile.ZipFile(data) as archive:
            infos = archive.infolist()
            if len(infos) > ZIP_MAX_ENTRIES:
                raise SuspiciousArchive("entries")
            names = [info.filename for info in infos]
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                content = read_entry(archive, info, limit=MIMETYPE_ENTRY_MAX)
                return _ODF.get(content.decode("ascii", "replace").strip())
            if "[Content_Types].xml" in names:
                for prefix, kind in _OOXML.items():
                    if any(name.startswith(prefix) for name in names):
                        return kind
    except (zipfile.BadZipFile, OSError, KeyError, EOFError, NotImplementedError):
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
        try:
            kind = _zip_kind(data)
        finally:
            data.seek(0)
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
    try:
        kind = detect_kind(uploaded if hasattr(uploaded, "seek") else io.BytesIO(uploaded.read()))
    except SuspiciousArchive:
        raise ValidationError(
            _(
                "This file looks like an office document but its content would inflate far "
                "beyond its size: it is refused. Save it again from your office suite, or "
                "send a PDF."
            ),
            code="file_archive",
        ) from None
    if kind not in allowed:
        raise ValidationError(
            _("This file type is not accepted. Accepted types: %(types)s."),
            code="file_type",
            params={"types": ", ".join(k.extension.upper() for k in allowed)},
        )
    return kind


def named_by_kind(name: str, kind: FileKind, *, default: str = "document") -> str:
    """A file name whose extension is the detected kind's ("page.html" holding a PDF becomes
    "page.pdf"), so nobody is served a name that lies about the content."""
    stem = (name or "").replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0].strip()
    return f"{stem[:80] or default}.{kind.extension}"


def named_by_mimetype(name: str, mimetype: str) -> str:
    """The same, for a file stored earlier with its detected MIME type."""
    kind = _BY_MIMETYPE.get(mimetype)
    if kind is None:
        return name
    return named_by_kind(name, kind)
