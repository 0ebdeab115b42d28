"""The members' page (table, invitation form, pending invitations) is cached per organisation:
the next visit shows a change, each manager gets forms with their own CSRF token and the form
they sent back, an invitation shows as expired once it is, and only managers are shown it."""

import re
from datetime import timedelta
from types import SimpleNamespace

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cercle.organisations import services, views
from cercle.organisations.enums import Role
from cercle.organisations.models import Invitation
from tests.factories import OrganisationFactory, StaffFactory, agent_of, referent_of

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def members_url(organisation):
    return reverse("organisations:members", args=[organisation.slug])


def page(client, organisation):
    response = client.get(members_url(organisation))
    assert response.status_code == 200
    return response.content.decode()


def test_a_new_member_a_new_role_and_a_new_name_show_on_the_next_visit(page_cache, client):
    organisation = OrganisationFactory()
    client.force_login(referent_of(organisation))
    agent = agent_of(organisation, user__display_name="Camille Martin")
    before = page(client, organisation)

    membership = agent.memberships.get()
    client.post(
        reverse("organisations:change_role", args=[organisation.slug, membership.pk]),
        {"role": Role.REFERENT},
    )
    agent.display_name = "Camille Durand"
    agent.save()
    newcomer = agent_of(organisation, user__display_name="Dominique Petit")
    after = page(client, organisation)

    assert "Camille Martin" in before and "Dominique Petit" not in before
    assert "Camille Durand" in after and newcomer.email in after
    selected = re.search(rf'id="role-{membership.pk}">(.*?)</select>', after, re.DOTALL)
    assert f'value="{Role.REFERENT}" selected' in selected.group(1)


def test_each_manager_gets_forms_with_their_own_token(page_cache):
    organisation = OrganisationFactory()
    agent = agent_of(organisation)
    seen = []
    for manager in (referent_of(organisation), StaffFactory()):
        client = Client(enforce_csrf_checks=True)
        client.force_login(manager)
        html = page(client, organisation)
        table = html.split("<table>")[1].split("</table>")[0]
        assert "<!--slot:" not in html
        seen.append((client, TOKEN.findall(table)[0]))
    (first, first_token), (second, second_token) = seen
    membership = agent.memberships.get()
    url = reverse("organisations:change_role", args=[organisation.slug, membership.pk])
    # The first viewer's token, had it stayed in the cached table, would not serve the second.
    refused = second.post(url, {"role": Role.REFERENT, "csrfmiddlewaretoken": first_token})
    assert refused.status_code == 403
    # The token the second viewer finds in the table is theirs, and works.
    response = second.post(url, {"role": Role.REFERENT, "csrfmiddlewaretoken": second_token})
    assert response.status_code == 302


def test_the_cached_table_is_still_refused_to_who_may_not_manage(page_cache, client):
    organisation = OrganisationFactory()
    agent = agent_of(organisation)
    client.force_login(referent_of(organisation))
    page(client, organisation)
    client.force_login(agent)
    assert client.get(members_url(organisation)).status_code == 403
    client.force_login(referent_of(OrganisationFactory()))
    assert client.get(members_url(organisation)).status_code == 403
    client.logout()
    assert client.get(members_url(organisation)).status_code == 302


def pending(html):
    return html.split('<ul class="pending-invitations">')[1].split("</ul>")[0]


def test_invitations_sent_readdressed_and_accepted_show_on_the_next_visit(page_cache, client):
    organisation = OrganisationFactory()
    referent = referent_of(organisation)
    client.force_login(referent)
    assert "pending-invitations" not in page(client, organisation)
    token = services.invite_member(
        organisation=organisation,
        email="first@example.test",
        role=Role.AGENT,
        invited_by=referent,
    )
    assert "first@example.test" in pending(page(client, organisation))
    invitation = Invitation.objects.get()
    services.readdress_invitation(
        invitation=invitation, email="second@example.test", actor=referent
    )
    html = pending(page(client, organisation))
    assert "second@example.test" in html and "first@example.test" not in html
    services.accept_invitation(
        token=token, user=agent_of(OrganisationFactory(), user__email="second@example.test")
    )
    assert "pending-invitations" not in page(client, organisation)


def test_an_invitation_shows_as_expired_once_it_is_though_the_page_is_cached(
    page_cache, client, monkeypatch
):
    organisation = OrganisationFactory()
    referent = referent_of(organisation)
    client.force_login(referent)
    services.invite_member(
        organisation=organisation,
        email="late@example.test",
        role=Role.AGENT,
        invited_by=referent,
    )
    invitation = Invitation.objects.get()
    valid = pending(page(client, organisation))
    assert "valable jusqu’au" in valid and "expirée" not in valid
    assert f'id="readdress-{invitation.pk}"' in valid
    # The same fragment, read by the page a microsecond after the expiry (the session, checked
    # on the real clock, still open): no write happened in between.
    later = invitation.expires_at + timedelta(microseconds=1)
    monkeypatch.setattr(views, "timezone", SimpleNamespace(now=lambda: later))
    expired = pending(page(client, organisation))
    assert "expirée" in expired and "valable jusqu’au" not in expired
    assert "readdress-" not in expired
    assert "<!--slot:" not in expired


def test_the_invitation_form_sent_back_is_shown_to_its_sender_only(page_cache):
    organisation = OrganisationFactory()
    first, second = Client(), Client()
    first.force_login(referent_of(organisation))
    second.force_login(StaffFactory())
    page(first, organisation)
    response = first.post(members_url(organisation), {"email": "typed-by-first", "role": "x"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="form-errors"' in html and 'value="typed-by-first"' in html
    assert 'aria-invalid="true"' in html
    for client in (first, second):
        html = page(client, organisation)
        assert "typed-by-first" not in html and 'class="form-errors"' not in html
        assert '<option value="agent" selected>' in html


def test_members_page_queries_do_not_grow_with_members_and_invitations(page_cache, client):
    organisation = OrganisationFactory()
    referent = referent_of(organisation)
    client.force_login(referent)

    def queries():
        page(client, organisation)  # the fragment rendered once for this data
        with CaptureQueriesContext(connection) as captured:
            page(client, organisation)
        return len(captured)

    few = queries()
    for n in range(10):
        agent_of(organisation)
        services.invite_member(
            organisation=organisation,
            email=f"p{n}@example.test",
            role=Role.AGENT,
            invited_by=referent,
        )
    assert queries() == few
    # Session, person, the organisation with the référent's membership, the data versions.
    assert few == 4


def test_an_unknown_organisation_is_not_found_for_a_referent_or_staff(db, client):
    for person in (referent_of(OrganisationFactory()), StaffFactory()):
        client.force_login(person)
        assert client.get(reverse("organisations:members", args=["nowhere"])).status_code == 404
