"""Tables for finance and organisers: CSV, ODS and XLSX from the same headers and rows.

ODS is written directly as OpenDocument XML: building it cell by cell through odfpy takes
tens of seconds for the funding table (50,000 rows), while the format itself is simple.

Every export goes through ``export()``, which makes text cells inert: a cell that a
spreadsheet program would read as a formula (``=``, ``+``, ``-``, ``@``, tab, carriage return
at the start, as defusedcsv does) gets a leading apostrophe, and control characters that
XML-based formats cannot hold are removed. Organisers open these files in LibreOffice and
Excel; a title typed by anyone must never run there.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from xml.sax.saxutils import escape

import openpyxl

MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

_ODS_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" \
manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.2" \
manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""
_ODS_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" \
xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet><table:table table:name="{name}">"""
_ODS_TAIL = "</table:table></office:spreadsheet></office:body></office:document-content>"


def _ods_cell(value) -> str:
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, int | float | Decimal):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    text = escape(str(value))
    return (
        f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>'
    )


def to_ods(headers: Sequence[str], rows: Iterable[Sequence], *, title: str = "Cercle") -> bytes:
    parts = [_ODS_HEAD.format(name=escape(title[:31], {'"': "&quot;"}))]
    for row in [headers, *rows]:
        parts.append("<table:table-row>")
        parts.extend(_ods_cell(value) for value in row)
        parts.append("</table:table-row>")
    parts.append(_ODS_TAIL)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        # The mimetype entry comes first and uncompressed, as OpenDocument requires.
        archive.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr("META-INF/manifest.xml", _ODS_MANIFEST)
        archive.writestr("content.xml", "".join(parts))
    return buffer.getvalue()


def to_csv(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(["" if value is None else value for value in row] for row in rows)
    # The byte order mark lets spreadsheet programs detect UTF-8 (accents in names).
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(headers: Sequence[str], rows: Iterable[Sequence], *, title: str = "Cercle") -> bytes:
    # Write-only mode streams rows instead of keeping a cell object for each value.
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?[0-9][0-9 ,.]*")
# Characters XML 1.0 (ODS, XLSX) cannot hold: C0 controls other than tab, newline, return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Characters a worksheet name cannot hold.
_SHEET_TITLE = re.compile(r"[\\/?*\[\]:]")


def neutralise(text: str) -> str:
    """Text a spreadsheet shows as typed and never evaluates."""
    text = _CONTROL.sub("", text)
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def _plain(value):
    # Lazy translations and other objects become text; numbers stay numbers.
    if value is None or isinstance(value, int | float | Decimal):
        return value
    return neutralise(str(value))


def export(fmt: str, headers: Sequence[str], rows: Iterable[Sequence], *, title: str) -> bytes:
    headers = [neutralise(str(header)) for header in headers]
    rows = ([_plain(value) for value in row] for row in rows)
    title = _SHEET_TITLE.sub("-", _CONTROL.sub("", str(title))) or "Cercle"
    if fmt == "csv":
        return to_csv(headers, rows)
    if fmt == "ods":
        return to_ods(headers, rows, title=title)
    if fmt == "xlsx":
        return to_xlsx(headers, rows, title=title)
    raise ValueError(f"unknown export format: {fmt}")
