import io

from django.core.management import call_command

from cercle.outbox.models import Message
from cercle.requests.models import ImprovementRequest


def test_demo_builds_a_club_without_leaving_emails_to_send(db):
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert ImprovementRequest.objects.count() > 50
    assert Message.objects.count() == 0
    assert "anais.morel@editeur.demo.test" in out.getvalue()
