"""The members' table is cached per organisation: the next visit shows a change, each manager
gets forms with their own CSRF token, and only managers are shown it."""

import re

from django.test import Client
from django.urls import reverse

from cercle.organisations.enums import Role
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
