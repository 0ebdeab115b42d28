"""The results page and exports: anonymous, nothing broken down under five answers, charts
with tables, comparison with earlier editions, constant queries."""

import io
import zipfile

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cercle.evaluation import services
from cercle.evaluation.models import Answer, Evaluation
from cercle.meetings.enums import Attendance, Experience
from tests.evaluation.conftest import answer, registrant, url
from tests.meetings.factories import MeetingFactory, add_days

HOSTILE = "=cmd|' /C calc'!A0\r\nDeuxième ligne <script>alert(1)</script>"


def crowd(club, count, *, start=0, overall=4, online=False, **kwargs):
    people = [registrant(club, start + n, online=online) for n in range(count)]
    for person in people:
        answer(club, person, overall=overall, **kwargs)
    return people


def results_page(client, club):
    client.force_login(club.staff)
    return client.get(url(club, "results")).content.decode()


def test_results_and_exports_never_name_anyone(client, club, opened):
    people = crowd(club, 5, keep="Les ateliers", ratings={})
    answer(club, club.person, overall=5, improve="Le son")
    names = ["Hélène Léveillé", "helene.leveille@example.test", "Nom Secret", "personne0@"]
    names += [person.display_name for person in people]

    page = results_page(client, club)
    csv = client.get(url(club, "export", "csv")).content.decode("utf-8-sig")
    ods = client.get(url(club, "export", "ods")).content
    content = zipfile.ZipFile(io.BytesIO(ods)).read("content.xml").decode()

    assert "Les ateliers" in page and "Le son" in page
    assert "Les ateliers" in csv and "Le son" in content
    for name in names:
        assert name not in page
        assert name not in csv
        assert name not in content
    keys = Answer.objects.values_list("respondent_key", flat=True)
    assert not any(key in page or key in csv or key in content for key in keys)


def test_under_five_answers_nothing_is_broken_down_nor_exported(client, club, opened):
    crowd(club, 4, keep="Un secret de petit groupe")

    page = results_page(client, club)

    assert "4 réponses sur 5 inscrits (80 %)" in page
    assert "Moins de 5 réponses : pour préserver l'anonymat" in page
    assert "Un secret de petit groupe" not in page
    assert "<svg" not in page
    response = client.get(url(club, "export", "csv"), follow=True)
    assert "Moins de 5 réponses : rien à exporter" in response.content.decode()
    assert response.redirect_chain


def test_sessions_and_groups_under_five_answers_are_not_shown(client, club, opened):
    crowd(club, 5, overall=5, ratings={club.opening.pk: 5})
    crowd(club, 4, start=10, overall=2, online=True, ratings={club.round_table.pk: 1})
    # The round table's 4 ratings: hidden; the opening's 5: shown. Remote (4 answers): hidden.

    page = results_page(client, club)

    assert "9 réponses sur 10 inscrits (90 %)" in page
    sessions = page.split('id="session-ratings"')[1]
    row = sessions.split("Plénière d&#x27;ouverture</th>")[1].split("</tr>")[0]
    assert "<td>5</td>" in row and "5,0" in row
    table = sessions.split("Table ronde</th>")[1].split("</tr>")[0]
    assert "<td>4</td>" in table and "non affiché" in table
    remote = page.split("À distance</th>")[1].split("</tr>")[0]
    assert "<td>4</td>" in remote and "moins de 5 réponses : non affiché" in remote
    on_site = page.split("Sur place</th>")[1].split("</tr>")[0]
    assert "<td>5</td><td>5,0</td>" in on_site


def test_charts_are_inline_svg_with_a_title_and_a_table_and_no_style(client, club, opened):
    crowd(club, 3, overall=5, ratings={club.opening.pk: 4})
    crowd(club, 3, start=10, overall=3, ratings={club.opening.pk: 2})

    page = results_page(client, club)

    assert page.count('role="img"') == 2  # overall and sessions
    assert '<title id="chart-overall-title">Note globale (graphique' in page
    assert '<caption id="chart-overall-table-caption">Note globale : chiffres</caption>' in page
    assert '<th scope="row">5 sur 5</th><td>3</td>' in page
    assert '<th scope="row">3 sur 5</th><td>3</td>' in page
    assert "style=" not in page
    assert "Moyenne : 4,0 sur 5." in page


def test_comparison_with_previous_editions(client, club, opened):
    previous = MeetingFactory(edition=club.meeting.edition - 1, title="Édition précédente")
    add_days(previous, club.days[0].date.replace(year=2098))
    old = Evaluation.objects.create(meeting=previous, opened_at=opened.opened_at)
    for n in range(6):
        Answer.objects.create(
            evaluation=old,
            respondent_key=f"k{n}",
            overall=3,
            profile="on_site",
            experience=Experience.REGULAR,
            answered_on="2098-06-10",
        )
    later = MeetingFactory(edition=club.meeting.edition + 1, title="Édition suivante")
    Evaluation.objects.create(meeting=later, opened_at=opened.opened_at)
    crowd(club, 5, overall=5)

    page = results_page(client, club)

    table = page.split('id="editions"')[1].split("</table>")[0]
    assert table.index("Édition précédente") < table.index(club.meeting.title)
    assert "Édition suivante" not in table
    assert "<td>6</td>" in table and "3,0" in table and "5,0" in table
    assert 'id="chart-editions-title"' in page


def test_free_texts_and_exports_keep_hostile_text_inert(client, club, opened):
    crowd(club, 5, keep=HOSTILE, ratings={club.opening.pk: 4})

    page = results_page(client, club)
    csv = client.get(url(club, "export", "csv")).content.decode("utf-8-sig")
    ods = client.get(url(club, "export", "ods")).content
    content = zipfile.ZipFile(io.BytesIO(ods)).read("content.xml").decode()

    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<li>=cmd|&#x27; /C calc&#x27;!A0<br>Deuxième ligne &lt;script&gt;" in page
    assert "\"'=cmd|' /C calc'!A0" in csv
    assert "\n=cmd" not in csv and ",=cmd" not in csv
    assert "&lt;script&gt;" in content and "<script>" not in content
    assert "'=cmd|" in content
    header = csv.splitlines()[0]
    assert header.startswith("Réponse,Note globale,Plénière d'ouverture,À garder")


def test_export_columns_only_for_sessions_rated_by_five(client, club, opened):
    people = crowd(club, 5, ratings={club.opening.pk: 4})
    answer(club, people[0], ratings={club.opening.pk: 4, club.round_table.pk: 2})
    client.force_login(club.staff)

    rows = client.get(url(club, "export", "csv")).content.decode("utf-8-sig").splitlines()

    assert "Plénière d'ouverture" in rows[0]
    assert "Table ronde" not in rows[0]  # a single rating: it would be that person's
    assert [row.split(",")[2] for row in rows[1:]] == ["4"] * 5
    assert len(rows) == 6


def test_results_page_query_count_does_not_grow_with_answers(client, club, opened):
    crowd(club, 5, ratings={club.opening.pk: 4}, keep="Bien")
    client.force_login(club.staff)
    client.get(url(club, "results"))
    with CaptureQueriesContext(connection) as few:
        client.get(url(club, "results"))
    crowd(club, 12, start=20, ratings={club.opening.pk: 3}, improve="Mieux", online=True)
    previous = MeetingFactory(edition=club.meeting.edition - 1)
    Evaluation.objects.create(meeting=previous, opened_at=opened.opened_at)

    with CaptureQueriesContext(connection) as many:
        client.get(url(club, "results"))

    assert len(many) == len(few)


def test_response_rate_counts_active_registrants(client, club, opened):
    crowd(club, 5)
    services.close_evaluation(meeting=club.meeting, actor=club.staff)

    page = results_page(client, club)

    assert "5 réponses sur 6 inscrits (83 %)" in page
    assert Attendance.ON_SITE  # the crowd came on site
