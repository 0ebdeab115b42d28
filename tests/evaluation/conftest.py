from datetime import datetime, time

import pytest

from cercle.evaluation import services
from cercle.meetings.enums import Attendance, Experience, SessionKind
from cercle.meetings.models import PARIS
from cercle.onsite.enums import CheckInMethod
from cercle.onsite.models import CheckIn, RemoteAttendance
from tests.factories import OrganisationFactory, StaffFactory, agent_of, referent_of
from tests.meetings.factories import at, register, session, two_day_meeting, workshop
from tests.onsite.conftest import Clock

# The meeting of the factories runs on 2 and 3 June 2099.
AFTER = datetime(2099, 6, 3, 17, 0, tzinfo=PARIS)
CLOSES = datetime(2099, 6, 20, 0, 0, tzinfo=PARIS)


class Club:
    """A two-day meeting, its organisers, a checked-in registrant and outsiders."""

    def __init__(self):
        self.host = OrganisationFactory(name="Ville de Villejuif")
        self.meeting, self.days = two_day_meeting(host=self.host)
        self.opening = session(self.days[0], "Plénière d'ouverture", room="Kiosque")
        self.lunch = session(
            self.days[0], "Déjeuner", kind=SessionKind.BREAK, start=(12, 0), end=(13, 0)
        )
        self.round_table = session(
            self.days[0], "Table ronde", room="Kiosque", start=(10, 30), end=(11, 30)
        )
        self.lab = workshop(self.days[0], "Atelier démarches", room="Salle 2")
        self.other_lab = workshop(
            self.days[0], "Atelier portail", room="Salle 3", start=(14, 0), end=(16, 0)
        )
        self.closing = session(self.days[1], "Clôture", room="Kiosque", start=(15, 0), end=(16, 0))
        self.staff = StaffFactory(email="staff@editeur.test")
        self.host_referent = referent_of(self.host)
        self.other_referent = referent_of(OrganisationFactory(name="Toulouse Métropole"))
        self.city = OrganisationFactory(name="Pays de Saint-Omer")
        self.person = agent_of(
            self.city, user__email="helene.leveille@example.test", user__display_name="Hélène L."
        )
        self.registration = register(
            self.meeting,
            self.person,
            self.city,
            self.days,
            workshops=[self.lab],
            badge_name="Hélène Léveillé",
        )
        check_in(self.registration, self.days[0])
        self.outsider = agent_of(self.city)


def check_in(registration, day):
    return CheckIn.objects.create(
        registration=registration,
        day=day,
        checked_in_at=at(day, 9),
        method=CheckInMethod.SCAN,
    )


def seen_online(registration, day):
    return RemoteAttendance.objects.create(
        registration=registration, day=day, imported_at=at(day, 18)
    )


def registrant(club, n, *, modes=None, online=False, experience=Experience.REGULAR):
    """Another person registered and checked in (or seen online) on the first day."""
    org = OrganisationFactory()
    person = agent_of(org, user__email=f"personne{n}@example.test")
    registration = register(
        club.meeting,
        person,
        org,
        club.days,
        modes=modes or [Attendance.ON_SITE, Attendance.ABSENT],
        badge_name=f"Nom Secret {n}",
        experience=experience,
    )
    (seen_online if online else check_in)(registration, club.days[0])
    return person


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(monkeypatch)
    clock.set(AFTER)
    return clock


@pytest.fixture
def club(db, clock):
    return Club()


def open_evaluation(club, **kwargs):
    return services.open_evaluation(
        meeting=club.meeting, actor=club.staff, closes_at=kwargs.pop("closes_at", CLOSES), **kwargs
    )


@pytest.fixture
def opened(club):
    return open_evaluation(club)


def url(club, name="answer", *args):
    from django.urls import reverse

    return reverse(f"evaluation:{name}", args=[club.meeting.slug, *args])


def answer(club, person, overall=4, **kwargs):
    return services.submit(meeting=club.meeting, person=person, overall=overall, **kwargs)


def moment(hour=10, day=10):
    return datetime.combine(datetime(2099, 6, day).date(), time(hour), tzinfo=PARIS)
