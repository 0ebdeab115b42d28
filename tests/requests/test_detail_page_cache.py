"""A request's page is one cached fragment for everyone, the person's parts filled in for them:
nothing personal stays in the fragment, and a write shows on the next visit."""

from django.contrib.auth import get_user_model
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cercle.organisations.enums import Role
from cercle.organisations.models import Membership
from cercle.requests import services
from cercle.requests.enums import Status
from cercle.requests.models import Follow, ImprovementRequest, Support
from tests.factories import (
    OrganisationFactory,
    StaffFactory,
    UserFactory,
    agent_of,
    referent_of,
)
from tests.requests.factories import draft, endorse_by_new_organisations, filed


def page(client, url, user=None):
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode().split("<main")[1]


def withdraw_url(improvement, organisation):
    return reverse("requests:withdraw", args=[improvement.reference, organisation.slug])


def test_each_person_gets_their_own_forms_from_the_shared_fragment(page_cache, client):
    improvement = filed(title="Relance automatique")
    url = improvement.get_absolute_url()
    first = OrganisationFactory(name="Ville de Gentilly")
    first_referent = referent_of(first)
    services.endorse(
        improvement=improvement, organisation=first, person=first_referent, use_case="Oui."
    )
    second = OrganisationFactory(name="Ville d'Arcueil")
    staff = StaffFactory()

    seen_first = page(client, url, first_referent)
    seen_second = page(client, url, referent_of(second))
    seen_staff = page(client, url, staff)
    seen_visitor = page(client, url)

    # The first viewer withdraws their organisation's endorsement and cannot endorse again.
    assert withdraw_url(improvement, first) in seen_first
    assert 'id="h-endorse"' not in seen_first
    # The next one sees neither: their own organisation may endorse, and nothing else.
    assert withdraw_url(improvement, first) not in seen_second
    assert 'id="h-endorse"' in seen_second and "Ville d&#x27;Arcueil" in seen_second
    assert 'id="h-triage"' not in seen_second
    # Staff get their panels; a visitor none of them, no form, the sign-in link.
    assert 'id="h-triage"' in seen_staff
    assert reverse("tracker:link", args=[improvement.reference]) in seen_staff
    assert 'id="h-triage"' not in seen_visitor
    assert reverse("tracker:link", args=[improvement.reference]) not in seen_visitor
    assert "csrfmiddlewaretoken" not in seen_visitor
    assert f"{reverse('accounts:login')}?next=" in seen_visitor
    # Every one of them without a marker of the fragment left in the page.
    for seen in (seen_first, seen_second, seen_staff, seen_visitor):
        assert "<!--slot:" not in seen and "<!--endslot:" not in seen


def test_the_csrf_token_is_each_persons_own(page_cache, client):
    improvement = filed()
    url = improvement.get_absolute_url()
    first = page(client, url, UserFactory())
    second = page(client, url, UserFactory())

    def tokens(html):
        return {
            part.split('value="')[1].split('"')[0]
            for part in html.split('name="csrfmiddlewaretoken"')[1:]
        }

    assert tokens(first) and tokens(second)
    assert tokens(first).isdisjoint(tokens(second))


def test_a_signed_in_person_sees_new_comments_endorsements_and_their_own_plus_one(
    page_cache, client
):
    improvement = filed(title="Relance automatique")
    url = improvement.get_absolute_url()
    person = UserFactory()
    before = page(client, url, person)
    assert 'aria-pressed="false"' in before

    client.post(reverse("requests:support", args=[improvement.reference]))
    organisation = OrganisationFactory(name="Ville de Gentilly")
    referent = referent_of(organisation)
    services.endorse(
        improvement=improvement, organisation=organisation, person=referent, use_case="Oui."
    )
    services.add_comment(improvement=improvement, author=referent, body="Même besoin ici.")

    after = page(client, url, person)
    assert "Ville de Gentilly" not in before
    assert "Ville de Gentilly" in after and "Même besoin ici." in after
    assert 'aria-pressed="true"' in after
    # The référent who just endorsed may now withdraw it, not endorse again.
    theirs = page(client, url, referent)
    assert withdraw_url(improvement, organisation) in theirs
    assert 'id="h-endorse"' not in theirs


def test_a_refused_endorsement_keeps_what_was_typed_in_the_cached_page(page_cache, client):
    improvement = filed()
    organisation = OrganisationFactory()
    client.force_login(referent_of(organisation))
    client.get(improvement.get_absolute_url())
    response = client.post(
        reverse("requests:endorse", args=[improvement.reference]),
        {"organisation": organisation.pk, "use_case": "x" * 5001},
    )
    assert response.status_code == 400
    assert "x" * 5001 in response.content.decode()


def count_queries(client, url):
    client.get(url)  # the fragment is cached: count what every later visit costs
    reset_queries()
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_the_cached_page_costs_the_same_queries_however_big_the_request(page_cache, client):
    improvement = filed()
    url = improvement.get_absolute_url()
    organisation = OrganisationFactory()
    referent = referent_of(organisation)
    client.force_login(referent)
    small = count_queries(client, url)
    endorsers = endorse_by_new_organisations(improvement, 5)
    for _ in endorsers:
        services.add_comment(improvement=improvement, author=referent, body="Un commentaire")
    for endorser in endorsers[:3]:
        referent_of(endorser, user=referent)  # référent of several endorsing organisations
    assert count_queries(client, url) == small


def test_a_refused_comment_keeps_its_text_and_gets_a_token(page_cache, client):
    improvement = filed()
    client.force_login(UserFactory())
    client.get(improvement.get_absolute_url())
    response = client.post(
        reverse("requests:comment", args=[improvement.reference]), {"body": "y" * 5001}
    )
    assert response.status_code == 400
    html = response.content.decode()
    action = f'action="{reverse("requests:comment", args=[improvement.reference])}"'
    form = html.split(action)[1].split("</form>")[0]
    assert "y" * 5001 in form
    assert 'name="csrfmiddlewaretoken"' in form
    assert "<!--slot:" not in html


def test_a_persons_cached_parts_follow_their_roles_and_rights(page_cache, client):
    """The person's parts are cached on the data's versions: a membership, a role, the staff
    flag or a +1 changed anywhere shows on their next visit, each person their own."""
    improvement = filed(title="Relance automatique")
    url = improvement.get_absolute_url()
    organisation = OrganisationFactory(name="Ville de Gentilly")
    person = agent_of(organisation)
    other = agent_of(organisation)
    before = page(client, url, person)
    assert 'id="h-endorse"' not in before and 'id="h-triage"' not in before

    Membership.objects.filter(user=person).update(role=Role.REFERENT)
    as_referent = page(client, url, person)
    assert 'id="h-endorse"' in as_referent and "Ville de Gentilly" in as_referent
    assert 'id="h-endorse"' not in page(client, url, other)

    Support.objects.create(request=improvement, user=person)
    Follow.objects.filter(request=improvement, user=person).delete()
    supporting = page(client, url, person)
    assert 'aria-pressed="true"' in supporting
    assert '<input type="hidden" name="follow" value="1">' in supporting
    assert 'aria-pressed="false"' in page(client, url, other)

    Membership.objects.filter(user=person).delete()
    get_user_model().objects.filter(pk=person.pk).update(is_staff=True)
    as_staff = page(client, url, person)
    assert 'id="h-endorse"' not in as_staff and 'id="h-triage"' in as_staff
    assert "<!--slot:" not in as_staff


def test_the_cached_request_follows_its_title_status_and_merge(page_cache, client):
    improvement = filed(title="Relance automatique")
    url = improvement.get_absolute_url()
    author = improvement.author
    staff = StaffFactory()
    edit = reverse("requests:edit", args=[improvement.reference])
    assert edit not in page(client, url, author)

    ImprovementRequest.objects.filter(pk=improvement.pk).update(title="Relance par courriel")
    services.change_status(
        improvement=improvement, actor=staff, status=Status.NEEDS_INFO, reason="Précisez."
    )
    seen = page(client, url, author)
    assert edit in seen
    assert "Relance par courriel" in client.get(url).content.decode().split("</title>")[0]

    kept = filed(title="La même demande")
    services.merge(duplicate=improvement, into=kept, actor=staff)
    response = client.get(url)
    assert response.status_code == 301 and response["Location"] == kept.get_absolute_url()


def test_a_draft_stays_within_its_organisation_from_the_cache(page_cache, client):
    improvement = draft()
    url = improvement.get_absolute_url()
    assert page(client, url, improvement.author)  # cached for its author
    client.force_login(referent_of(OrganisationFactory()))
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404


def test_a_served_page_reads_no_request_no_endorsement_no_membership(page_cache, client):
    """Once cached, the page reads the session, the person and the data's versions only: the
    request, the person's organisations and their parts come with the fragments."""
    improvement = filed()
    organisation = OrganisationFactory()
    client.force_login(referent_of(organisation))
    url = improvement.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    tables = " ".join(query["sql"] for query in context.captured_queries)
    assert "requests_" not in tables and "organisations_" not in tables


def test_a_refused_status_change_shows_its_error_with_a_token(page_cache, client):
    improvement = filed()
    client.force_login(StaffFactory())
    client.get(improvement.get_absolute_url())
    response = client.post(
        reverse("requests:status", args=[improvement.reference]), {"status": "nonsense"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    action = f'action="{reverse("requests:status", args=[improvement.reference])}"'
    form = html.split(action)[1].split("</form>")[0]
    assert 'class="form-errors"' in form and 'name="csrfmiddlewaretoken"' in form
    assert "<!--slot:" not in html


def test_with_redis_a_served_page_reads_the_session_and_the_person_only(redis_pages, client):
    """The versions in Redis next to the fragments: a référent's page costs the floor's queries,
    and their organisation's endorsement shows on their next visit."""
    improvement = filed()
    organisation = OrganisationFactory(name="Ville de Gentilly")
    referent = referent_of(organisation)
    url = improvement.get_absolute_url()
    client.force_login(referent)
    assert 'id="h-endorse"' in page(client, url, referent)
    assert count_queries(client, url) == 2

    services.endorse(
        improvement=improvement, organisation=organisation, person=referent, use_case="Oui."
    )
    seen = page(client, url, referent)
    assert withdraw_url(improvement, organisation) in seen and 'id="h-endorse"' not in seen
