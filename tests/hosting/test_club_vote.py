"""A call for hosting candidacies decided by a club vote: staff open it once the call closes,
member organisations vote with the votes pages, and the decision follows the published result."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cercle.audit.models import AuditEntry
from cercle.core.errors import DomainError
from cercle.guide.models import ChecklistTask
from cercle.hosting import services
from cercle.hosting.models import Candidacy, Handover, HostingCall
from cercle.news.enums import SourceKind
from cercle.news.models import Announcement
from cercle.organisations.enums import OrganisationKind
from cercle.votes import services as vote_services
from cercle.votes.enums import Subject, TieRule
from cercle.votes.models import Ballot, Campaign
from tests.factories import OrganisationFactory, StaffFactory, agent_of, referent_of
from tests.guide.factories import guide_task
from tests.hosting.factories import (
    candidacy,
    cast_for,
    make_call,
    open_club_vote,
    previous_meeting,
    vote_call,
    vote_data,
)
from tests.votes.factories import close_now

pytestmark = pytest.mark.django_db


def form_data(**fields):
    data = vote_data(**fields)
    for name in ("opens_at", "closes_at"):
        data[name] = timezone.localtime(data[name]).strftime("%Y-%m-%dT%H:%M")
    return {name: value for name, value in data.items() if value is not None}


def reference_of(candidacy):
    candidacy.refresh_from_db()
    return candidacy.ballot_item.reference


# The whole flow


def test_call_to_host_through_a_club_vote(client, staff):
    guide_task()
    previous = previous_meeting()
    call, (toulouse, nancy, montpellier) = vote_call("Toulouse", "Nancy", "Montpellier")

    client.force_login(staff)
    page = client.get(call.get_absolute_url()).content.decode()
    assert reverse("hosting:open_vote", kwargs={"pk": call.pk}) in page
    assert reverse("hosting:decide", kwargs={"pk": call.pk}) not in page
    response = client.post(reverse("hosting:open_vote", kwargs={"pk": call.pk}), form_data())
    call.refresh_from_db()
    campaign = call.campaign
    assert response.status_code == 302 and response["Location"] == campaign.get_absolute_url()
    assert campaign.subject == Subject.HOSTING and campaign.seats == 1
    assert [(i.reference, i.label, i.request) for i in campaign.items.order_by("reference")] == [
        ("C01", "Montpellier", None),
        ("C02", "Nancy", None),
        ("C03", "Toulouse", None),
    ]
    assert Candidacy.objects.get(pk=toulouse.pk).ballot_item.label == "Toulouse"
    assert AuditEntry.objects.filter(action="hosting.vote_opened").count() == 1

    Campaign.objects.filter(pk=campaign.pk).update(opens_at=timezone.now() - timedelta(hours=1))
    voters = [OrganisationFactory() for _ in range(3)]
    for index, organisation in enumerate(voters):
        client.force_login(referent_of(organisation))
        choice = reference_of(toulouse) if index < 2 else reference_of(nancy)
        response = client.post(
            reverse("votes:ballot", args=[campaign.pk, organisation.slug]), {"choices": [choice]}
        )
        assert response.status_code == 302
    vendor = OrganisationFactory(kind=OrganisationKind.VENDOR)
    client.force_login(referent_of(vendor))
    assert client.get(reverse("votes:ballot", args=[campaign.pk, vendor.slug])).status_code == 404
    with pytest.raises(DomainError) as refused:
        cast_for(campaign, vendor, [reference_of(nancy)])
    assert refused.value.code == "not_referent"
    assert Ballot.objects.filter(campaign=campaign).count() == 3

    close_now(campaign)
    client.force_login(staff)
    page = client.get(call.get_absolute_url()).content.decode()
    assert "Toulouse" in page and reverse("hosting:decide", kwargs={"pk": call.pk}) in page
    response = client.post(
        reverse("hosting:decide", kwargs={"pk": call.pk}),
        {"candidacy": nancy.pk, "reasons": "Salle plus petite."},
    )
    assert response.status_code == 200
    assert "Toulouse" in response.content.decode() and "Salle plus petite." in (
        response.content.decode()
    )
    response = client.post(
        reverse("hosting:decide", kwargs={"pk": call.pk}),
        {"candidacy": toulouse.pk, "reasons": "Choisie par le vote du club."},
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.chosen == toulouse and call.reasons == "Choisie par le vote du club."
    meeting = call.meeting
    assert meeting.host == toulouse.organisation
    assert Handover.objects.get(meeting=meeting).previous_meeting == previous
    assert ChecklistTask.objects.filter(meeting=meeting).exists()
    assert Announcement.objects.filter(source_kind=SourceKind.HOST_CHOSEN).count() == 1
    decision = client.get(reverse("hosting:decision", kwargs={"pk": call.pk})).content.decode()
    assert reverse("votes:results", args=[campaign.pk]) in decision
    assert montpellier.organisation.name not in decision


def test_agent_of_a_member_may_not_vote(client, staff):
    call, (toulouse,) = vote_call("Toulouse")
    campaign = open_club_vote(call, staff)
    organisation = OrganisationFactory()
    agent = agent_of(organisation)
    client.force_login(agent)
    assert client.get(reverse("votes:ballot", args=[campaign.pk, organisation.slug])).status_code
    with pytest.raises(DomainError) as refused:
        cast_for(campaign, organisation, [reference_of(toulouse)], person=agent)
    assert refused.value.code == "not_referent"


# Opening the vote: who, when, what


def test_only_staff_open_the_vote(client, referent):
    call, _candidacies = vote_call("Toulouse")
    with pytest.raises(DomainError) as refused:
        services.open_vote(call=call, actor=referent, data=vote_data())
    assert refused.value.code == "forbidden"
    client.force_login(referent)
    response = client.post(reverse("hosting:open_vote", kwargs={"pk": call.pk}), form_data())
    assert response.status_code in (302, 403, 404)
    assert HostingCall.objects.get(pk=call.pk).campaign is None
    assert not Campaign.objects.exists()


@pytest.mark.parametrize("phase", ["open", "upcoming"])
def test_vote_is_refused_before_the_call_closes(client, staff, phase):
    call = make_call(phase=phase, decided_by_vote=True)
    candidacy(call)
    with pytest.raises(DomainError) as refused:
        services.open_vote(call=call, actor=staff, data=vote_data())
    assert refused.value.code == "call_not_closed"
    client.force_login(staff)
    data = form_data(title="Mon titre gardé")
    response = client.post(reverse("hosting:open_vote", kwargs={"pk": call.pk}), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Le vote du club s’ouvre une fois l’appel à candidatures clos." in page
    assert "Mon titre gardé" in page
    assert not Campaign.objects.exists()


def test_vote_is_opened_once(staff):
    call, _candidacies = vote_call("Toulouse", "Nancy")
    open_club_vote(call, staff)
    with pytest.raises(DomainError) as refused:
        services.open_vote(call=call, actor=staff, data=vote_data())
    assert refused.value.code == "vote_exists"
    assert Campaign.objects.count() == 1


def test_vote_is_refused_for_a_call_staff_decide_directly(client, staff):
    call = make_call(phase="closed")
    candidacy(call)
    with pytest.raises(DomainError) as refused:
        services.open_vote(call=call, actor=staff, data=vote_data())
    assert refused.value.code == "no_vote_planned"
    client.force_login(staff)
    assert reverse("hosting:open_vote", kwargs={"pk": call.pk}) not in (
        client.get(call.get_absolute_url()).content.decode()
    )


def test_vote_needs_a_candidacy(staff):
    call = make_call(phase="closed", decided_by_vote=True)
    with pytest.raises(DomainError) as refused:
        services.open_vote(call=call, actor=staff, data=vote_data())
    assert refused.value.code == "no_candidacies"


def test_vote_settings_are_checked_by_the_votes_app(client, staff):
    call, _candidacies = vote_call("Toulouse")
    past = timezone.now() - timedelta(hours=1)
    with pytest.raises(DomainError) as refused:
        services.open_vote(call=call, actor=staff, data=vote_data(opens_at=past))
    assert refused.value.code == "opens_in_the_past"
    client.force_login(staff)
    response = client.post(
        reverse("hosting:open_vote", kwargs={"pk": call.pk}),
        form_data(method="points", max_choices=None, total_points=None),
    )
    assert response.status_code == 400
    assert "Cette méthode a besoin de ce nombre." in response.content.decode()
    assert HostingCall.objects.get(pk=call.pk).campaign is None


def test_a_candidacy_of_an_organisation_that_left_the_club_is_no_option(staff):
    call, (toulouse, nancy) = vote_call("Toulouse", "Nancy")
    nancy.organisation.is_active = False
    nancy.organisation.save()
    campaign = open_club_vote(call, staff)
    assert list(campaign.items.values_list("label", flat=True)) == ["Toulouse"]
    assert Candidacy.objects.get(pk=nancy.pk).ballot_item is None
    with pytest.raises(DomainError):
        cast_for(campaign, OrganisationFactory(), ["C02"])


def test_how_the_host_is_chosen_is_locked_once_the_vote_is_opened(staff):
    call, _candidacies = vote_call("Toulouse")
    open_club_vote(call, staff)
    with pytest.raises(DomainError) as refused:
        services.update_call(
            call=call,
            actor=staff,
            title=call.title,
            description="",
            opens_at=call.opens_at,
            closes_at=call.closes_at,
            questions=list(call.questions.values_list("text", flat=True)),
            decided_by_vote=False,
        )
    assert refused.value.code == "vote_opened"


def test_staff_set_a_call_to_be_decided_by_a_vote(client, staff):
    client.force_login(staff)
    now = timezone.localtime()
    response = client.post(
        reverse("hosting:call_new"),
        {
            "edition": 14,
            "title": "Qui accueille la 14ᵉ ?",
            "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M"),
            "questions": "Capacité",
            "decided_by_vote": "on",
        },
    )
    assert response.status_code == 302
    assert HostingCall.objects.get(edition=14).decided_by_vote


# The decision follows the vote


def test_decision_before_the_vote_is_opened_is_refused(staff):
    call, (toulouse,) = vote_call("Toulouse")
    with pytest.raises(DomainError) as refused:
        services.decide(call=call, candidacy=toulouse, reasons="Oui.", actor=staff)
    assert refused.value.code == "vote_not_opened"


def test_decision_before_the_results_are_published_is_refused_and_input_kept(client, staff):
    call, (toulouse, nancy) = vote_call("Toulouse", "Nancy")
    campaign = open_club_vote(call, staff)
    cast_for(campaign, OrganisationFactory(), [reference_of(toulouse)])
    with pytest.raises(DomainError) as refused:
        services.decide(call=call, candidacy=toulouse, reasons="Oui.", actor=staff)
    assert refused.value.code == "vote_not_published"
    client.force_login(staff)
    response = client.post(
        reverse("hosting:decide", kwargs={"pk": call.pk}),
        {"candidacy": toulouse.pk, "reasons": "Mes raisons gardées"},
    )
    page = response.content.decode()
    assert "résultats du vote du club ne sont pas encore publiés" in page
    assert "Mes raisons gardées" in page
    assert not HostingCall.objects.get(pk=call.pk).is_decided


def test_decision_other_than_the_vote_is_refused(staff):
    call, (toulouse, nancy) = vote_call("Toulouse", "Nancy")
    campaign = open_club_vote(call, staff)
    cast_for(campaign, OrganisationFactory(), [reference_of(nancy)])
    close_now(campaign)
    with pytest.raises(DomainError) as refused:
        services.decide(call=call, candidacy=toulouse, reasons="Plus grand.", actor=staff)
    assert refused.value.code == "not_the_vote_result"
    assert "Nancy" in str(refused.value.message)
    with pytest.raises(DomainError) as refused:
        services.decide(call=call, candidacy=nancy, reasons="  ", actor=staff)
    assert refused.value.code == "reasons_missing"
    meeting = services.decide(call=call, candidacy=nancy, reasons="Le vote.", actor=staff)
    assert meeting.host == nancy.organisation


def test_tie_waits_for_its_settlement_then_the_decision_follows(client, staff):
    call, (toulouse, nancy) = vote_call("Toulouse", "Nancy")
    campaign = open_club_vote(call, staff, tie_rule=TieRule.COMMITTEE)
    cast_for(campaign, OrganisationFactory(), [reference_of(toulouse)])
    cast_for(campaign, OrganisationFactory(), [reference_of(nancy)])
    campaign = close_now(campaign)
    assert campaign.tie_pending
    with pytest.raises(DomainError) as refused:
        services.decide(call=call, candidacy=nancy, reasons="Oui.", actor=staff)
    assert refused.value.code == "vote_not_published"
    client.force_login(staff)
    tie_page = client.get(reverse("votes:tie", args=[campaign.pk])).content.decode()
    assert "Toulouse" in tie_page and "Nancy" in tie_page
    vote_services.settle_tie(
        campaign=campaign,
        actor=staff,
        chosen=[reference_of(nancy)],
        reason="Accessibilité meilleure.",
    )
    with pytest.raises(DomainError):
        services.decide(call=call, candidacy=toulouse, reasons="Oui.", actor=staff)
    assert services.decide(call=call, candidacy=nancy, reasons="Oui.", actor=staff)


def test_no_ballot_cast_leaves_the_choice_to_staff(staff):
    call, (toulouse, _nancy) = vote_call("Toulouse", "Nancy")
    campaign = open_club_vote(call, staff)
    close_now(campaign)
    meeting = services.decide(
        call=call, candidacy=toulouse, reasons="Personne n’a voté.", actor=staff
    )
    assert meeting.host == toulouse.organisation


# Pages


@pytest.mark.parametrize("who", ["visitor", "referent", "staff"])
def test_vote_pages_render_for_a_hosting_vote(client, who):
    staff = StaffFactory()
    call, (toulouse, nancy) = vote_call("Toulouse", "Nancy")
    campaign = open_club_vote(call, staff)
    voter = OrganisationFactory()
    person = referent_of(voter)
    cast_for(campaign, voter, [reference_of(toulouse)], person=person)
    if who == "referent":
        client.force_login(person)
    elif who == "staff":
        client.force_login(staff)
    detail = client.get(campaign.get_absolute_url()).content.decode()
    assert "Toulouse" in detail and "2 candidatures sur le bulletin" in detail
    assert client.get(reverse("votes:list")).status_code == 200
    assert client.get(reverse("votes:projection", args=[campaign.pk])).status_code == 200
    if who == "referent":
        ballot = client.get(reverse("votes:ballot", args=[campaign.pk, voter.slug]))
        page = ballot.content.decode()
        assert ballot.status_code == 200 and "Nancy" in page
        assert "Candidatures que vous approuvez" in page
    close_now(campaign)
    results = client.get(reverse("votes:results", args=[campaign.pk])).content.decode()
    assert "Candidature choisie par le vote" in results and "Toulouse" in results
    call_page = client.get(call.get_absolute_url()).content.decode()
    assert "Le vote du club a choisi Toulouse." in call_page
    if who == "staff":
        assert client.get(reverse("votes:requests", args=[campaign.pk])).status_code == 200
        response = client.get(reverse("hosting:decide", kwargs={"pk": call.pk}))
        assert "Le vote du club a choisi Toulouse" in response.content.decode()


def test_hostile_organisation_names_are_escaped_on_the_pages(client, staff):
    call, (hostile,) = vote_call("<script>alert(1)</script>")
    campaign = open_club_vote(call, staff)
    voter = OrganisationFactory()
    person = referent_of(voter)
    cast_for(campaign, voter, [reference_of(hostile)], person=person)
    client.force_login(person)
    ballot_page = client.get(reverse("votes:ballot", args=[campaign.pk, voter.slug]))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in ballot_page.content.decode()
    assert "<script>alert(1)</script>" not in ballot_page.content.decode()
    close_now(campaign)
    for url in (
        campaign.get_absolute_url(),
        reverse("votes:results", args=[campaign.pk]),
        reverse("votes:projection", args=[campaign.pk]),
        call.get_absolute_url(),
    ):
        page = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_vote_keeps_one_seat_and_the_call_its_dates(client, staff):
    call, _candidacies = vote_call("Toulouse", "Nancy")
    campaign = services.open_vote(call=call, actor=staff, data=vote_data())
    with pytest.raises(DomainError) as refused:
        vote_services.update_campaign(campaign=campaign, actor=staff, data={"seats": 2})
    assert refused.value.code == "locked"
    client.force_login(staff)
    page = client.get(reverse("votes:edit", args=[campaign.pk])).content.decode()
    assert "Un vote sur des candidatures à l’accueil en retient une." in page
    call.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        services.update_call(
            call=call,
            actor=staff,
            title=call.title,
            description="",
            opens_at=call.opens_at,
            closes_at=timezone.now() + timedelta(days=3),
            questions=list(call.questions.values_list("text", flat=True)),
        )
    assert refused.value.code == "vote_opened"
