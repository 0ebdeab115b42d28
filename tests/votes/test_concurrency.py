import threading
from datetime import timedelta

import pytest
from django.db import connection

from cercle.votes import services
from cercle.votes.models import Ballot, BallotVersion
from tests.factories import OrganisationFactory, referent_of
from tests.votes.factories import eligible, open_campaign


@pytest.mark.postgres
def test_two_referents_casting_at_once_make_one_ballot_with_two_versions(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every write")
    requests = [eligible(), eligible()]
    campaign = open_campaign(requests=requests)
    organisation = OrganisationFactory()
    people = [referent_of(organisation), referent_of(organisation)]
    start = threading.Barrier(len(people))
    errors = []

    def vote(person, improvement):
        # Each thread has its own database connection, hence its own transaction.
        try:
            start.wait()
            services.cast_ballot(
                campaign=campaign,
                organisation=organisation,
                person=person,
                lines=[improvement.reference],
            )
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=vote, args=(person, improvement))
        for person, improvement in zip(people, requests, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    ballot = Ballot.objects.get(campaign=campaign)
    versions = BallotVersion.objects.filter(ballot=ballot)
    assert ballot.version_count == 2
    assert sorted(versions.values_list("number", flat=True)) == [1, 2]
    assert {v.cast_by_id for v in versions} == {p.pk for p in people}


@pytest.mark.postgres
def test_close_now_and_the_closing_job_at_once_close_the_vote_once(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every write")
    from django.utils import timezone

    from cercle.audit.models import AuditEntry
    from cercle.core.errors import DomainError
    from tests.factories import StaffFactory

    campaign = open_campaign(requests=[eligible()])
    staff = StaffFactory()
    start = threading.Barrier(2)
    errors = []

    def close_by_staff():
        try:
            start.wait()
            services.close_now(campaign=campaign, actor=staff)
        except DomainError as error:
            errors.append(error.code)  # the job got there first: refused cleanly
        finally:
            connection.close()

    def close_by_job():
        try:
            start.wait()
            services.close_due_campaigns(now=timezone.now() + timedelta(days=30))
        finally:
            connection.close()

    threads = [threading.Thread(target=close_by_staff), threading.Thread(target=close_by_job)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors in ([], ["already_closed"])
    assert AuditEntry.objects.filter(action="vote.campaign_closed").count() == 1


def _twenty_referents_campaign(subject):
    """An open campaign of either subject, its two ballot references, 20 référents of one
    organisation."""
    if subject == "hosting":
        from tests.factories import StaffFactory
        from tests.hosting.factories import open_club_vote, vote_call

        call, _candidacies = vote_call("Nancy", "Toulouse")
        campaign = open_club_vote(call, StaffFactory())
    else:
        campaign = open_campaign(requests=[eligible(), eligible()])
    references = list(campaign.items.values_list("reference", flat=True))
    organisation = OrganisationFactory()
    return campaign, references, organisation, [referent_of(organisation) for _ in range(20)]


@pytest.mark.postgres
@pytest.mark.parametrize("subject", ["requests", "hosting"])
def test_twenty_referents_casting_at_once_make_one_ballot(transactional_db, subject):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every write")
    campaign, references, organisation, people = _twenty_referents_campaign(subject)
    start = threading.Barrier(len(people))
    errors = []

    def vote(index, person):
        try:
            start.wait()
            services.cast_ballot(
                campaign=campaign,
                organisation=organisation,
                person=person,
                lines=[references[index % 2]],
            )
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=vote, args=pair) for pair in enumerate(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    ballot = Ballot.objects.get(campaign=campaign)
    assert ballot.version_count == 20
    assert sorted(
        BallotVersion.objects.filter(ballot=ballot).values_list("number", flat=True)
    ) == list(range(1, 21))
    assert ballot.lines.count() == 1
