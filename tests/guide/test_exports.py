"""The guide as ODS and PDF: hostile titles and notes come out as typed, never as formulas."""

import io
import zipfile

import pypdf
import pytest
import tablib
from django.urls import reverse

from cercle.guide import services
from tests.guide.factories import guide_task

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://x","cliquez")'
PIPE = "=cmd|' /C calc'!A0"
MARKUP = "<script>alert(1)</script> & <b>gras</b> <para>"
NOTE = "Ligne 1\nLigne 2\r\n@SUM(1+1)\x07"


@pytest.fixture
def hostile(db):
    guide_task(FORMULA, note=NOTE, offset=-90)
    guide_task(PIPE, responsible="vendor", offset=-30, note="+1+1")
    guide_task(MARKUP, responsible="club", offset=7, note=MARKUP)


def _download(client, people, fmt):
    client.force_login(people.host_agent)
    response = client.get(reverse("guide:export", args=[fmt]))
    assert response.status_code == 200
    return response


def test_ods_keeps_hostile_text_inert(client, people, hostile):
    response = _download(client, people, "ods")

    assert response["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    sheet = tablib.Dataset().load(io.BytesIO(response.content), format="ods")
    cells = [str(cell) for row in sheet for cell in row]
    assert "'" + FORMULA in cells
    assert "'" + PIPE in cells
    assert "'+1+1" in cells
    assert MARKUP in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)
    content = zipfile.ZipFile(io.BytesIO(response.content)).read("content.xml").decode()
    assert "table:formula" not in content
    assert "<script>" not in content
    assert "\x07" not in content
    assert sheet.headers == [
        "Échéance",
        "Tâche",
        "Qui s’en charge",
        "Effort estimé, en jours",
        "Note",
    ]
    assert list(sheet[0][:3]) == ["J-90", "'" + FORMULA, "Collectivité hôte"]


def test_pdf_prints_hostile_text_as_typed(client, people, hostile):
    response = _download(client, people, "pdf")

    assert response["Content-Type"] == "application/pdf"
    pages = pypdf.PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert FORMULA in text
    assert PIPE in text
    assert "<script>alert(1)</script> & <b>gras</b> <para>" in text
    assert "Ligne 1 Ligne 2 @SUM(1+1)" in text
    assert "J+7" in text
    assert "Qui s’en charge : Club" in text


def test_pdf_of_an_empty_guide_still_opens(client, people):
    response = _download(client, people, "pdf")

    assert len(pypdf.PdfReader(io.BytesIO(response.content)).pages) == 1


def test_the_guide_page_shows_hostile_text_escaped(client, people, hostile):
    client.force_login(people.host_agent)

    html = client.get(reverse("guide:guide")).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Ligne 1<br>Ligne 2" in html


def test_checklist_ods_lists_due_dates_and_days_with_hostile_text_inert(client, people, hostile):
    services.ensure_checklist(people.meeting)
    task = people.meeting.checklist.get(offset_days=-90)
    services.update_checklist_task(task=task, by=people.staff, done=True, effort_spent="2.5")
    client.force_login(people.host_referent)

    response = client.get(reverse("guide:checklist_export", args=[people.meeting.slug]))

    sheet = tablib.Dataset().load(io.BytesIO(response.content), format="ods")
    first = list(sheet[0])
    assert first[:4] == ["J-90", "2099-03-04", "'" + FORMULA, "Collectivité hôte"]
    assert [float(first[4]), float(first[5])] == [2.0, 2.5]
    cells = [str(cell) for row in sheet for cell in row]
    assert "'" + PIPE in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)
