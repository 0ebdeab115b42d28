import io

import pytest
from django.core.management import call_command

from cercle.contributions.models import Call

pytestmark = pytest.mark.django_db


def test_demo_opens_a_call_on_the_13th_meeting_with_proposals_idempotently():
    call_command("demo", stdout=io.StringIO())
    call_command("demo", stdout=io.StringIO())

    call = Call.objects.get(meeting__edition=13)
    assert call.proposals.count() == 3
    assert call.proposals.filter(from_newcomer=True).exists()
    assert call.referees.filter(email="referent0.ville-de-villejuif@demo.test").exists()
