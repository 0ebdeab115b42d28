from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cercle.core import pagecache
from cercle.core.errors import DomainError
from cercle.votes import permissions, services
from cercle.votes.enums import Phase
from cercle.votes.forms import BallotForm
from cercle.votes.models import Ballot, BallotVersion, Campaign


def _campaign_lists() -> str:
    campaigns = list(Campaign.objects.annotate(item_count=Count("items")))
    by_phase = {phase: [] for phase in Phase}
    for campaign in campaigns:
        by_phase[campaign.phase()].append(campaign)
    return render_to_string(
        "votes/includes/list_body.html",
        {
            "open": by_phase[Phase.OPEN],
            "upcoming": sorted(by_phase[Phase.UPCOMING], key=lambda c: c.opens_at),
            "closed": by_phase[Phase.COUNTING] + by_phase[Phase.CLOSED],
        },
    )


def campaign_list(request):
    # Votes open and close at their time without any write: the phases are part of the key.
    phases = [
        (c.pk, c.phase())
        for c in Campaign.objects.only("opens_at", "closes_at", "closed_at").order_by("pk")
    ]
    body = pagecache.fragment(
        "votes:list",
        topics=("votes",),
        vary=(get_language(), phases),
        render=_campaign_lists,
    )
    return render(
        request,
        "votes/list.html",
        {"body": body, "can_manage": permissions.can_manage(request.user)},
    )


# What a campaign's page shows: the campaign, its items and ballots (votes), the requests'
# titles (requests), the size of the electorate (organisations).
DETAIL_TOPICS = ("votes", "requests", "organisations")


def _campaign_body(campaign, phase, options_readable) -> str:
    """What everyone sees of a campaign: no ballot form, nothing of the person's (whether the
    options link to their pages is one of two versions, for those who may open them or not)."""
    items = list(campaign.items.select_related("request").order_by("reference"))
    voted, allowed = services.participation(campaign)
    return render_to_string(
        "votes/includes/detail_body.html",
        {
            "campaign": campaign,
            "phase": phase,
            "items": items,
            "voted": voted,
            "allowed": allowed,
            "results_visible": services.results_visible(campaign),
            "tie_break_rule": services.tie_break_rule(campaign),
            "options_readable": options_readable,
        },
    )


def _yours(user, campaign) -> str:
    """The person's organisations: their ballots' receipts and, while the vote is open, a
    button per organisation they cast the ballot for (nothing of staff's, no CSRF token)."""
    context = {
        "campaign": campaign,
        "voting": list(permissions.voting_organisations(user).order_by("name")),
        "own_ballots": list(
            Ballot.objects.filter(campaign=campaign, organisation__memberships__user=user)
            .select_related("organisation")
            .order_by("organisation__name")
        ),
    }
    if not (context["voting"] or context["own_ballots"]):
        return ""
    return render_to_string("votes/includes/detail/yours.html", context)


def _personal(user, campaign, phase, can_manage, read):
    """Whether the options link to their pages, and the person's part of the page: cached for
    the person on the versions `read` (their memberships, the ballots), the phase and the
    staff flag (read with the person at each request) in the key."""
    if not user.is_authenticated:
        return permissions.can_read_options(user, campaign), ""
    return pagecache.value(
        "votes:detail-yours",
        topics=DETAIL_TOPICS,
        vary=(campaign.pk, user.pk, phase, get_language(), can_manage),
        read=read,
        compute=lambda: (permissions.can_read_options(user, campaign), _yours(user, campaign)),
    )


def campaign_detail(request, pk):
    # The versions first: the campaign, its fragment and the person's part are read after
    # them, cached under them.
    read = pagecache.snapshot(DETAIL_TOPICS)
    campaign = pagecache.value(
        "votes:campaign",
        topics=DETAIL_TOPICS,
        vary=(pk,),
        read=read,
        compute=lambda: get_object_or_404(Campaign, pk=pk),
    )
    # A vote opens and closes at its time without any write: the phase is part of the keys.
    phase = campaign.phase()
    user = request.user
    can_manage = permissions.can_manage(user)
    options_readable, yours = _personal(user, campaign, phase, can_manage, read)
    body = pagecache.fragment(
        "votes:detail",
        topics=DETAIL_TOPICS,
        vary=(campaign.pk, phase, get_language(), options_readable),
        render=lambda: _campaign_body(campaign, phase, options_readable),
        read=read,
    )
    context = {"campaign": campaign, "can_manage": can_manage}
    if can_manage:  # rendered afresh
        context["can_close"] = campaign.is_open or campaign.is_counting
        context["results_visible"] = services.results_visible(campaign, user)

    def part(name, key):
        if name == "yours":
            return yours
        if name == "staff":
            if not can_manage:
                return ""
            return render_to_string("votes/includes/detail/staff.html", context, request=request)
        if name == "results" and can_manage:  # staff also see a result awaiting them
            return render_to_string("votes/includes/detail/results.html", context)
        return None

    return render(
        request,
        "votes/detail.html",
        {"campaign": campaign, "body": pagecache.fill(body, part)},
    )


@login_required
def ballot(request, pk, organisation):
    campaign = get_object_or_404(Campaign, pk=pk)
    organisation = get_object_or_404(permissions.electorate(), slug=organisation)
    if not permissions.can_vote(request.user, organisation):
        raise PermissionDenied
    items = list(campaign.items.select_related("request").order_by("reference"))
    current = Ballot.objects.filter(campaign=campaign, organisation=organisation).first()
    versions = (
        BallotVersion.objects.filter(ballot=current).select_related("cast_by") if current else []
    )
    initial = BallotForm.initial_from(campaign, versions[0].lines) if current else None
    is_open = campaign.phase() is Phase.OPEN
    form = BallotForm(
        request.POST if request.method == "POST" and is_open else None,
        campaign=campaign,
        items=items,
        initial=initial,
    )
    if request.method == "POST" and is_open and form.is_valid():
        try:
            cast = services.cast_ballot(
                campaign=campaign,
                organisation=organisation,
                person=request.user,
                lines=form.lines(),
            )
        except DomainError as error:
            if error.params.get("request") or error.code in BALLOT_RULES:
                form.add_ballot_error(error)
            else:
                messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("The ballot of %(organisation)s is recorded. Receipt code: %(receipt)s")
                % {"organisation": organisation.name, "receipt": cast.receipt},
            )
            return redirect("votes:ballot", pk=campaign.pk, organisation=organisation.slug)
    return render(
        request,
        "votes/ballot.html",
        {
            "campaign": campaign,
            "organisation": organisation,
            "form": form,
            "current": current,
            "versions": versions,
            "is_open": is_open,
        },
        status=400 if form.errors else 200,
    )


# Rules of the method, shown on the form; other refusals (closed meanwhile) become a message.
BALLOT_RULES = {"empty_ballot", "too_many_choices", "too_many_points"}
