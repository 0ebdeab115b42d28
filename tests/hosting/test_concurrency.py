import threading

import pytest
from django.db import connection

from cercle.core.errors import DomainError
from cercle.hosting import services
from cercle.hosting.models import Answer, Candidacy
from tests.factories import OrganisationFactory, referent_of
from tests.hosting.factories import answers_for, make_call


@pytest.mark.postgres
def test_twenty_simultaneous_submissions_make_one_candidacy(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every write")
    organisation = OrganisationFactory()
    referents = [referent_of(organisation) for _ in range(20)]
    call = make_call()
    answers = answers_for(call)
    start = threading.Barrier(20)
    results = []

    def run(index):
        try:
            start.wait()
            services.submit_candidacy(
                call=call, organisation=organisation, person=referents[index], answers=answers
            )
            results.append("created")
        except DomainError as error:
            results.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == ["already_applied"] * 19 + ["created"]
    assert Candidacy.objects.filter(call=call).count() == 1
    assert Answer.objects.count() == len(answers)
