import pytest
from django.db import connection

from cercle.quarterly import services
from cercle.quarterly.models import AgendaItem
from tests.factories import StaffFactory
from tests.news.factories import at_once
from tests.quarterly.factories import quarterly_session
from tests.requests.factories import filed


@pytest.mark.postgres
def test_twenty_staff_adding_the_same_request_at_once_put_it_once_on_the_agenda(
    transactional_db,
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every write")
    staff = StaffFactory()
    session = quarterly_session(staff=staff)
    first, improvement = filed(title="Déjà là"), filed(title="Ajoutée vingt fois")
    services.add_to_agenda(session=session, actor=staff, requests=[first])

    errors = at_once(
        lambda: services.add_to_agenda(session=session, actor=staff, requests=[improvement])
    )

    assert errors == []
    assert list(AgendaItem.objects.values_list("request_id", "position")) == [
        (first.pk, 1),
        (improvement.pk, 2),
    ]
