"""Real concurrency on PostgreSQL: twenty first sign-ins through the provider at once.

Each of the twenty browsers goes through the whole flow at the real provider; only the
returns to Cercle are sent at the same moment.
"""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client

from cercle.accounts.models import OidcIdentity
from cercle.organisations.enums import Role
from cercle.organisations.models import Membership
from cercle.organisations.services import invite_member
from tests.factories import OrganisationFactory, UserFactory, referent_of
from tests.oidc_provider.fixtures import log_in_at_provider

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("oidc_settings")]

PEOPLE = 20


def _returns_at_once(email, query=""):
    """Twenty browsers each log in at the provider; their returns reach Cercle together."""
    browsers = []
    for _ in range(PEOPLE):
        client = Client(raise_request_exception=False)
        start = client.get(f"/connexion/oidc/suite/{query}")
        callback = log_in_at_provider(start["Location"], email)
        browsers.append((client, callback.removeprefix("http://testserver")))
    barrier = threading.Barrier(PEOPLE)
    responses, errors = [], []

    def come_back(client, path):
        try:
            barrier.wait()
            responses.append(client.get(path))
        except Exception as exc:  # noqa: BLE001 - any failure is what this test looks for
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=come_back, args=browser) for browser in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return responses


@pytest.fixture
def postgres(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks and several connections")


def test_simultaneous_first_sign_ins_link_one_identity(postgres):
    marie = UserFactory(email="marie.dupont@quimper.test")
    responses = _returns_at_once(marie.email)
    assert [response.status_code for response in responses] == [302] * PEOPLE
    assert OidcIdentity.objects.filter(user=marie).count() == 1


def test_simultaneous_invited_sign_ins_make_one_account(postgres):
    city = OrganisationFactory()
    email = "claire.nouvelle@quimper.test"
    token = invite_member(
        organisation=city, email=email, role=Role.AGENT, invited_by=referent_of(city)
    )
    responses = _returns_at_once(email, query=f"?invitation={token}")
    statuses = [response.status_code for response in responses]
    # Signed in (the account made by one, or found by the others once made), or told the
    # invitation was just used: never an error page.
    assert set(statuses) <= {302, 410}
    assert statuses.count(302) >= 1
    assert get_user_model().objects.filter(email=email).count() == 1
    assert Membership.objects.filter(user__email=email, organisation=city).count() == 1
    assert OidcIdentity.objects.filter(user__email=email).count() == 1
