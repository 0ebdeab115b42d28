from decimal import Decimal

from cercle.funding import services
from cercle.requests.enums import Status
from cercle.requests.services import advance_status
from tests.factories import OrganisationFactory, StaffFactory, referent_of
from tests.requests.factories import endorse_by_new_organisations, filed


def retained_request():
    """An eligible request taken through a ballot and retained, as a vote campaign would."""
    improvement = filed()
    endorse_by_new_organisations(improvement, 2)
    improvement = advance_status(improvement=improvement, status=Status.ON_BALLOT)
    return advance_status(improvement=improvement, status=Status.RETAINED)


def costed_item(*, days="10", rate=50_000, staff=None):
    """A retained request costed at days × rate (default 10 × 500 € = 5,000 €)."""
    staff = staff or StaffFactory()
    improvement = retained_request()
    estimate = services.record_estimate(
        improvement=improvement,
        days=Decimal(days),
        daily_rate_cents=rate,
        assumptions="",
        actor=staff,
    )
    return estimate.item


def pledger(item, *, population=10_000):
    organisation = OrganisationFactory(population=population)
    return organisation, referent_of(organisation)
