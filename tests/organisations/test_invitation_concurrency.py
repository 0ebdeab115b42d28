"""Real concurrency on PostgreSQL: twenty people use one invitation link at the same moment."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import reverse

from cercle.organisations import services
from cercle.organisations.enums import Role
from cercle.organisations.models import Membership
from tests.factories import OrganisationFactory, referent_of

pytestmark = pytest.mark.postgres

PEOPLE = 20
INVITED = "invited@example.test"


def test_simultaneous_uses_of_one_invitation_make_one_account_and_clear_refusals(
    transactional_db,
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks and several connections")
    organisation = OrganisationFactory()
    token = services.invite_member(
        organisation=organisation,
        email=INVITED,
        role=Role.AGENT,
        invited_by=referent_of(organisation),
    )
    url = reverse("organisations:invitation", args=[token])
    barrier = threading.Barrier(PEOPLE)
    responses, errors = [], []

    def use_link(number):
        try:
            client = Client(raise_request_exception=False)
            barrier.wait()
            responses.append(
                client.post(
                    url,
                    {
                        "display_name": f"Personne {number}",
                        "password1": "Un mot de passe solide 42",
                        "password2": "Un mot de passe solide 42",
                    },
                )
            )
        except Exception as exc:  # noqa: BLE001 - any failure is what this test looks for
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=use_link, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [302] + [410] * (PEOPLE - 1)
    refusals = [r.content.decode() for r in responses if r.status_code == 410]
    assert all("déjà été utilisée" in html for html in refusals)
    assert get_user_model().objects.filter(email=INVITED).count() == 1
    assert Membership.objects.filter(user__email=INVITED, organisation=organisation).count() == 1
