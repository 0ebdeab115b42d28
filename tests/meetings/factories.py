from datetime import date, datetime, time

import factory

from cercle.meetings import services
from cercle.meetings.enums import Attendance, Experience, MeetingStatus, SessionKind
from cercle.meetings.models import PARIS, Meeting, MeetingDay, Session, Track
from tests.factories import OrganisationFactory


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    edition = factory.Sequence(lambda n: 100 + n)
    title = factory.LazyAttribute(lambda o: f"Rencontre n° {o.edition}")
    slug = factory.LazyAttribute(lambda o: f"rencontre-{o.edition}")
    host = factory.SubFactory(OrganisationFactory)
    venue = "Salle des fêtes"
    address = "1 place de la Mairie, 94800 Villejuif"
    online_url = "https://visio.example.test/club"
    status = MeetingStatus.OPEN


def add_days(meeting, *dates):
    return [MeetingDay.objects.create(meeting=meeting, date=d) for d in dates]


def two_day_meeting(**kwargs):
    """An open meeting in June 2099 with two days (Tuesday 2 and Wednesday 3 June 2099)."""
    meeting = MeetingFactory(**kwargs)
    days = add_days(meeting, date(2099, 6, 2), date(2099, 6, 3))
    return meeting, days


def at(day, hour, minute=0):
    return datetime.combine(day.date, time(hour, minute), tzinfo=PARIS)


def session(day, title="Plénière", *, start=(9, 30), end=(10, 30), **kwargs):
    kwargs.setdefault("kind", SessionKind.PLENARY)
    return Session.objects.create(
        meeting=day.meeting,
        day=day,
        title=title,
        starts_at=at(day, *start),
        ends_at=at(day, *end),
        **kwargs,
    )


def workshop(day, title="Atelier", *, capacity=10, start=(14, 0), end=(16, 0), **kwargs):
    return session(
        day,
        title,
        start=start,
        end=end,
        kind=SessionKind.WORKSHOP,
        capacity=capacity,
        **kwargs,
    )


def track(meeting, name, position=0):
    return Track.objects.create(meeting=meeting, name=name, position=position)


def choices(person_org, days, *, modes=None, workshops=(), consent=True, **kwargs):
    """Registration choices: on site every day unless `modes` says otherwise."""
    modes = modes or [Attendance.ON_SITE] * len(days)
    return services.Choices(
        organisation=person_org,
        days={day.pk: mode for day, mode in zip(days, modes, strict=True)},
        workshops=list(workshops),
        badge_name=kwargs.pop("badge_name", "Camille Martin"),
        badge_organisation=kwargs.pop("badge_organisation", person_org.name),
        experience=kwargs.pop("experience", Experience.NEWCOMER),
        image_consent=consent,
        **kwargs,
    )


def register(meeting, person, organisation, days, **kwargs):
    return services.register(
        meeting=meeting, person=person, choices=choices(organisation, days, **kwargs)
    )


def form_data(organisation, days, *, modes=None, workshops=(), consent="yes", **extra):
    """What a person submits on the registration page."""
    modes = modes or [Attendance.ON_SITE] * len(days)
    data = {
        "organisation": str(organisation.pk),
        "badge_name": "Camille Martin",
        "badge_organisation": organisation.name,
        "experience": Experience.NEWCOMER,
        "workshops": [str(w.pk) for w in workshops],
        "dietary_needs": "",
        "accessibility_needs": "",
        **{f"day_{day.pk}": mode for day, mode in zip(days, modes, strict=True)},
        **extra,
    }
    if consent is not None:
        data["image_consent"] = consent
    return data
