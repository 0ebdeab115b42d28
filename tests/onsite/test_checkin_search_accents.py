from datetime import date

from cercle.onsite import services
from tests.factories import OrganisationFactory, StaffFactory, UserFactory
from tests.meetings.factories import register, two_day_meeting


def test_search_ignores_accents_and_case(db):
    meeting, days = two_day_meeting()
    organisation = OrganisationFactory(name="Ville d'Évry")
    person = UserFactory(display_name="Hélène Léveillé")
    person.memberships.create(organisation=organisation, role="agent")
    register(meeting, person, organisation, days)
    found = services.search_registrations(day=days[0], actor=StaffFactory(), query="helene EVRY")
    assert [r.person for r in found] == [person]
    assert days[0].date == date(2099, 6, 2)
