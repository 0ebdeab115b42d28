"""An item's funding page is one cached fragment (its facts, every share and estimate version)
with each person's part filled in: what they may see of it, their pledges and their forms."""

import itertools
import re
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cercle.funding import permissions, services
from cercle.funding.enums import SharingRule
from cercle.organisations.enums import OrganisationKind, Role
from cercle.organisations.models import Membership
from cercle.requests.models import ImprovementRequest
from tests.factories import OrganisationFactory, StaffFactory, UserFactory, agent_of, referent_of
from tests.funding.factories import costed_item


def page(client, url, user=None):
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode().split("<main")[1]


def shared_between(*organisations):
    item = costed_item()
    services.set_sharing(
        item=item, rule=SharingRule.EQUAL, participants=organisations, actor=StaffFactory()
    )
    item.refresh_from_db()
    return item


def test_each_person_sees_their_own_share_pledges_and_forms(page_cache, client):
    first = OrganisationFactory(name="Ville de Gentilly")
    second = OrganisationFactory(name="Ville d'Arcueil")
    item = shared_between(first, second)
    first_referent, second_referent = referent_of(first), referent_of(second)
    services.pledge(item=item, organisation=first, person=first_referent, amount_cents=100_000)
    url = item.get_absolute_url()

    seen_first = page(client, url, first_referent)
    seen_second = page(client, url, second_referent)
    seen_outsider = page(client, url, referent_of(OrganisationFactory(name="Ville de Cachan")))
    seen_staff = page(client, url, StaffFactory())
    seen_visitor = page(client, url)

    transition = "/promesse/"
    # The first référent: their share and their pledge with its moves, not the other's share.
    assert "<td>Ville de Gentilly</td>" in seen_first and transition in seen_first
    assert "<td>Ville d&#x27;Arcueil</td>" not in seen_first
    # The second: their own share, no pledge of the first, their own pledge form.
    assert "<td>Ville d&#x27;Arcueil</td>" in seen_second
    assert "<td>Ville de Gentilly</td>" not in seen_second
    assert 'id="h-pledges"' not in seen_second and 'id="h-pledge"' in seen_second
    assert "Ville d&#x27;Arcueil</option>" in seen_second
    assert "Ville de Gentilly</option>" not in seen_second
    assert 'id="h-estimates"' in seen_first and 'id="h-estimates"' in seen_second
    # An organisation outside the item: no share, no estimate history; a pledge form.
    assert 'id="h-shares"' not in seen_outsider and 'id="h-estimates"' not in seen_outsider
    assert "Ville de Cachan</option>" in seen_outsider
    # Staff: every share and pledge, their panel; a visitor: none of it.
    assert "<td>Ville de Gentilly</td>" in seen_staff and 'id="h-staff"' in seen_staff
    assert "<td>Ville d&#x27;Arcueil</td>" in seen_staff
    for hidden in ('id="h-shares"', 'id="h-pledges"', 'id="h-staff"', 'id="h-estimates"'):
        assert hidden not in seen_visitor
    assert "csrfmiddlewaretoken" not in seen_visitor
    for seen in (seen_first, seen_second, seen_outsider, seen_staff, seen_visitor):
        assert "<!--slot:" not in seen


def test_an_agent_sees_the_share_but_moves_no_pledge(page_cache, client):
    organisation = OrganisationFactory(name="Ville de Gentilly")
    item = shared_between(organisation, OrganisationFactory())
    services.pledge(
        item=item,
        organisation=organisation,
        person=referent_of(organisation),
        amount_cents=100_000,
    )
    seen = page(client, item.get_absolute_url(), agent_of(organisation))
    assert "<td>Ville de Gentilly</td>" in seen and 'id="h-pledges"' in seen
    assert 'name="status"' not in seen and 'id="h-pledge"' not in seen


def test_a_new_estimate_pledge_and_sharing_show_on_the_next_visit(page_cache, client):
    first = OrganisationFactory(name="Ville de Gentilly")
    item = shared_between(first)
    referent = referent_of(first)
    url = item.get_absolute_url()
    before = page(client, url, referent)

    staff = StaffFactory()
    services.record_estimate(
        improvement=item.request,
        days=Decimal("30"),
        daily_rate_cents=50_000,
        assumptions="Avec les tests.",
        actor=staff,
    )
    second = OrganisationFactory(name="Ville d'Arcueil")
    services.set_sharing(
        item=item, rule=SharingRule.EQUAL, participants=[first, second], actor=staff
    )
    after = page(client, url, referent)
    assert "Avec les tests." not in before and "Avec les tests." in after
    assert "v2" in after
    assert "partage égal entre 1 " in before or "equal split among 1 " in before
    assert "partage égal entre 2 " in after or "equal split among 2 " in after

    services.pledge(item=item, organisation=first, person=referent, amount_cents=100_000)
    pledged = page(client, url, referent)
    assert 'id="h-pledges"' not in after and 'id="h-pledges"' in pledged


def test_pledges_for_follows_the_rule_of_pledging_organisations(db):
    people = [UserFactory(), StaffFactory()]
    kinds = [OrganisationKind.COMMUNE, OrganisationKind.VENDOR]
    for person, kind, active, role in itertools.product(
        people, kinds, [True, False], [Role.REFERENT, Role.AGENT]
    ):
        organisation = OrganisationFactory(kind=kind, is_active=active)
        Membership.objects.create(user=person, organisation=organisation, role=role)
        expected = permissions.pledging_organisations(person).filter(pk=organisation.pk).exists()
        assert permissions.pledges_for(person, organisation, role) is expected


def count_queries(client, url):
    client.get(url)
    reset_queries()
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_the_page_costs_the_same_queries_however_many_organisations(page_cache, client):
    first = OrganisationFactory()
    item = shared_between(first)
    referent = referent_of(first)
    services.pledge(item=item, organisation=first, person=referent, amount_cents=10_000)
    client.force_login(referent)
    small = count_queries(client, item.get_absolute_url())
    others = [OrganisationFactory() for _ in range(6)]
    item = shared_between(first, *others)  # a new item: compare the same page for it
    services.pledge(item=item, organisation=first, person=referent, amount_cents=10_000)
    for other in others[:4]:
        services.pledge(
            item=item, organisation=other, person=referent_of(other), amount_cents=10_000
        )
        referent_of(other, user=referent)  # référent of several of them
        services.pledge(item=item, organisation=other, person=referent, amount_cents=20_000)
    assert count_queries(client, item.get_absolute_url()) == small


def test_a_refused_pledge_keeps_what_was_typed(page_cache, client):
    organisation = OrganisationFactory()
    item = shared_between(organisation)
    client.force_login(referent_of(organisation))
    client.get(item.get_absolute_url())
    response = client.post(
        reverse("funding:pledge", args=[item.request.reference]),
        {"organisation": organisation.pk, "amount": "-12"},
    )
    assert response.status_code == 400
    assert 'value="-12"' in response.content.decode()


def test_the_pledges_part_follows_roles_and_each_token_is_its_own(page_cache, client):
    """The pledges and the pledge form are cached on the organisations and roles: a colleague
    with the same role gets the same part with their own token; an agent gets no move."""
    organisation = OrganisationFactory(name="Ville de Gentilly")
    item = shared_between(organisation, OrganisationFactory())
    referent = referent_of(organisation)
    services.pledge(item=item, organisation=organisation, person=referent, amount_cents=100_000)
    url = item.get_absolute_url()

    seen_referent = page(client, url, referent)
    seen_colleague = page(client, url, referent_of(organisation))
    seen_agent = page(client, url, agent_of(organisation))

    def tokens(html):
        return set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))

    assert 'name="status"' in seen_referent and 'name="status"' in seen_colleague
    assert tokens(seen_referent) and tokens(seen_colleague)
    assert tokens(seen_referent).isdisjoint(tokens(seen_colleague))
    assert 'id="h-pledges"' in seen_agent and 'name="status"' not in seen_agent
    assert 'id="h-pledge"' not in seen_agent

    # The pledge withdrawn: its row goes, for whoever saw it before.
    pledge = item.pledges.get()
    services.transition_pledge(pledge=pledge, to_status="withdrawn", actor=referent)
    assert 'id="h-pledges"' not in page(client, url, referent)


def test_the_persons_cached_memberships_follow_roles_participants_and_staff_flag(
    page_cache, client
):
    """What the person may see is cached for them on the data's versions: a role, a membership,
    the item's participants or the staff flag changed shows on their next visit."""
    organisation = OrganisationFactory(name="Ville de Gentilly")
    item = shared_between(OrganisationFactory())
    person = agent_of(organisation)
    url = item.get_absolute_url()
    before = page(client, url, person)
    assert 'id="h-pledge"' not in before and 'id="h-estimates"' not in before

    Membership.objects.filter(user=person).update(role=Role.REFERENT)
    as_referent = page(client, url, person)
    assert 'id="h-pledge"' in as_referent and "Ville de Gentilly</option>" in as_referent
    assert 'id="h-shares"' not in as_referent

    services.set_sharing(
        item=item,
        rule=SharingRule.EQUAL,
        participants=[organisation, *item.participants.all()],
        actor=StaffFactory(),
    )
    taking_part = page(client, url, person)
    assert 'id="h-shares"' in taking_part and 'id="h-estimates"' in taking_part

    Membership.objects.filter(user=person).delete()
    assert 'id="h-shares"' not in page(client, url, person)
    get_user_model().objects.filter(pk=person.pk).update(is_staff=True)
    as_staff = page(client, url, person)
    assert 'id="h-staff"' in as_staff and 'id="h-pledge"' not in as_staff


def test_a_served_page_reads_neither_the_item_nor_the_memberships(page_cache, client):
    """Once cached, the page reads the session, the person and the data's versions only; the
    request's new title shows at once."""
    organisation = OrganisationFactory()
    item = shared_between(organisation)
    client.force_login(referent_of(organisation))
    url = item.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    tables = " ".join(query["sql"] for query in context.captured_queries)
    assert "funding_" not in tables and "organisations_" not in tables
    assert "requests_" not in tables

    ImprovementRequest.objects.filter(pk=item.request_id).update(title="Relance par courriel")
    assert "Relance par courriel" in client.get(url).content.decode()


def test_with_redis_a_served_page_reads_the_session_and_the_person_only(redis_pages, client):
    organisation = OrganisationFactory()
    item = shared_between(organisation)
    referent = referent_of(organisation)
    url = item.get_absolute_url()
    client.force_login(referent)
    assert 'id="h-pledges"' not in page(client, url, referent)
    assert count_queries(client, url) == 2

    services.pledge(item=item, organisation=organisation, person=referent, amount_cents=10_000)
    assert 'id="h-pledges"' in page(client, url, referent)
