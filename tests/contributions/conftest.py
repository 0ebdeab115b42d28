import pytest

from tests.contributions.factories import open_call
from tests.factories import OrganisationFactory, agent_of, referent_of
from tests.meetings.factories import two_day_meeting


@pytest.fixture
def meeting_days(db):
    return two_day_meeting()


@pytest.fixture
def meeting(meeting_days):
    return meeting_days[0]


@pytest.fixture
def referee(db):
    """A référent of another organisation, named on this meeting's programme committee."""
    return referent_of(OrganisationFactory())


@pytest.fixture
def call(meeting, referee):
    return open_call(meeting, referees=[referee])


@pytest.fixture
def proposer(organisation):
    return agent_of(organisation)
