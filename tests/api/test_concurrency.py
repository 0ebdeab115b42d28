"""Twenty calls at once on a one-time thing: one endorsement, the others told it exists."""

import threading

import pytest
from django.db import connection

from cercle.requests.models import Endorsement
from tests.api.conftest import client_for
from tests.factories import OrganisationFactory, referent_of
from tests.requests.factories import filed


@pytest.mark.postgres
def test_twenty_simultaneous_endorsements_make_one(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every write")
    improvement = filed()
    city = OrganisationFactory()
    person = referent_of(city)
    clients = [client_for(person) for _ in range(20)]
    url = f"/api/v1/requests/{improvement.reference}/endorsements/"
    start = threading.Barrier(len(clients))
    statuses = []

    def endorse(client):
        # Each thread has its own database connection, hence its own transaction.
        try:
            start.wait()
            response = client.post(url, {"organisation": city.slug, "use_case": "Chez nous."})
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=endorse, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses) == [201] + [409] * 19
    assert Endorsement.objects.filter(request=improvement, organisation=city).count() == 1
    improvement.refresh_from_db()
    assert improvement.endorsement_count == 2
