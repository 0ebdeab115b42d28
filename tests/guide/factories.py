from dataclasses import dataclass
from decimal import Decimal

from cercle.guide.models import GuideTask
from tests.factories import OrganisationFactory, StaffFactory, agent_of, referent_of
from tests.meetings.factories import two_day_meeting


def guide_task(title="Réserver les salles", *, responsible="host", offset=-60, effort="2", **kw):
    return GuideTask.objects.create(
        title=title,
        responsible=responsible,
        offset_days=offset,
        effort_days=Decimal(effort),
        **kw,
    )


@dataclass
class People:
    """A meeting in June 2099 (first day Tuesday 2 June) and everyone who may look at it."""

    meeting: object
    days: list
    host: object
    host_referent: object
    host_agent: object
    other_org: object
    other_referent: object
    staff: object


def people() -> People:
    host = OrganisationFactory(name="Ville de Villejuif")
    meeting, days = two_day_meeting(host=host)
    other = OrganisationFactory(name="Toulouse Métropole")
    return People(
        meeting=meeting,
        days=days,
        host=host,
        host_referent=referent_of(host),
        host_agent=agent_of(host),
        other_org=other,
        other_referent=referent_of(other),
        staff=StaffFactory(),
    )
