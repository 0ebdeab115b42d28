import io

import openpyxl
import pytest
import tablib

from cercle.meetings.enums import Attendance, Experience
from tests.factories import OrganisationFactory, StaffFactory, agent_of
from tests.meetings.factories import register, two_day_meeting, workshop

pytestmark = pytest.mark.django_db
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
        modes=[REMOTE, ABSENT],
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
        (1, 1, 0),
        (0, 1, 1),
    ]
    assert (figures["newcomers"], figures["regulars"]) == (1, 1)
    assert (figures["consent_yes"], figures["consent_no"]) == (1, 1)
    assert [(w.title, w.confirmed, w.waiting) for w in figures["workshops"]] == [
        ("Atelier socle", 1, 1)
    ]
    assert figures["organisations"][0]["organisation__name"] == "Ville de Nancy"
    assert '<svg class="chart" role="img" aria-labelledby="chart-title chart-desc"' in response.text
    assert "1 sur place, 1 à distance, 0 absents" in response.text


def _export(client, meeting, fmt):
    client.force_login(StaffFactory())
    response = client.get(f"/rencontres/{meeting.slug}/inscriptions.{fmt}")
    assert response.status_code == 200
    return response.content


def test_csv_export_reads_back_with_consent(client, meeting_with_people):
    data = tablib.Dataset().load(_export(client, meeting_with_people, "csv").decode(), "csv")

    assert [row[data.headers.index("Nom sur le badge")] for row in data] == ["Alice", "Bruno"]
    assert [row[data.headers.index("Consentement droit à l’image")] for row in data] == [
        "oui",
        "non",
    ]


def test_xlsx_export_opens_with_openpyxl(client, meeting_with_people):
    workbook = openpyxl.load_workbook(io.BytesIO(_export(client, meeting_with_people, "xlsx")))

    rows = list(workbook.active.iter_rows(values_only=True))
    assert len(rows) == 3
    assert "Ateliers" in rows[0]
    assert rows[1][rows[0].index("Ateliers")] == "Atelier socle"
    assert rows[2][rows[0].index("Listes d’attente")] == "Atelier socle"


def test_ods_export_opens_with_odfpy(client, meeting_with_people):
    data = tablib.Dataset().load(_export(client, meeting_with_people, "ods"), "ods")

    assert len(data) == 2
    assert "Version de la clause" in data.headers


def test_unknown_export_format_is_not_found(client, meeting_with_people):
    client.force_login(StaffFactory())

    assert client.get(f"/rencontres/{meeting_with_people.slug}/inscriptions.pdf").status_code == 404
