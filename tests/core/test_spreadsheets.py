import csv
import io
import zipfile

import openpyxl
import pytest

from cercle.core.spreadsheets import export, neutralise

HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "@SUM(A1:A2)",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_cells_become_text(text):
    assert neutralise(text).startswith("'")


@pytest.mark.parametrize("text", ["Ville de Lyon", "-12,5", "12.5", "", "a=b", "Saint-Étienne"])
def test_ordinary_text_is_kept(text):
    assert neutralise(text) == text


def test_csv_cells_are_inert():
    content = export("csv", ["=Titre"], [[text] for text in HOSTILE], title="x")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert all(cell.startswith("'") for row in rows for cell in row)


def test_xlsx_stores_strings_not_formulas_and_accepts_control_characters():
    rows = [[text] for text in HOSTILE] + [["bip\x07 \x00fin"], [42]]
    content = export("xlsx", ["Titre"], rows, title="Inscrits: [juin] / 2027?")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    values = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert all(value.startswith("'") for value in values[: len(HOSTILE)])
    assert values[-2:] == ["bip fin", 42]
    cell_types = {cell.data_type for row in sheet.iter_rows(min_row=2) for cell in row}
    assert "f" not in cell_types


def test_ods_has_no_formula_and_no_control_character():
    content = export("ods", ["Titre"], [[text] for text in HOSTILE] + [["a\x01b"]], title="x")
    xml = zipfile.ZipFile(io.BytesIO(content)).read("content.xml").decode()
    assert "table:formula" not in xml
    assert "\x01" not in xml and "ab" in xml
    assert "&apos;=HYPERLINK" in xml or "'=HYPERLINK" in xml
