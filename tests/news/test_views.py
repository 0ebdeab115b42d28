from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cercle.news.enums import AnnouncementStatus
from cercle.news.models import Announcement, DigestPreference
from tests.factories import agent_of, referent_of
from tests.news.factories import announcement

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE_TITLE = "Vote <script>alert('t')</script> & =cmd|' /C calc'!A0\r\nX-Injected: 1"
HOSTILE_BODY = "Ligne 1\r\n\r\n<script>alert('b')</script> <img src=x onerror=alert(1)> ]]> &"


def staff_pages(news):
    return [
        reverse("news:create"),
        reverse("news:edit", args=[news.pk]),
    ]


def staff_posts(news):
    return [
        (reverse("news:create"), {"title": "Piratée", "body": "x"}),
        (reverse("news:edit", args=[news.pk]), {"title": "Piratée", "body": "x"}),
        (reverse("news:publish", args=[news.pk]), {}),
        (reverse("news:unpublish", args=[news.pk]), {}),
    ]


def test_anyone_reads_published_news_and_the_feed(client):
    news = announcement(title="Le programme est publié")

    for url in (reverse("news:list"), news.get_absolute_url(), reverse("news:feed")):
        response = client.get(url)
        assert response.status_code == 200
        assert "Le programme est publié" in response.content.decode()


def test_drafts_are_hidden_from_everyone_but_staff(client, staff, organisation):
    draft = announcement(title="Brouillon secret", published=False)

    for person in (None, referent_of(organisation)):
        if person is not None:
            client.force_login(person)
        assert client.get(draft.get_absolute_url()).status_code == 404
        assert "Brouillon secret" not in client.get(reverse("news:list")).content.decode()
        assert "Brouillon secret" not in client.get(reverse("news:feed")).content.decode()
    client.force_login(staff)
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert "Brouillon secret" in client.get(reverse("news:list")).content.decode()


def test_staff_write_edit_and_publish(client, staff):
    client.force_login(staff)

    response = client.post(reverse("news:create"), {"title": "Hôte choisi", "body": "**Nancy**"})
    news = Announcement.objects.get()
    assert response.status_code == 302
    assert (news.status, news.author, news.body_html) == (
        AnnouncementStatus.DRAFT,
        staff,
        "<p><strong>Nancy</strong></p>",
    )
    client.post(reverse("news:edit", args=[news.pk]), {"title": "Hôte choisi", "body": "Metz"})
    client.post(reverse("news:publish", args=[news.pk]))
    news.refresh_from_db()
    assert news.is_published and news.body == "Metz"
    client.post(reverse("news:unpublish", args=[news.pk]))
    news.refresh_from_db()
    assert news.status == AnnouncementStatus.DRAFT


def test_an_empty_title_is_a_form_error(client, staff):
    client.force_login(staff)

    response = client.post(reverse("news:create"), {"title": "", "body": "x"})

    assert response.status_code == 200
    assert response.context["form"].errors["title"]


@pytest.mark.parametrize("who", ["anonymous", "agent", "referent"])
def test_others_cannot_write_or_publish(client, who, organisation):
    news = announcement(title="Originale", published=False)
    if who == "agent":
        client.force_login(agent_of(organisation))
    elif who == "referent":
        client.force_login(referent_of(organisation))
    expected = 302 if who == "anonymous" else 403

    for url in staff_pages(news):
        assert client.get(url).status_code == expected, url
    for url, data in staff_posts(news):
        assert client.post(url, data).status_code == expected, url

    news.refresh_from_db()
    assert (news.title, news.status) == ("Originale", AnnouncementStatus.DRAFT)
    assert Announcement.objects.count() == 1


def test_bad_ids_are_not_found(client, staff):
    client.force_login(staff)
    for url in ("/actualites/999999/", "/actualites/999999/modifier/"):
        assert client.get(url).status_code == 404
    assert client.post("/actualites/999999/publier/").status_code == 404
    assert client.get("/actualites/abc/").status_code == 404
    assert client.get(reverse("news:list") + "?page=zzz").status_code == 200


def test_the_feed_is_valid_atom_and_keeps_hostile_text_as_text(client):
    announcement(title=HOSTILE_TITLE, body=HOSTILE_BODY)

    response = client.get(reverse("news:feed"))

    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own response
    [entry] = root.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == HOSTILE_TITLE.replace("\r\n", "\n")
    summary = entry.find(f"{ATOM}summary").text
    assert "<script" not in summary and "onerror" not in summary
    assert "Ligne 1" in summary
    assert b"<script" not in response.content


def test_the_pages_escape_hostile_text(client):
    news = announcement(title=HOSTILE_TITLE, body=HOSTILE_BODY)

    for url in (reverse("news:list"), news.get_absolute_url(), reverse("site:home")):
        page = client.get(url).content.decode()
        assert "<script>alert" not in page, url
        assert "onerror" not in page, url


def test_the_list_costs_the_same_queries_however_many_announcements(client, staff):
    client.force_login(staff)
    announcement(title="Une")
    announcement(title="Brouillon", published=False)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("news:list"))
    for n in range(5):
        announcement(title=f"Publiée {n}")
        announcement(title=f"Brouillon {n}", published=False)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("news:list"))

    assert len(many) == len(one)


def test_the_home_page_shows_the_latest_news(client):
    announcement(title="Ancienne", days_ago=30)
    for n in range(3):
        announcement(title=f"Récente {n}", days_ago=n)
    announcement(title="Pas encore publiée", published=False)

    page = client.get(reverse("site:home")).content.decode()

    assert "Récente 0" in page and "Récente 2" in page
    assert "Ancienne" not in page and "Pas encore publiée" not in page


def test_a_person_chooses_the_weekly_digest_from_the_profile(client, organisation):
    person = agent_of(organisation)
    client.force_login(person)

    profile = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("news:preferences") in profile
    assert client.get(reverse("news:preferences")).status_code == 200
    client.post(reverse("news:preferences"), {"weekly_digest": "on"})
    preference = DigestPreference.objects.get(user=person)
    assert preference.weekly_digest and preference.subscribed_at is not None
    client.post(reverse("news:preferences"), {})
    preference.refresh_from_db()
    assert not preference.weekly_digest


def test_the_digest_choice_needs_signing_in(client):
    response = client.post(reverse("news:preferences"), {"weekly_digest": "on"})

    assert response.status_code == 302
    assert not DigestPreference.objects.exists()
