"""Setting up a campaign: its parameters, the requests on its ballot, the weights."""

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cercle.audit.services import record
from cercle.core.errors import DomainError
from cercle.requests import services as request_services
from cercle.requests.enums import Status
from cercle.votes import permissions
from cercle.votes.enums import Phase, Subject, VotingMethod
from cercle.votes.models import Campaign, CampaignItem, OrganisationWeight
from cercle.votes.recount import MAX_CANDIDATES

CAMPAIGN_FIELDS = [
    "title",
    "description",
    "opens_at",
    "closes_at",
    "seats",
    "method",
    "max_choices",
    "total_points",
    "max_per_request",
    "tie_rule",
    "results_visibility",
    "ballot_privacy",
]
# Once the first ballot is cast, changing these would change what the ballots mean.
LOCKED_BY_FIRST_BALLOT = [
    "method",
    "max_choices",
    "total_points",
    "max_per_request",
    "ballot_privacy",
]
# Announced from the opening: they no longer move after it.
LOCKED_AT_OPENING = ["opens_at", "seats", "tie_rule"]
PARAMS_OF = {
    VotingMethod.APPROVAL: ["max_choices"],
    VotingMethod.POINTS: ["total_points", "max_per_request"],
    VotingMethod.SCHULZE: [],
}
# Reasons written in the requests' public history (translated when written).
PLACED = gettext_noop("Placed on the ballot of the vote “%(title)s”.")
TAKEN_OFF = gettext_noop("Taken off the ballot of the vote “%(title)s”.")


def check_manager(actor) -> None:
    if not permissions.can_manage(actor):
        raise DomainError("forbidden", _("Only the vendor's staff can run vote campaigns."))


def history_reason(message: str, campaign: Campaign) -> str:
    # The request history is public and read in the club's language.
    with translation.override("fr"):
        return gettext_now(message) % {"title": campaign.title}


def _check_consistency(campaign: Campaign) -> None:
    if campaign.closes_at <= campaign.opens_at:
        raise DomainError(
            "closes_before_opening",
            _("The vote must close after it opens."),
            fields=["closes_at"],
        )
    if not campaign.seats:
        raise DomainError(
            "no_seats", _("Say how many requests will be retained."), fields=["seats"]
        )
    missing = [name for name in PARAMS_OF[campaign.method] if not getattr(campaign, name)]
    if missing:
        raise DomainError("params_required", _("This method needs this number."), fields=missing)
    for name in {"max_choices", "total_points", "max_per_request"} - set(
        PARAMS_OF[campaign.method]
    ):
        setattr(campaign, name, None)
    if campaign.method == VotingMethod.POINTS and campaign.max_per_request > campaign.total_points:
        raise DomainError(
            "points_per_request_above_total",
            _("At most the number of points to distribute."),
            fields=["max_per_request"],
        )


@transaction.atomic
def create_campaign(*, actor, data: dict, subject: str = Subject.REQUESTS, options=()) -> Campaign:
    """Staff set up a campaign (it opens by itself at ``opens_at``). Audited.

    A vote on requests gets its requests afterwards (``add_request``). Another subject (a
    hosting vote) comes with its ``options`` at once: (reference, label, link) triples, the
    reference a short code safe in a spreadsheet cell; they never change afterwards.
    """
    check_manager(actor)
    values = {name: data[name] for name in CAMPAIGN_FIELDS if data.get(name) is not None}
    campaign = Campaign(created_by=actor, subject=subject, **values)
    campaign.description = campaign.description or ""
    _check_consistency(campaign)
    if campaign.opens_at <= timezone.now():
        raise DomainError(
            "opens_in_the_past",
            _("The opening time must be in the future."),
            fields=["opens_at"],
        )
    options = list(options)
    if campaign.is_hosting:
        if not options:
            raise DomainError("no_options", _("A vote needs at least one option on its ballot."))
        if campaign.seats > len(options):
            raise DomainError(
                "too_many_seats",
                _("At most the number of options on the ballot (%(count)s)."),
                fields=["seats"],
                count=len(options),
            )
    elif options:
        raise DomainError("requests_only", _("Place requests on this ballot one by one."))
    campaign.save()
    CampaignItem.objects.bulk_create(
        CampaignItem(campaign=campaign, reference=reference, label=label[:200], url=url)
        for reference, label, url in options
    )
    record(
        actor=actor,
        action="vote.campaign_created",
        target=campaign,
        details={"subject": campaign.subject, "options": [ref for ref, *_rest in options]},
    )
    return campaign


def locked_fields(campaign: Campaign) -> set[str]:
    """The fields staff can no longer change, given where the campaign stands."""
    phase = campaign.phase()
    if phase in {Phase.CLOSED, Phase.COUNTING}:
        return set(CAMPAIGN_FIELDS) - {"title", "description"}
    # A hosting vote retains one candidacy: the hosting app set its seats.
    locked = {"seats"} if campaign.is_hosting else set()
    if phase is not Phase.UPCOMING:
        locked.update(LOCKED_AT_OPENING)
    if campaign.ballots.exists():
        locked.update(LOCKED_BY_FIRST_BALLOT)
    return locked


@transaction.atomic
def update_campaign(*, campaign, actor, data: dict) -> Campaign:
    """Staff edit a campaign; a locked field that changes is refused ("locked")."""
    check_manager(actor)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    changed = [
        name for name in CAMPAIGN_FIELDS if name in data and data[name] != getattr(campaign, name)
    ]
    refused = [name for name in changed if name in locked_fields(campaign)]
    if refused:
        raise DomainError(
            "locked", _("This can no longer change: the vote has started."), fields=refused
        )
    for name in changed:
        setattr(campaign, name, data[name])
    _check_consistency(campaign)
    if "closes_at" in changed and campaign.closes_at <= timezone.now():
        raise DomainError(
            "closes_in_the_past",
            _("The closing time must be in the future."),
            fields=["closes_at"],
        )
    campaign.save()
    record(
        actor=actor, action="vote.campaign_updated", target=campaign, details={"fields": changed}
    )
    return campaign


def _ballot_frozen() -> DomainError:
    return DomainError("ballot_frozen", _("The ballot can only change before the vote opens."))


def _check_requests_vote(campaign) -> None:
    if campaign.is_hosting:
        raise DomainError(
            "not_a_requests_vote",
            _("This vote is on host candidacies: requests cannot be placed on its ballot."),
        )


@transaction.atomic
def add_request(*, campaign, improvement, actor) -> CampaignItem:
    """Place an eligible request on an upcoming campaign's ballot; it goes "on ballot"."""
    check_manager(actor)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _check_requests_vote(campaign)
    if campaign.phase() is not Phase.UPCOMING:
        raise _ballot_frozen()
    improvement.refresh_from_db()
    if improvement.status != Status.ELIGIBLE:
        raise DomainError("not_eligible", _("Only eligible requests can be placed on a ballot."))
    if campaign.items.count() >= MAX_CANDIDATES:
        # The recount refuses more, so the site does too.
        raise DomainError(
            "ballot_full",
            _("A ballot holds at most %(max)s requests."),
            max=MAX_CANDIDATES,
        )
    item = CampaignItem.objects.create(
        campaign=campaign, request=improvement, reference=improvement.reference
    )
    request_services.advance_status(
        improvement=improvement,
        status=Status.ON_BALLOT,
        reason=history_reason(PLACED, campaign),
    )
    record(
        actor=actor,
        action="vote.request_added",
        target=campaign,
        details={"request": improvement.reference},
    )
    return item


@transaction.atomic
def remove_request(*, campaign, improvement, actor) -> None:
    """Take a request off an upcoming campaign's ballot; it is eligible again."""
    check_manager(actor)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _check_requests_vote(campaign)
    if campaign.phase() is not Phase.UPCOMING:
        raise _ballot_frozen()
    deleted, _count = CampaignItem.objects.filter(campaign=campaign, request=improvement).delete()
    if not deleted:
        raise DomainError("not_on_ballot", _("This request is not on the ballot."))
    improvement.refresh_from_db()
    if improvement.status == Status.ON_BALLOT:
        request_services.advance_status(
            improvement=improvement,
            status=Status.ELIGIBLE,
            reason=history_reason(TAKEN_OFF, campaign),
        )
    record(
        actor=actor,
        action="vote.request_removed",
        target=campaign,
        details={"request": improvement.reference},
    )


def weights_editable(campaign) -> bool:
    """Weights change only before the first ballot, and never once the vote has closed."""
    if campaign.phase() in {Phase.COUNTING, Phase.CLOSED}:
        return False
    return not campaign.ballots.exists()


@transaction.atomic
def set_weight(*, campaign, organisation, weight: int, actor) -> None:
    """Give an organisation's ballot a weight (1 = default) before the first ballot."""
    check_manager(actor)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if not weights_editable(campaign):
        raise DomainError(
            "weights_locked", _("Weights can only change before the first ballot is cast.")
        )
    if weight < 1:
        raise DomainError(
            "invalid_weight", _("A weight is a whole number, 1 or more."), fields=["weight"]
        )
    if weight == 1:
        OrganisationWeight.objects.filter(campaign=campaign, organisation=organisation).delete()
    else:
        OrganisationWeight.objects.update_or_create(
            campaign=campaign, organisation=organisation, defaults={"weight": weight}
        )
    record(
        actor=actor,
        action="vote.weight_set",
        target=campaign,
        details={"organisation": organisation.slug, "weight": weight},
    )
