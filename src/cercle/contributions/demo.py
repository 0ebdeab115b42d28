"""Demo: an open call for contributions on the 13th meeting (Toulouse), with a few proposals."""

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from cercle.contributions import services
from cercle.contributions.enums import Format, Level
from cercle.contributions.models import Call, Proposal
from cercle.meetings.enums import Audience
from cercle.meetings.models import PARIS, Meeting
from cercle.organisations.models import Membership

DEADLINE = datetime(2027, 4, 30, 18, 0, tzinfo=PARIS)
PROPOSALS = [
    (
        "agent1.ville-de-villejuif@demo.test",
        "Un an de démarches en ligne à Villejuif",
        Format.EXPERIENCE_REPORT,
        Level.NEWCOMERS,
        Audience.FUNCTIONAL,
    ),
    (
        "referent0.commune-de-saint-lunaire@demo.test",
        "Une petite commune sur le portail : par où commencer ?",
        Format.LIGHTNING_TALK,
        Level.NEWCOMERS,
        Audience.BUSINESS,
    ),
    (
        "referent0.metropole-de-lyon@demo.test",
        "Connecteurs et API : atelier pratique",
        Format.WORKSHOP,
        Level.EXPERTS,
        Audience.TECHNICAL,
    ),
]


def _propose(call, email, title, fmt, level, audience):
    person = get_user_model().objects.filter(email=email).first()
    membership = Membership.objects.filter(user=person).select_related("organisation").first()
    if person is None or membership is None or Proposal.objects.filter(title=title).exists():
        return
    proposal = Proposal(
        call=call,
        proposer=person,
        organisation=membership.organisation,
        title=title,
        abstract="Ce que nous avons fait, ce qui a marché, ce que nous referions autrement.",
        format=fmt,
        level=level,
        audience=audience,
        objectives="Repartir avec une méthode et des exemples concrets.",
        prerequisites="" if level == Level.NEWCOMERS else "Connaître l'administration du portail.",
        duration=10 if fmt == Format.LIGHTNING_TALK else 45,
    )
    line = services.SpeakerLine(
        name=person.display_name, organisation_name=membership.organisation.name, person=person
    )
    # The demo's call stays open; should the demo run after its deadline, file just before it.
    now = min(timezone.now(), call.deadline - timedelta(minutes=1))
    services.submit_proposal(proposal=proposal, speakers=[line], now=now)


def load(*, stdout):
    meeting = Meeting.objects.filter(edition=13).first()
    if meeting is None:
        stdout.write("  contributions: skipped (13th meeting missing)")
        return []
    call, created = Call.objects.get_or_create(
        meeting=meeting, defaults={"deadline": DEADLINE, "formats": list(Format.values)}
    )
    referee = get_user_model().objects.filter(email="referent0.ville-de-villejuif@demo.test")
    if created:
        call.referees.set(referee)
    for row in PROPOSALS:
        _propose(call, *row)
    newcomers = call.proposals.filter(from_newcomer=True).count()
    stdout.write(
        f"  contributions: {call.proposals.count()} proposals ({newcomers} from new members)"
    )
    return [("referent0.ville-de-villejuif@demo.test", "programme committee of the 13th meeting")]
