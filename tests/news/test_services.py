from datetime import timedelta

import pytest
from django.utils import timezone

from cercle.core.errors import DomainError
from cercle.news import services
from cercle.news.enums import AnnouncementStatus, SourceKind
from cercle.news.models import Announcement
from tests.factories import UserFactory
from tests.news.factories import announcement

pytestmark = pytest.mark.django_db


def test_markdown_is_rendered_and_sanitised_when_saved():
    news = announcement(body="**Gras** <script>alert(1)</script> [lien](javascript:alert(1))")

    assert "<strong>Gras</strong>" in news.body_html
    assert "<script" not in news.body_html
    assert "javascript:" not in news.body_html


def test_staff_write_and_publish(staff):
    news = services.save_announcement(
        announcement=Announcement(title="Titre", body="Texte"), actor=staff
    )
    assert (news.status, news.author) == (AnnouncementStatus.DRAFT, staff)

    services.publish(announcement=news, actor=staff)

    news.refresh_from_db()
    assert news.is_published and news.published_at is not None


def test_publishing_twice_is_refused(staff):
    news = announcement()

    with pytest.raises(DomainError) as refused:
        services.publish(announcement=news, actor=staff)

    assert refused.value.code == "already_published"


def test_members_may_not_write_or_publish(referent):
    news = announcement(published=False)
    for call in (
        lambda: services.save_announcement(announcement=Announcement(title="x"), actor=referent),
        lambda: services.publish(announcement=news, actor=referent),
        lambda: services.unpublish(announcement=news, actor=referent),
    ):
        with pytest.raises(DomainError) as refused:
            call()
        assert refused.value.code == "forbidden"
    news.refresh_from_db()
    assert news.status == AnnouncementStatus.DRAFT


def test_a_draft_from_an_event_is_made_once():
    first = services.draft_from_event(
        SourceKind.HOST_CHOSEN, "Hôte choisi", "Montpellier accueille.", link="/rencontres/14/"
    )
    second = services.draft_from_event(
        SourceKind.HOST_CHOSEN, "Autre titre", "Autre texte", link="/rencontres/14/"
    )
    other_kind = services.draft_from_event(
        SourceKind.GUIDE_UPDATED, "Guide", "Mis à jour", link="/rencontres/14/"
    )

    assert first.pk == second.pk != other_kind.pk
    assert (second.title, second.status) == ("Hôte choisi", AnnouncementStatus.DRAFT)
    assert Announcement.objects.count() == 2


@pytest.mark.parametrize("kind", ["manual", "unknown"])
def test_a_draft_needs_a_known_event_kind(kind):
    with pytest.raises(ValueError):
        services.draft_from_event(kind, "Titre", "Texte", link="/x/")


def opted_in(days_ago=8, **kwargs):
    person = UserFactory(**kwargs)
    preference = services.set_digest(
        user=person, weekly_digest=True, now=timezone.now() - timedelta(days=days_ago)
    )
    return person, preference


def outbox_for(person):
    from cercle.outbox.models import Message

    return list(Message.objects.filter(to=person.email).order_by("pk"))


def test_the_digest_lists_only_news_published_since_opting_in():
    person, _pref = opted_in(days_ago=8)
    announcement(title="Avant l'inscription", days_ago=10)
    announcement(title="Nouvelle publiée", days_ago=2)
    announcement(title="Brouillon", published=False)

    assert services.send_weekly_digests() == 1

    [message] = outbox_for(person)
    assert "Nouvelle publiée" in message.body_text
    assert "Avant l'inscription" not in message.body_text
    assert "Brouillon" not in message.body_text


def test_the_next_digest_lists_only_what_is_new_since_the_last():
    person, _pref = opted_in(days_ago=20)
    announcement(title="Première nouvelle", days_ago=15)
    services.send_weekly_digests(now=timezone.now() - timedelta(days=10))
    announcement(title="Deuxième nouvelle", days_ago=1)

    services.send_weekly_digests()

    first, second = outbox_for(person)
    assert "Première nouvelle" in first.body_text
    assert "Première nouvelle" not in second.body_text and "Deuxième nouvelle" in second.body_text


def test_no_digest_without_news_and_never_twice_a_week():
    person, _pref = opted_in(days_ago=8)

    assert services.send_weekly_digests() == 0
    announcement(title="Publiée juste après", days_ago=0)
    assert services.send_weekly_digests() == 0
    assert outbox_for(person) == []
    assert services.send_weekly_digests(now=timezone.now() + timedelta(days=7, minutes=1)) == 1
    assert services.send_weekly_digests(now=timezone.now() + timedelta(days=8)) == 0


def test_no_digest_for_people_who_did_not_ask_or_opted_out():
    announcement(days_ago=1)
    UserFactory()
    person, _pref = opted_in(days_ago=8)
    services.set_digest(user=person, weekly_digest=False)

    assert services.send_weekly_digests() == 0


def test_a_new_subscriber_waits_a_week_for_the_first_digest():
    person, _pref = opted_in(days_ago=2)
    announcement(days_ago=1)

    assert services.send_weekly_digests() == 0
    assert services.send_weekly_digests(now=timezone.now() + timedelta(days=6)) == 1


def test_the_digest_is_written_in_the_persons_language():
    person, _pref = opted_in(days_ago=8, language="en")
    announcement(title="Hello", days_ago=1)

    services.send_weekly_digests()

    [message] = outbox_for(person)
    assert "Club news" in message.subject


def test_the_worker_runs_the_digest_job():
    from cercle.core import jobs

    assert "news.send_weekly_digests" in {job.name for job in jobs.registered()}
