import contextlib
import io
import struct
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cercle.core.uploads import (
    DOCUMENTS,
    ODT,
    PDF,
    detect_kind,
    named_by_kind,
    named_by_mimetype,
    validate_upload,
)

BOMB_SIZE = 64 * 1024 * 1024
MEMORY_BUDGET = 4 * 1024 * 1024


def _odt(mimetype_size=None) -> bytes:
    """An OpenDocument archive; with `mimetype_size`, its mimetype entry is that many zeros,
    streamed into the archive so the test never holds them in memory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        if mimetype_size is None:
            archive.writestr("mimetype", ODT.mimetype, compress_type=zipfile.ZIP_STORED)
        else:
            chunk = bytes(1024 * 1024)
            with archive.open("mimetype", "w") as entry:
                for _ in range(mimetype_size // len(chunk)):
                    entry.write(chunk)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def _declare_size(data: bytes, name: bytes, size: int) -> bytes:
    """Make the central directory lie about an entry's uncompressed size."""
    start = data.index(b"PK\x01\x02")
    while True:
        name_length = struct.unpack_from("<H", data, start + 28)[0]
        if data[start + 46 : start + 46 + name_length] == name:
            break
        start = data.index(b"PK\x01\x02", start + 4)
    return data[: start + 24] + struct.pack("<I", size) + data[start + 28 :]


def _peak_memory(function):
    tracemalloc.start()
    with contextlib.suppress(ValidationError):
        function()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def test_real_odt_is_recognised():
    assert detect_kind(io.BytesIO(_odt())) == ODT


def test_zip_bomb_refused_with_clear_message():
    bomb = SimpleUploadedFile("bilan.odt", _odt(mimetype_size=BOMB_SIZE))
    with pytest.raises(ValidationError) as excinfo:
        validate_upload(bomb, allowed=DOCUMENTS, max_size=10 * 1024 * 1024)
    assert excinfo.value.code == "file_archive"


def test_zip_bomb_costs_no_memory():
    bomb = SimpleUploadedFile("bilan.odt", _odt(mimetype_size=BOMB_SIZE))
    peak = _peak_memory(lambda: validate_upload(bomb, allowed=DOCUMENTS, max_size=10 * 1024 * 1024))
    assert peak < MEMORY_BUDGET


def test_zip_bomb_with_lying_header_is_read_in_bounded_chunks():
    data = _declare_size(_odt(mimetype_size=BOMB_SIZE), b"mimetype", len(ODT.mimetype))
    bomb = SimpleUploadedFile("bilan.odt", data)
    peak = _peak_memory(lambda: validate_upload(bomb, allowed=DOCUMENTS, max_size=10 * 1024 * 1024))
    assert peak < MEMORY_BUDGET
    with pytest.raises(ValidationError):
        validate_upload(bomb, allowed=DOCUMENTS, max_size=10 * 1024 * 1024)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("page.html", "page.pdf"),
        ("rapport", "rapport.pdf"),
        ("archive.tar.gz", "archive.tar.pdf"),
        ("", "document.pdf"),
        ("../../etc/passwd", "passwd.pdf"),
        ("C:\\Users\\moi\\note.exe", "note.pdf"),
    ],
)
def test_file_named_by_its_detected_kind(name, expected):
    assert named_by_kind(name, PDF) == expected


def test_stored_file_named_by_its_mimetype():
    assert named_by_mimetype("page.html", "application/pdf") == "page.pdf"
