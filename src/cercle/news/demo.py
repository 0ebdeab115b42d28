"""Published club news and one draft an event created for staff to review."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from cercle.meetings.models import Meeting
from cercle.news import services
from cercle.news.enums import AnnouncementStatus, SourceKind
from cercle.news.models import Announcement

PUBLISHED = [
    (
        "Les demandes retenues par le vote de printemps",
        "Le vote des collectivités a retenu **cinq demandes** : elles seront chiffrées "
        "à l'automne. Merci aux 40 organisations qui ont voté.",
        SourceKind.RESULTS_PUBLISHED,
        60,
    ),
    (
        "La prochaine rencontre accueillie par Montpellier",
        "La ville de Montpellier accueillera la prochaine rencontre du club.",
        SourceKind.HOST_CHOSEN,
        40,
    ),
    (
        "Le programme de la rencontre est en ligne",
        "Ateliers, retours d'expérience et plénière de vote : "
        "le programme est publié et les inscriptions sont ouvertes.",
        SourceKind.PROGRAMME_PUBLISHED,
        20,
    ),
    (
        "Le guide du club mis à jour",
        "Le guide explique désormais les sessions trimestrielles en ligne.",
        SourceKind.GUIDE_UPDATED,
        5,
    ),
]


def load(stdout) -> list[tuple[str, str]]:
    staff = get_user_model().objects.filter(is_staff=True).order_by("pk").first()
    now = timezone.now()
    for title, body, kind, days_ago in PUBLISHED:
        Announcement.objects.get_or_create(
            title=title,
            defaults={
                "body": body,
                "source_kind": kind,
                "status": AnnouncementStatus.PUBLISHED,
                "published_at": now - timedelta(days=days_ago),
                "author": staff,
            },
        )
    # The vote demo's closed campaign already drafted its results (news.receivers): one
    # draft made by an event; the programme's stands in when that demo is absent.
    drafts = Announcement.objects.filter(status=AnnouncementStatus.DRAFT)
    meeting = Meeting.objects.filter(remote_only=False).order_by("-edition").first()
    if meeting is not None and not drafts.exists():
        services.draft_from_event(
            SourceKind.PROGRAMME_PUBLISHED,
            f"Le programme de « {meeting.title} » est publié",
            "Le programme est en ligne et les inscriptions sont ouvertes.",
            link=meeting.get_absolute_url(),
        )
    stdout.write(f"  news: {Announcement.objects.count()} announcements\n")
    return []
