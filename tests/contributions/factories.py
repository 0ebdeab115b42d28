from datetime import datetime, timedelta

from cercle.contributions import services
from cercle.contributions.enums import Format, Level
from cercle.contributions.models import Call, Proposal
from cercle.meetings.enums import Audience
from cercle.meetings.models import PARIS

# Friday 1 May 2099, 18:00 in Paris (16:00 UTC, summer time).
DEADLINE = datetime(2099, 5, 1, 18, 0, tzinfo=PARIS)


def open_call(meeting, *, deadline=DEADLINE, formats=None, referees=()):
    call = Call.objects.create(
        meeting=meeting, deadline=deadline, formats=formats or list(Format.values)
    )
    call.referees.set(referees)
    return call


def before(call):
    return call.deadline - timedelta(minutes=1)


def propose(call, person, organisation, *, title="Notre portail citoyen", now=None, **fields):
    """A proposal submitted through the service, before the deadline unless `now` says."""
    values = {
        "title": title,
        "abstract": "Comment nous avons ouvert le portail en six mois.",
        "format": Format.EXPERIENCE_REPORT,
        "level": Level.NEWCOMERS,
        "audience": Audience.FUNCTIONAL,
        "objectives": "Savoir lancer le portail.",
        "prerequisites": "",
        "duration": 30,
        **fields,
    }
    speakers = fields.pop("speakers", None) or [
        services.SpeakerLine(
            name=person.display_name, organisation_name=organisation.name, person=person
        )
    ]
    values.pop("speakers", None)
    proposal = Proposal(call=call, proposer=person, organisation=organisation, **values)
    return services.submit_proposal(proposal=proposal, speakers=speakers, now=now or before(call))


def form_data(organisation, *, colleagues=(), **extra):
    """What a member submits on the proposal page."""
    return {
        "organisation": str(organisation.pk),
        "title": "Notre portail citoyen",
        "abstract": "Comment nous avons ouvert le portail en six mois.",
        "format": Format.EXPERIENCE_REPORT,
        "level": Level.NEWCOMERS,
        "audience": Audience.FUNCTIONAL,
        "objectives": "Savoir lancer le portail.",
        "prerequisites": "",
        "duration": "30",
        "colleagues": [str(person.pk) for person in colleagues],
        "other_speakers": "",
        **extra,
    }
