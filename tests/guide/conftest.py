import pytest

from tests.guide.factories import people as make_people


@pytest.fixture
def people(db):
    return make_people()
