import pytest

from cercle.meetings.enums import Attendance, Experience
from tests.factories import OrganisationFactory, StaffFactory, agent_of, referent_of
from tests.meetings.factories import register, two_day_meeting


class People:
    """A meeting with its organisers, registrants and outsiders."""

    def __init__(self):
        self.host = OrganisationFactory(name="Ville de Villejuif")
        self.meeting, self.days = two_day_meeting(host=self.host)
        self.staff = StaffFactory()
        self.host_referent = referent_of(self.host)
        self.other_org = OrganisationFactory(name="Toulouse Métropole")
        self.other_referent = referent_of(self.other_org)
        self.city = OrganisationFactory(name="Communauté d'agglomération du Pays de Saint-Omer")
        self.person = agent_of(self.city)
        self.registration = register(
            self.meeting,
            self.person,
            self.city,
            self.days,
            modes=[Attendance.ON_SITE, Attendance.REMOTE],
            badge_name="Hélène Léveillé",
            badge_organisation="Pays de Saint-Omer",
        )


@pytest.fixture
def people(db):
    return People()


def register_many(meeting, days, count, *, organisation=None, modes=None):
    registrations = []
    for n in range(count):
        org = organisation or OrganisationFactory()
        registrations.append(
            register(
                meeting,
                agent_of(org),
                org,
                days,
                modes=modes,
                badge_name=f"Personne {n}",
                experience=Experience.REGULAR,
            )
        )
    return registrations


class Clock:
    """The time the onsite rules read (cercle.onsite.clock); registration keeps the real one."""

    def __init__(self, monkeypatch):
        self.monkeypatch = monkeypatch

    def set(self, moment):
        from cercle.onsite import clock

        self.monkeypatch.setattr(clock, "now", lambda: moment)
        return moment


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def meeting_day(people, clock):
    """The first day of the meeting, 9:00 in Paris: check-in is open."""
    from tests.meetings.factories import at

    clock.set(at(people.days[0], 9))
    return people.days[0]
