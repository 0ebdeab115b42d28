"""Every cached page shows a write that concerns it on the very next visit.

The pages keep their slow parts in cercle.core.pagecache; here the cache is on (as in
production) and each write is committed, so a stale fragment would show.
"""

from datetime import date

from django.urls import reverse

from cercle.funding.enums import Label
from cercle.funding.models import RoadmapItem
from cercle.meetings.enums import MeetingStatus
from cercle.onsite.models import Chapter, Recording
from cercle.organisations.models import Organisation
from cercle.requests import services as requests
from cercle.requests.models import ImprovementRequest
from tests.factories import OrganisationFactory, referent_of
from tests.funding.factories import costed_item
from tests.meetings.factories import MeetingFactory, add_days, session
from tests.requests.factories import filed


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_home_shows_a_new_request_and_a_new_member(page_cache, client):
    filed(title="Premier titre")
    before = page(client, "/")
    assert "Premier titre" in before

    filed(title="Second titre")
    Organisation.objects.update(is_active=False)

    after = page(client, "/")
    assert "Second titre" in after
    assert "0 organisation membre" in after


def test_request_list_shows_a_new_request_and_a_new_endorsement(page_cache, client):
    improvement = filed(title="Relance automatique")
    before = page(client, "/demandes/")
    assert "Export comptable" not in before
    organisation = OrganisationFactory()
    requests.endorse(
        improvement=improvement,
        organisation=organisation,
        person=referent_of(organisation),
        use_case="Chez nous aussi.",
    )
    filed(title="Export comptable")

    after = page(client, "/demandes/")
    assert "Export comptable" in after
    assert "2 organisations appuient" not in before
    assert "2 organisations appuient" in after  # the filing organisation and the new one


def test_request_list_filtered_follows_a_status_change(page_cache, client):
    improvement = filed(title="Relance automatique")
    assert "Relance automatique" not in page(client, "/demandes/", status="needs_info")
    ImprovementRequest.objects.filter(pk=improvement.pk).update(status="needs_info")
    assert "Relance automatique" in page(client, "/demandes/", status="needs_info")


def test_roadmap_shows_a_new_and_an_edited_item(page_cache, client):
    RoadmapItem.objects.create(title="Signature", label=Label.MUTUALISED, year=2027, quarter=1)
    assert "Signature" in page(client, "/feuille-de-route/")

    RoadmapItem.objects.update(title="Signature électronique")
    RoadmapItem.objects.create(title="Paiement", label=Label.VENDOR, year=2027, quarter=2)

    after = page(client, "/feuille-de-route/")
    assert "Signature électronique" in after
    assert "Paiement" in after


def test_funding_list_shows_a_new_costed_item(page_cache, client):
    empty = page(client, "/financement/")
    item = costed_item()
    after = page(client, "/financement/")
    assert item.request.reference not in empty
    assert item.request.reference in after


def test_directory_and_organisation_page_show_a_renamed_organisation(page_cache, client):
    organisation = OrganisationFactory(name="Ville de Gentilly")
    assert "Ville de Gentilly" in page(client, "/organisations/")
    url = organisation.get_absolute_url()
    assert "Référents" not in page(client, url)

    Organisation.objects.filter(pk=organisation.pk).update(name="Ville de Gentilly (94)")
    referent_of(organisation)

    assert "Ville de Gentilly (94)" in page(client, "/organisations/")
    assert "Référents" in page(client, url)


def test_organisation_page_shows_a_request_it_just_filed(page_cache, client):
    organisation = OrganisationFactory()
    url = organisation.get_absolute_url()
    page(client, url)
    filed(organisation=organisation, title="Prise de rendez-vous")
    assert "Prise de rendez-vous" in page(client, url)


def test_archive_shows_a_new_recording_chapter_and_session(page_cache, client):
    meeting = MeetingFactory(status=MeetingStatus.HELD)
    [day] = add_days(meeting, date(2025, 6, 3))
    session(day, "Ouverture")
    url = reverse("onsite:archive", args=[meeting.slug])
    assert "Ouverture" in page(client, url)

    recording = Recording.objects.create(
        day=day, url="https://video.example.test/w/1", provider="peertube"
    )
    Chapter.objects.create(recording=recording, seconds=90, title="Mot d'accueil")
    session(day, "Atelier budget", start=(14, 0), end=(15, 0))

    after = page(client, url)
    assert "Mot d&#x27;accueil" in after or "Mot d'accueil" in after
    assert "Atelier budget" in after


def test_what_staff_see_on_a_cached_page_never_reaches_a_visitor(page_cache, client, staff):
    RoadmapItem.objects.create(title="Signature", label=Label.MUTUALISED, year=2027, quarter=1)
    client.force_login(staff)
    item = RoadmapItem.objects.get()
    edit = reverse("funding:roadmap_edit", args=[item.pk])
    assert edit in page(client, "/feuille-de-route/")
    client.logout()
    visitor = page(client, "/feuille-de-route/")
    assert edit not in visitor
    assert "Signature" in visitor


def test_a_visitor_sees_a_new_comment_and_endorsement_on_a_request_page(page_cache, client):
    improvement = filed(title="Relance automatique")
    url = improvement.get_absolute_url()
    before = page(client, url)
    organisation = OrganisationFactory(name="Ville de Gentilly")
    referent = referent_of(organisation)
    requests.endorse(
        improvement=improvement,
        organisation=organisation,
        person=referent,
        use_case="Chez nous aussi, chaque semaine.",
    )
    requests.add_comment(improvement=improvement, author=referent, body="Même besoin ici.")

    after = page(client, url)
    assert "Ville de Gentilly" not in before
    assert "Ville de Gentilly" in after and "Même besoin ici." in after


def test_the_cached_request_page_holds_no_form_and_people_still_get_theirs(page_cache, client):
    improvement = filed(title="Relance automatique")
    url = improvement.get_absolute_url()
    visitor = page(client, url)
    assert "csrfmiddlewaretoken" not in visitor.split("<main")[1]

    organisation = OrganisationFactory()
    client.force_login(referent_of(organisation))
    member = page(client, url)
    assert "csrfmiddlewaretoken" in member.split("<main")[1]


def test_vote_pages_follow_a_new_campaign_and_its_ballots(page_cache, client):
    from cercle.votes import services as votes
    from cercle.votes.enums import VotingMethod
    from tests.votes.factories import eligible, open_campaign

    a = eligible(title="Signature électronique")
    assert "Vote du printemps" not in page(client, "/votes/")
    campaign = open_campaign(
        requests=[a],
        method=VotingMethod.APPROVAL,
        seats=1,
        title="Vote du printemps",
        results_visibility="live",
    )
    assert "Vote du printemps" in page(client, "/votes/")
    results = reverse("votes:results", args=[campaign.pk])
    projection = reverse("votes:projection", args=[campaign.pk])
    before = page(client, results)
    projected = page(client, projection)

    organisation = OrganisationFactory()
    votes.cast_ballot(
        campaign=campaign,
        organisation=organisation,
        person=referent_of(organisation),
        lines={a.reference: 1},
    )

    after = page(client, results)
    assert before != after
    assert page(client, projection) != projected


def test_calendar_shows_a_new_milestone(page_cache, client):
    from cercle.funding.models import Milestone

    assert "Comité de pilotage" not in page(client, "/calendrier/", annee="2027")
    Milestone.objects.create(title="Comité de pilotage", starts_on=date(2027, 3, 2))
    assert "Comité de pilotage" in page(client, "/calendrier/", annee="2027")


def test_the_api_request_list_shows_a_new_request_and_its_endorsement(page_cache, client):
    improvement = filed(title="Relance automatique")
    before = client.get("/api/v1/requests/").json()
    organisation = OrganisationFactory()
    requests.endorse(
        improvement=improvement,
        organisation=organisation,
        person=referent_of(organisation),
        use_case="Chez nous aussi.",
    )
    filed(title="Export comptable")

    after = client.get("/api/v1/requests/").json()
    assert before["count"] == 1 and after["count"] == 2
    assert "Export comptable" in str(after)
    assert str(after) != str(before)
