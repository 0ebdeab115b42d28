import pytest

from cercle.meetings.enums import Attendance
from cercle.questions.models import Moderation
from tests.factories import OrganisationFactory, UserFactory, agent_of
from tests.meetings.factories import register, session, two_day_meeting


@pytest.fixture
def meeting_days(db):
    return two_day_meeting()


@pytest.fixture
def plenary(meeting_days):
    return session(meeting_days[1][0], "Plénière d'ouverture")


@pytest.fixture
def city(db):
    return OrganisationFactory(name="Ville de Villejuif")


@pytest.fixture
def attendee(meeting_days, city):
    """Registers a new person on site (or `mode`) on the first day and returns them."""
    meeting, days = meeting_days

    def make(mode=Attendance.ON_SITE, **kwargs):
        person = agent_of(city, **kwargs)
        register(meeting, person, city, days, modes=[mode, Attendance.ABSENT])
        return person

    return make


@pytest.fixture
def moderator(plenary):
    person = UserFactory(email="moderatrice@example.test")
    Moderation.objects.create(session=plenary).moderators.add(person)
    return person


def url(session, name="ask", *extra):
    from django.urls import reverse

    return reverse(f"questions:{name}", args=[session.meeting.slug, session.pk, *extra])


from tests.onsite.conftest import clock  # noqa: E402, F401 - the onsite clock, for the room screen tests
