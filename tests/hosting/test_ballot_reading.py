"""The voters of a club vote read what they vote on: once the vote on a call is opened (and
afterwards), the référents of the active member organisations (the votes app's electorate)
read every candidacy on the ballot, its answers and its files; staff read everything; nobody
else reads another organisation's candidacy, before or after."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cercle.core.errors import DomainError
from cercle.hosting import permissions, services
from cercle.hosting.models import Candidacy, HostingCall
from cercle.organisations.enums import OrganisationKind
from cercle.votes.models import Campaign
from tests.factories import (
    OrganisationFactory,
    StaffFactory,
    UserFactory,
    agent_of,
    referent_of,
)
from tests.hosting.factories import (
    answers_for,
    candidacy,
    make_call,
    open_club_vote,
    pdf,
    vote_call,
    vote_data,
)
from tests.votes.factories import close_now

pytestmark = pytest.mark.django_db

PHASES = ["before", "set_up", "open", "closed"]
ROLES = ["anonymous", "staff", "own", "elector", "agent", "outsider", "vendor", "former"]
# Who reads the candidacy of Toulouse in each phase of the club vote.
READS = {
    "staff": set(PHASES),
    "own": set(PHASES),
    "elector": {"set_up", "open", "closed"},
}


def with_file(made):
    """Add a PDF to a candidacy, as its référent did while the call was open."""
    call = made.call
    closes, opens, now = call.closes_at, call.opens_at, timezone.now()
    HostingCall.objects.filter(pk=call.pk).update(
        opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=1)
    )
    person = made.organisation.memberships.first().user
    services.update_candidacy(
        candidacy=made, person=person, answers=answers_for(call, "Gymnase"), upload=pdf()
    )
    HostingCall.objects.filter(pk=call.pk).update(opens_at=opens, closes_at=closes)
    call.refresh_from_db()
    attachment = made.attachments.order_by("-pk").first()
    return reverse(
        "hosting:attachment",
        kwargs={"pk": call.pk, "candidacy": made.pk, "attachment": attachment.pk},
    )


def at_phase(phase):
    """A call decided by a club vote on Toulouse and Nancy, its vote at ``phase``."""
    staff = StaffFactory()
    call, (toulouse, nancy) = vote_call("Toulouse", "Nancy")
    file_url = with_file(toulouse)
    if phase == "set_up":
        services.open_vote(call=call, actor=staff, data=vote_data())
    elif phase in ("open", "closed"):
        campaign = open_club_vote(call, staff)
        if phase == "closed":
            close_now(campaign)
    call.refresh_from_db()
    toulouse = Candidacy.objects.select_related("call__campaign", "organisation").get(
        pk=toulouse.pk
    )
    return call, toulouse, file_url


def person(role, candidate):
    if role == "anonymous":
        return None
    if role == "staff":
        return StaffFactory()
    if role == "own":
        return candidate.organisation.memberships.first().user
    if role == "elector":
        return referent_of(OrganisationFactory())
    if role == "agent":
        return agent_of(OrganisationFactory())
    if role == "outsider":
        return UserFactory()
    if role == "vendor":
        return referent_of(OrganisationFactory(kind=OrganisationKind.VENDOR))
    return referent_of(OrganisationFactory(is_active=False))


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("role", ROLES)
def test_who_reads_a_candidacy_and_its_file(client, role, phase):
    call, toulouse, file_url = at_phase(phase)
    user = person(role, toulouse)
    if user is not None:
        client.force_login(user)

    page = client.get(toulouse.get_absolute_url())
    download = client.get(file_url)

    if role == "anonymous":
        assert page.status_code == 302 and download.status_code == 302
        return
    reads = phase in READS.get(role, set())
    assert permissions.can_see_candidacy(user, toulouse) is reads
    if reads:
        text = page.content.decode()
        assert page.status_code == 200
        assert "Gymnase" in text and "dossier.pdf" in text
        assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
        assert download["X-Content-Type-Options"] == "nosniff"
        assert b"".join(download.streaming_content).startswith(b"%PDF")
    else:
        assert page.status_code == 404 and download.status_code == 404
        with pytest.raises(DomainError) as refused:
            services.read_attachment(attachment=toulouse.attachments.get(), person=user)
        assert refused.value.code == "forbidden"


@pytest.mark.parametrize("phase", ["open", "closed"])
def test_a_voter_reads_but_may_not_change_a_candidacy(client, phase):
    call, toulouse, _file_url = at_phase(phase)
    elector = referent_of(OrganisationFactory())
    client.force_login(elector)
    page = client.get(toulouse.get_absolute_url()).content.decode()
    assert "Modifier la candidature" not in page and "Retirer" not in page
    response = client.post(toulouse.get_absolute_url(), {"q_1": "Pirate"})
    assert response.status_code == 403
    attachment = toulouse.attachments.get()
    response = client.post(
        reverse(
            "hosting:attachment_delete",
            kwargs={"pk": call.pk, "candidacy": toulouse.pk, "attachment": attachment.pk},
        )
    )
    assert response.status_code == 403
    assert toulouse.attachments.exists()
    assert "Pirate" not in "".join(toulouse.answers.values_list("text", flat=True))


def test_a_call_staff_decide_directly_stays_closed_to_other_members(client):
    call = make_call(phase="closed")
    made = candidacy(call, OrganisationFactory(name="Toulouse"))
    file_url = with_file(made)
    client.force_login(referent_of(OrganisationFactory()))
    assert client.get(made.get_absolute_url()).status_code == 404
    assert client.get(file_url).status_code == 404
    assert "Candidature de Toulouse" not in client.get(call.get_absolute_url()).content.decode()


def test_a_candidacy_left_off_the_ballot_stays_closed_to_voters(client):
    staff = StaffFactory()
    call, (toulouse, nancy) = vote_call("Toulouse", "Nancy")
    file_url = with_file(nancy)
    nancy.organisation.is_active = False
    nancy.organisation.save()
    open_club_vote(call, staff)
    client.force_login(referent_of(OrganisationFactory()))
    assert client.get(toulouse.get_absolute_url()).status_code == 200
    assert client.get(nancy.get_absolute_url()).status_code == 404
    assert client.get(file_url).status_code == 404


def test_ballot_options_link_to_the_candidacy_pages(client):
    staff = StaffFactory()
    call, (toulouse, nancy) = vote_call("Toulouse", "Nancy")
    campaign = open_club_vote(call, staff)
    links = {item.label: item.url for item in campaign.items.all()}
    assert links == {
        "Toulouse": toulouse.get_absolute_url(),
        "Nancy": nancy.get_absolute_url(),
    }
    voter = OrganisationFactory()
    client.force_login(referent_of(voter))
    ballot = client.get(reverse("votes:ballot", args=[campaign.pk, voter.slug])).content.decode()
    assert f'href="{toulouse.get_absolute_url()}"' in ballot
    assert "À propos de la candidature de Toulouse" in ballot


@pytest.mark.parametrize("role", ["anonymous", "agent", "outsider", "vendor", "elector", "staff"])
@pytest.mark.parametrize("phase", ["before", "open", "closed"])
def test_pages_link_the_candidacies_only_for_those_who_may_read_them(client, role, phase):
    call, toulouse, _file_url = at_phase(phase)
    user = person(role, toulouse)
    if user is not None:
        client.force_login(user)
    link = f'href="{toulouse.get_absolute_url()}"'
    reads = phase in READS.get(role, set())

    call_page = client.get(call.get_absolute_url())
    assert call_page.status_code == 200
    assert (link in call_page.content.decode()) is reads
    if phase == "before":
        return
    campaign = Campaign.objects.get(pk=call.campaign_id)
    detail = client.get(campaign.get_absolute_url())
    assert detail.status_code == 200 and "Toulouse" in detail.content.decode()
    assert (link in detail.content.decode()) is reads
    if phase == "closed":
        results = client.get(reverse("votes:results", args=[campaign.pk]))
        assert results.status_code == 200 and "Toulouse" in results.content.decode()
        assert (link in results.content.decode()) is reads


def test_the_results_page_cache_does_not_hand_links_to_visitors(client, page_cache):
    call, toulouse, _file_url = at_phase("closed")
    url = reverse("votes:results", args=[call.campaign_id])
    link = f'href="{toulouse.get_absolute_url()}"'
    client.force_login(referent_of(OrganisationFactory()))
    assert link in client.get(url).content.decode()
    client.logout()
    assert link not in client.get(url).content.decode()
    client.force_login(referent_of(OrganisationFactory()))
    assert link in client.get(url).content.decode()


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_reading_queries_do_not_grow(client):
    staff = StaffFactory()
    small_call, (small,) = vote_call("Nancy", edition=13)
    small_file = with_file(small)
    large_call, candidacies = vote_call(*[f"Commune {n}" for n in range(7)], edition=14)
    large = candidacies[0]
    large_file = with_file(large)
    for made in candidacies[1:]:
        with_file(made)
    with_file(large)
    for call in (small_call, large_call):
        open_club_vote(call, staff)
    client.force_login(referent_of(OrganisationFactory()))
    assert _count(client, small.get_absolute_url()) == _count(client, large.get_absolute_url())
    assert _count(client, small_file) == _count(client, large_file)
    assert _count(client, small_call.get_absolute_url()) == _count(
        client, large_call.get_absolute_url()
    )


def test_votes_opened_earlier_link_their_options_to_the_candidacies():
    from importlib import import_module

    from django.apps import apps

    from cercle.votes.models import CampaignItem

    migration = import_module("cercle.hosting.migrations.0003_ballot_links_to_candidacies")
    call, (toulouse,) = vote_call("Toulouse")
    open_club_vote(call, StaffFactory())
    CampaignItem.objects.update(url=f"{call.get_absolute_url()}#candidacy-{toulouse.pk}")
    migration.link_candidacies(apps, None)
    assert CampaignItem.objects.get().url == toulouse.get_absolute_url()
