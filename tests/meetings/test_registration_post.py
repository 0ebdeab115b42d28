"""What submitting the registration form costs, and what a refused form still shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cercle.core.errors import DomainError
from cercle.meetings import services
from cercle.meetings.enums import Attendance, SeatStatus
from cercle.meetings.models import Registration, WorkshopSeat
from cercle.organisations.models import Membership
from tests.factories import OrganisationFactory, agent_of
from tests.meetings.factories import choices, form_data, register, two_day_meeting, workshop

pytestmark = pytest.mark.django_db

ON = Attendance.ON_SITE


def url(meeting):
    return reverse("meetings:register", kwargs={"slug": meeting.slug})


def _submit(client, meeting, days, workshops):
    organisation = OrganisationFactory()
    person = agent_of(organisation)
    client.force_login(person)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url(meeting), form_data(organisation, days, workshops=workshops))
    assert response.status_code == 302
    return [query["sql"] for query in queries]


def test_a_registration_costs_the_same_queries_however_many_came_before(client):
    meeting, days = two_day_meeting()
    first = workshop(days[0], "Atelier A", capacity=2)
    second = workshop(days[1], "Atelier B", capacity=2)
    alone = _submit(client, meeting, days, [first, second])

    for _ in range(4):
        organisation = OrganisationFactory()
        register(meeting, agent_of(organisation), organisation, days, workshops=[first, second])
    crowded = _submit(client, meeting, days, [first, second])

    assert len(crowded) == len(alone)
    # The seats left are shown on the form, not counted for a form that is not shown again:
    # the only counts are the two workshops' own, under the meeting's lock.
    counts = [sql for sql in crowded if "COUNT(" in sql.upper()]
    assert len(counts) == 2
    assert all("GROUP BY" not in sql.upper() for sql in counts)


def test_a_refused_form_still_shows_the_seats_left(client):
    meeting, days = two_day_meeting()
    full = workshop(days[0], "Atelier complet", capacity=1)
    other = workshop(days[0], "Atelier en même temps", capacity=3)
    taken = OrganisationFactory()
    register(meeting, agent_of(taken), taken, days, workshops=[full])
    organisation = OrganisationFactory()
    client.force_login(agent_of(organisation))

    # Refused by the service (the two workshops overlap)...
    refused = client.post(url(meeting), form_data(organisation, days, workshops=[full, other]))
    # ...and by the form (no image-rights answer).
    invalid = client.post(url(meeting), form_data(organisation, days, consent=None))

    for response in (refused, invalid):
        assert response.status_code == 200
        assert "complet : liste d’attente" in response.text
        assert "3 places restantes" in response.text
    assert "ont lieu en même temps" in refused.text
    assert WorkshopSeat.objects.filter(status=SeatStatus.CONFIRMED).count() == 1


def test_memberships_the_page_has_read_are_checked_without_reading_them_again():
    meeting, days = two_day_meeting()
    organisation, other = OrganisationFactory(), OrganisationFactory()
    person, someone = agent_of(organisation), agent_of(other)
    mine = list(Membership.objects.filter(user=person))
    theirs = list(Membership.objects.filter(user=someone))

    for organisation_asked, memberships in ((other, mine), (other, theirs)):
        with pytest.raises(DomainError) as error:
            services.register(
                meeting=meeting,
                person=person,
                choices=choices(organisation_asked, days),
                memberships=memberships,
            )
        assert error.value.code == "not_your_organisation"
    assert not Registration.objects.exists()

    with CaptureQueriesContext(connection) as queries:
        services.register(
            meeting=meeting, person=person, choices=choices(organisation, days), memberships=mine
        )
    assert not [q for q in queries if "organisations_membership" in q["sql"]]
    assert Registration.objects.get().organisation == organisation


def test_workshop_labels_read_when_shown_are_still_escaped(client):
    meeting, days = two_day_meeting()
    workshop(days[0], "<b>Atelier</b> & co", capacity=2)
    organisation = OrganisationFactory()
    client.force_login(agent_of(organisation))

    for response in (
        client.get(url(meeting)),
        client.post(url(meeting), form_data(organisation, days, consent=None)),
    ):
        assert "&lt;b&gt;Atelier&lt;/b&gt; &amp; co" in response.text
        assert "<b>Atelier</b>" not in response.text
        assert "2 places restantes" in response.text
