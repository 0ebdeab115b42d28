import pytest

from cercle.core.errors import DomainError
from cercle.meetings.enums import MeetingStatus
from cercle.meetings.models import Meeting
from tests.factories import OrganisationFactory, StaffFactory, UserFactory, agent_of, referent_of
from tests.meetings.factories import MeetingFactory, register, two_day_meeting

pytestmark = pytest.mark.django_db

MANAGER_PAGES = [
    "modifier/",
    "chiffres/",
    "inscriptions/",
    "inscriptions.csv",
    "programme/seances/nouvelle/",
]


@pytest.fixture
def setup():
    host = OrganisationFactory(name="Ville hôte")
    meeting, days = two_day_meeting(host=host)
    other = OrganisationFactory()
    registrant = agent_of(other)
    register(meeting, registrant, other, days, dietary_needs="Végétarien")
    return {
        "meeting": meeting,
        "staff": StaffFactory(),
        "host_referent": referent_of(host),
        "host_agent": agent_of(host),
        "other_referent": referent_of(other),
        "registrant": registrant,
        "someone": UserFactory(),
    }


@pytest.mark.parametrize("who", ["staff", "host_referent"])
@pytest.mark.parametrize("page", MANAGER_PAGES)
def test_organisers_reach_management_pages(client, setup, who, page):
    client.force_login(setup[who])

    response = client.get(f"/rencontres/{setup['meeting'].slug}/{page}")

    assert response.status_code == 200


@pytest.mark.parametrize("who", ["host_agent", "other_referent", "registrant", "someone"])
@pytest.mark.parametrize("page", MANAGER_PAGES)
def test_others_are_refused_management_pages(client, setup, who, page):
    client.force_login(setup[who])

    response = client.get(f"/rencontres/{setup['meeting'].slug}/{page}")

    assert response.status_code == 403


@pytest.mark.parametrize("page", MANAGER_PAGES)
def test_anonymous_is_sent_to_sign_in_for_management_pages(client, setup, page):
    response = client.get(f"/rencontres/{setup['meeting'].slug}/{page}")

    assert response.status_code == 302
    assert "/connexion/" in response.url


def test_needs_are_visible_to_organisers_only(client, setup):
    slug = setup["meeting"].slug
    client.force_login(setup["host_referent"])
    organiser_view = client.get(f"/rencontres/{slug}/inscriptions/").text
    client.force_login(setup["other_referent"])
    public_programme = client.get(f"/rencontres/{slug}/programme/").text

    assert "Végétarien" in organiser_view
    assert "Végétarien" not in public_programme


def test_host_referent_edits_the_meeting(client, setup):
    meeting = setup["meeting"]
    client.force_login(setup["host_referent"])
    data = {
        "edition": meeting.edition,
        "title": "Nouveau titre",
        "slug": meeting.slug,
        "status": MeetingStatus.OPEN,
        "venue": "Kiosque",
        "first_day": "2099-06-02",
        "last_day": "2099-06-03",
        "tracks": "Nouveaux utilisateurs\nExperts",
        "reminder_days": 3,
    }

    response = client.post(f"/rencontres/{meeting.slug}/modifier/", data)

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "Nouveau titre"
    assert list(meeting.tracks.values_list("name", flat=True)) == [
        "Nouveaux utilisateurs",
        "Experts",
    ]


def test_other_referent_cannot_post_meeting_edits(client, setup):
    meeting = setup["meeting"]
    client.force_login(setup["other_referent"])

    response = client.post(f"/rencontres/{meeting.slug}/modifier/", {"title": "Piraté"})

    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.title != "Piraté"


def test_only_staff_create_meetings(client, setup):
    host = OrganisationFactory()
    data = {
        "edition": 99,
        "title": "Rencontre 99",
        "slug": "rencontre-99",
        "host": host.pk,
        "status": MeetingStatus.DRAFT,
        "first_day": "2099-06-09",
        "last_day": "2099-06-10",
        "tracks": "",
        "reminder_days": 3,
    }
    client.force_login(setup["host_referent"])
    refused = client.post("/rencontres/nouvelle/", data)
    client.force_login(setup["staff"])
    created = client.post("/rencontres/nouvelle/", data)

    assert refused.status_code == 403
    assert created.status_code == 302
    assert Meeting.objects.get(slug="rencontre-99").days.count() == 2


def test_draft_meeting_is_hidden_from_the_public(client, setup):
    draft = MeetingFactory(status=MeetingStatus.DRAFT)

    anonymous = client.get(f"/rencontres/{draft.slug}/")
    listing = client.get("/rencontres/").text
    client.force_login(setup["staff"])
    staff_view = client.get(f"/rencontres/{draft.slug}/")

    assert anonymous.status_code == 404
    assert draft.title not in listing
    assert staff_view.status_code == 200


def test_registration_page_belongs_to_its_registrant(client, setup):
    slug = setup["meeting"].slug
    client.force_login(setup["registrant"])
    own = client.get(f"/rencontres/{slug}/mon-inscription/")
    client.force_login(setup["other_referent"])
    other = client.get(f"/rencontres/{slug}/mon-inscription/")

    assert own.status_code == 200
    assert other.status_code == 404


def test_only_the_registrant_changes_their_consent(client, setup):
    from cercle.meetings import services

    registration = setup["meeting"].registrations.get()

    with pytest.raises(DomainError) as error:
        services.set_image_consent(
            registration=registration, actor=setup["staff"], consent_given=False
        )

    assert error.value.code == "forbidden"


def test_organiser_may_cancel_someones_registration_but_others_may_not(setup):
    from cercle.meetings import services

    registration = setup["meeting"].registrations.get()
    with pytest.raises(DomainError) as error:
        services.cancel_registration(registration=registration, actor=setup["other_referent"])

    services.cancel_registration(registration=registration, actor=setup["host_referent"])

    assert error.value.code == "forbidden"
    registration.refresh_from_db()
    assert registration.cancelled_at is not None
