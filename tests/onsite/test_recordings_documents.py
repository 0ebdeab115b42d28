import io

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

from cercle.core.errors import DomainError
from cercle.meetings.enums import MeetingStatus
from cercle.onsite import services
from cercle.onsite.models import Chapter, Document, Recording
from tests.meetings.factories import session, workshop
from tests.onsite.conftest import register_many

pytestmark = pytest.mark.django_db
PLAYBACK = "https://visio.example.test/playback/presentation/2.3/abc"
AGENDA = """Ouverture (début à 1min22)
  • Vote sur les améliorations (début à 1h47min43)
Pause café
Retour d'expérience (début à 1h75min)
Atelier socle personnes morales (début à 3h06min30)
"""


def _recording(people, provider="bbb", url=PLAYBACK):
    return services.save_recording(
        day=people.days[0], actor=people.staff, url=url, provider=provider
    )


def test_staff_save_a_recording_through_the_form(people, client):
    client.force_login(people.host_referent)
    url = f"/rencontres/{people.meeting.slug}/enregistrements/{people.days[0].date.isoformat()}/"

    response = client.post(url, {"url": PLAYBACK, "provider": "bbb", "duration": "4h35min"})

    assert response.status_code == 302
    recording = Recording.objects.get()
    assert (recording.url, recording.provider, recording.duration) == (PLAYBACK, "bbb", 16500)


def test_recording_form_keeps_input_and_names_a_bad_duration(people, client):
    client.force_login(people.staff)
    url = f"/rencontres/{people.meeting.slug}/enregistrements/{people.days[0].date.isoformat()}/"

    response = client.post(url, {"url": PLAYBACK, "provider": "bbb", "duration": "bientôt"})

    assert "« bientôt »" in response.context["form"].errors["duration"][0]
    assert response.context["form"]["url"].value() == PLAYBACK
    assert Recording.objects.count() == 0


def test_pasting_an_agenda_previews_matches_and_lists_lines_not_understood(people, client):
    _recording(people)
    session(people.days[0], "Ouverture", start=(9, 30), end=(9, 40))
    vote = session(people.days[0], "Vote sur les améliorations", start=(10, 0), end=(11, 0))
    atelier = workshop(people.days[0], "Atelier 1 : Socle personnes morales")
    client.force_login(people.staff)
    day = people.days[0].date.isoformat()
    url = f"/rencontres/{people.meeting.slug}/enregistrements/{day}/chapitres/"

    preview = client.post(url, {"agenda": AGENDA, "preview": ""})

    lines = preview.context["preview"]
    assert [(c.timecode, c.session) for c in lines.chapters] == [
        ("1min22", lines.chapters[0].session),
        ("1h47min43", vote),
        ("3h06min30", atelier),
    ]
    assert [(u.line_number, u.reason) for u in lines.unparsed] == [
        (3, "no_timecode"),
        (4, "invalid_timecode"),
    ]
    html = preview.content.decode()
    assert "Ligne 3" in html and "Pause café" in html and "Ligne 4" in html
    assert Chapter.objects.count() == 0

    saved = client.post(url, {"agenda": AGENDA, "save": ""})

    assert saved.status_code == 302
    assert list(Chapter.objects.values_list("seconds", "session__title")) == [
        (82, "Ouverture"),
        (6463, "Vote sur les améliorations"),
        (11190, "Atelier 1 : Socle personnes morales"),
    ]


def test_two_lines_at_the_same_start_keep_the_one_matched_to_a_session(people):
    recording = _recording(people)
    group = session(people.days[0], "Gestion des compétences autour de Publik")

    preview = services.preview_agenda(
        recording=recording,
        text="Retours des groupes (début à 3h51min10)\n"
        "Gestion des compétences autour de Publik (début à 3h51min10)\n",
    )

    assert [(c.title, c.session) for c in preview.chapters] == [
        ("Gestion des compétences autour de Publik", group)
    ]
    assert [d.line_number for d in preview.duplicates] == [1]


def test_saving_chapters_is_refused_to_others(people):
    recording = _recording(people)
    for user in (people.other_referent, people.person):
        with pytest.raises(DomainError) as error:
            services.save_chapters(recording=recording, actor=user, text=AGENDA)
        assert error.value.code == "forbidden"


@pytest.mark.parametrize(
    ("provider", "url", "expected"),
    [
        ("bbb", PLAYBACK, PLAYBACK + "?t=1h47m43s"),
        (
            "peertube",
            "https://tube.example.test/w/abc",
            "https://tube.example.test/w/abc?start=1h47m43s",
        ),
        (
            "youtube",
            "https://www.youtube.com/watch?v=abc",
            "https://www.youtube.com/watch?v=abc&t=6463",
        ),
        (
            "video",
            "https://media.example.test/jour1.mp4",
            "https://media.example.test/jour1.mp4#t=6463",
        ),
    ],
)
def test_chapter_deep_links_per_provider_on_the_archive(people, client, provider, url, expected):
    recording = _recording(people, provider=provider, url=url)
    services.save_chapters(recording=recording, actor=people.staff, text="Vote (début à 1h47min43)")
    people.meeting.status = MeetingStatus.HELD
    people.meeting.save()

    response = client.get(f"/rencontres/{people.meeting.slug}/archive/")

    assert Chapter.objects.get().link == expected
    assert f'href="{expected.replace("&", "&amp;")}"' in response.content.decode()


def test_webvtt_export_of_a_day(people, client):
    recording = _recording(people)
    services.save_chapters(
        recording=recording, actor=people.staff, text="Ouverture (1min22)\nVote (1h47min43)"
    )

    response = client.get(
        f"/rencontres/{people.meeting.slug}/enregistrements/{people.days[0].date.isoformat()}.vtt"
    )

    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert response.content.decode() == (
        "WEBVTT\n\n00:01:22.000 --> 01:47:43.000\nOuverture\n\n"
        "01:47:43.000 --> 02:47:43.000\nVote\n"
    )


def _pdf_bytes():
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(100, 700, "Diapositives")
    pdf.save()
    return buffer.getvalue()


def test_staff_upload_slides_checked_by_content_and_download_them(people, client):
    plenary = session(people.days[0], "Roadmap")
    client.force_login(people.host_referent)
    url = f"/rencontres/{people.meeting.slug}/programme/seances/{plenary.pk}/documents/"

    fake = client.post(
        url,
        {
            "title": "Pas un PDF",
            "file": SimpleUploadedFile("slides.pdf", b"MZ executable", "application/pdf"),
            "visibility": "public",
        },
    )
    real = client.post(
        url,
        {
            "title": "Support roadmap",
            "file": SimpleUploadedFile("roadmap.pdf", _pdf_bytes(), "application/pdf"),
            "visibility": "members",
        },
    )

    assert (
        "Ce type de fichier n’est pas accepté" in str(fake.context["form"].errors["file"])
        or (fake.context["form"].errors["file"])
    )
    assert fake.context["form"]["title"].value() == "Pas un PDF"
    assert real.status_code == 302
    document = Document.objects.get()
    assert (document.mimetype, document.visibility) == ("application/pdf", "members")
    download = client.get(f"/rencontres/{people.meeting.slug}/documents/{document.pk}/")
    assert download["Content-Type"] == "application/pdf"
    assert pypdf.PdfReader(io.BytesIO(b"".join(download.streaming_content))).pages


def test_slides_over_the_size_limit_are_refused(people, client, settings):
    settings.SLIDES_MAX_SIZE = 100
    plenary = session(people.days[0], "Roadmap")
    client.force_login(people.staff)

    response = client.post(
        f"/rencontres/{people.meeting.slug}/programme/seances/{plenary.pk}/documents/",
        {
            "title": "Trop gros",
            "file": SimpleUploadedFile("roadmap.pdf", _pdf_bytes(), "application/pdf"),
            "visibility": "public",
        },
    )

    assert response.context["form"].errors["file"]
    assert Document.objects.count() == 0


def test_members_only_documents_are_hidden_from_visitors(people, client):
    plenary = session(people.days[0], "Roadmap")
    public = services.add_document(
        session=plenary,
        actor=people.staff,
        title="Public",
        url="https://x.test/a.pdf",
        visibility="public",
    )
    private = services.add_document(
        session=plenary,
        actor=people.staff,
        title="Membres",
        url="https://x.test/b.pdf",
        visibility="members",
    )
    base = f"/rencontres/{people.meeting.slug}/documents/"

    assert client.get(f"{base}{public.pk}/")["Location"] == "https://x.test/a.pdf"
    assert client.get(f"{base}{private.pk}/")["Location"].startswith("/connexion/")
    client.force_login(people.other_referent)
    assert client.get(f"{base}{private.pk}/")["Location"] == "https://x.test/b.pdf"


def test_adding_documents_is_refused_to_others(people, client):
    plenary = session(people.days[0], "Roadmap")
    url = f"/rencontres/{people.meeting.slug}/programme/seances/{plenary.pk}/documents/"
    for user in (people.other_referent, people.person):
        client.force_login(user)
        assert client.get(url).status_code == 403
        with pytest.raises(DomainError):
            services.add_document(
                session=plenary, actor=user, title="x", url="https://x.test", visibility="public"
            )


def _archive_data(people, n):
    people.meeting.status = MeetingStatus.OPEN
    people.meeting.save()
    for i in range(n):
        plenary = session(
            people.days[i % 2], f"Séance {people.meeting.pk}-{i}", start=(8 + i, 0), end=(8 + i, 30)
        )
        services.add_document(
            session=plenary,
            actor=people.staff,
            title=f"Doc {i}",
            url=f"https://x.test/{i}.pdf",
            visibility="public" if i % 2 else "members",
        )
    for day in people.days:
        recording = services.save_recording(
            day=day, actor=people.staff, url=PLAYBACK, provider="bbb"
        )
        services.save_chapters(
            recording=recording,
            actor=people.staff,
            text="\n".join(f"Chapitre {i} ({i + 1}min)" for i in range(n)),
        )
    for registration in register_many(people.meeting, people.days, n):
        services.check_in(day=people.days[0], actor=people.staff, registration=registration)
    people.meeting.status = MeetingStatus.HELD
    people.meeting.save()


def test_archive_page_makes_the_same_number_of_queries_with_more_data(people, client, meeting_day):
    people.meeting.status = MeetingStatus.HELD
    people.meeting.save()
    _archive_data(people, 2)
    url = f"/rencontres/{people.meeting.slug}/archive/"
    client.get(url)
    reset_queries()
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    few_count = len(few)
    _archive_data(people, 6)
    reset_queries()
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == few_count
    assert response.context["days"][0].numbers["present"] == 8


def test_archive_list_shows_past_meetings_only_and_is_not_a_meeting_slug(people, client):
    people.meeting.status = MeetingStatus.HELD
    people.meeting.save()
    from tests.meetings.factories import MeetingFactory

    upcoming = MeetingFactory(title="À venir")

    response = client.get("/rencontres/archives/")

    assert response.status_code == 200
    assert list(response.context["meetings"]) == [people.meeting]
    assert upcoming.title not in response.content.decode()
    assert client.get(f"/rencontres/{upcoming.slug}/archive/").status_code == 404


def test_the_chapter_matcher_ignores_accents_and_case(people):
    from tests.meetings.factories import session

    intro = session(people.days[0], "Introduction à Publik : les modules et leurs noms")
    recording = _recording(people)

    preview = services.preview_agenda(
        recording=recording,
        text="INTRODUCTION A PUBLIK : LES MODULES ET LEURS NOMS (début à 12min)\n",
    )

    assert [line.session for line in preview.chapters] == [intro]


def test_the_archive_of_a_held_meeting_is_public(people, client):
    from cercle.onsite.permissions import can_see_archive

    people.meeting.status = MeetingStatus.HELD
    people.meeting.save()

    assert client.get(f"/rencontres/{people.meeting.slug}/archive/").status_code == 200
    assert can_see_archive(people.person, people.meeting)


def test_the_archive_of_a_meeting_not_yet_held_is_not_found(people, client):
    from cercle.onsite.permissions import can_see_archive

    client.force_login(people.staff)

    assert client.get(f"/rencontres/{people.meeting.slug}/archive/").status_code == 404
    assert not can_see_archive(people.staff, people.meeting)
