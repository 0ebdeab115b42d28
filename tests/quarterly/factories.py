from datetime import datetime, timedelta

from django.utils import timezone

from cercle.meetings.models import PARIS
from cercle.organisations.enums import OrganisationKind
from cercle.quarterly import services
from cercle.requests.models import Endorsement, Support
from tests.factories import OrganisationFactory, StaffFactory, UserFactory


def vendor():
    return OrganisationFactory(kind=OrganisationKind.VENDOR, name="L'éditeur", slug="editeur")


def quarterly_session(*, starts_at=None, staff=None, hours=2, **kwargs):
    """A quarterly session (by default in 30 days, 14:00 Paris) created as staff do."""
    if not OrganisationFactory._meta.model.objects.filter(kind=OrganisationKind.VENDOR).exists():
        vendor()
    if starts_at is None:
        day = timezone.localdate() + timedelta(days=30)
        starts_at = datetime(day.year, day.month, day.day, 14, tzinfo=PARIS)
    return services.create_session(
        actor=staff or StaffFactory(),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        **kwargs,
    )


def endorse(improvement, *, at=None, count=1):
    for _ in range(count):
        endorsement = Endorsement.objects.create(
            request=improvement, organisation=OrganisationFactory(), use_case="Même besoin."
        )
        if at is not None:
            Endorsement.objects.filter(pk=endorsement.pk).update(created_at=at)


def plus_one(improvement, *, at=None, count=1):
    for _ in range(count):
        support = Support.objects.create(request=improvement, user=UserFactory())
        if at is not None:
            Support.objects.filter(pk=support.pk).update(created_at=at)
