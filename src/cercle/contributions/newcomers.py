"""Which organisations count as new members, whose proposals the committee reads first.

An organisation is new when it joined the club less than ``CONTRIBUTIONS_NEW_MEMBER_DAYS``
days ago (default 365), or when it attended at most ``CONTRIBUTIONS_NEW_MEMBER_MEETINGS``
earlier meetings (default 1); both come from ``CERCLE_*`` environment variables. Attending a
meeting means having had at least one registration not cancelled for a meeting of a lower
edition that has been held.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from cercle.meetings.enums import MeetingStatus
from cercle.meetings.models import Registration


def new_member_days() -> int:
    return settings.CONTRIBUTIONS_NEW_MEMBER_DAYS


def new_member_meetings() -> int:
    return settings.CONTRIBUTIONS_NEW_MEMBER_MEETINGS


def meetings_attended(organisation, meeting) -> int:
    return (
        Registration.objects.filter(
            organisation=organisation,
            cancelled_at__isnull=True,
            meeting__edition__lt=meeting.edition,
            meeting__status__in=[MeetingStatus.HELD, MeetingStatus.ARCHIVED],
        )
        .values("meeting")
        .distinct()
        .count()
    )


def is_new_member(organisation, meeting, *, today=None) -> bool:
    today = today or timezone.localdate()
    joined = organisation.member_since
    if joined is not None and joined > today - timedelta(days=new_member_days()):
        return True
    return meetings_attended(organisation, meeting) <= new_member_meetings()
