"""Vote campaigns and results for all; référents cast or change their organisation's ballot."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from cercle.api import serializers as api
from cercle.api.permissions import TokenRequired, TokenScope
from cercle.api.views.common import (
    ERROR,
    READ_ERRORS,
    WRITE_ERRORS,
    read_filters,
)
from cercle.core.errors import DomainError
from cercle.organisations.models import Organisation
from cercle.votes import services as vote_services
from cercle.votes.enums import Subject, VotingMethod
from cercle.votes.models import Ballot, BallotVersion, Campaign
from cercle.votes.permissions import can_vote

# The API speaks of requests: votes on host candidacies are on the site only.
REQUEST_VOTES = Campaign.objects.filter(subject=Subject.REQUESTS)


@extend_schema(parameters=[api.PageFilters], responses={200: api.CampaignSerializer, **READ_ERRORS})
class CampaignList(generics.ListAPIView):
    """Vote campaigns, the latest closing first."""

    serializer_class = api.CampaignSerializer

    def get_queryset(self):
        read_filters(self.request, api.PageFilters)
        return REQUEST_VOTES.order_by("-closes_at", "-pk")


class CampaignDetail(APIView):
    @extend_schema(responses={200: api.CampaignDetailSerializer, **READ_ERRORS})
    def get(self, request, pk):
        """A campaign, the requests on its ballot and its participation."""
        campaign = get_object_or_404(REQUEST_VOTES, pk=pk)
        campaign.item_rows = list(campaign.items.select_related("request").order_by("reference"))
        voted, electorate = vote_services.participation(campaign)
        campaign.participation = {"voted": voted, "electorate": electorate}
        return Response(api.CampaignDetailSerializer(campaign).data)


class CampaignResults(APIView):
    @extend_schema(responses={200: api.ResultsSerializer, **READ_ERRORS, 403: ERROR})
    def get(self, request, pk):
        """The ranked result: once published, or live when the campaign shows it live."""
        campaign = get_object_or_404(REQUEST_VOTES, pk=pk)
        if not vote_services.results_visible(campaign, request.user):
            raise DomainError("forbidden", _("The results of this vote are not published yet."))
        rows = vote_services.result_rows(campaign)
        return Response(
            {
                "campaign": campaign.pk,
                "published": vote_services.results_published(campaign),
                "rows": api.ResultRowSerializer(rows, many=True).data,
            }
        )


def _ballot_lines(campaign, lines):
    """The shape the method takes: a list of references, or reference → whole number."""
    if campaign.method == VotingMethod.APPROVAL:
        if isinstance(lines, list) and all(isinstance(ref, str) for ref in lines):
            return lines
        raise ValidationError({"lines": [_("Give a list of request references.")]})
    if isinstance(lines, dict) and all(
        isinstance(value, int) and not isinstance(value, bool) for value in lines.values()
    ):
        return lines
    raise ValidationError({"lines": [_("Give each request reference a whole number.")]})


def _ballot_data(ballot) -> dict:
    version = BallotVersion.objects.filter(ballot=ballot).order_by("-number").first()
    ballot.current_lines = version.lines if version else {}
    return api.BallotSerializer(ballot).data


class BallotView(APIView):
    """An organisation's ballot in a campaign: its référents read it and cast or change it."""

    permission_classes = [TokenScope, TokenRequired]

    def _campaign_andorganisation_named(self, request, pk, organisation):
        campaign = get_object_or_404(REQUEST_VOTES, pk=pk)
        organisation = get_object_or_404(Organisation, slug=organisation)
        return campaign, organisation

    @extend_schema(responses={200: api.BallotSerializer, **WRITE_ERRORS})
    def get(self, request, pk, organisation):
        campaign, organisation = self._campaign_andorganisation_named(request, pk, organisation)
        if not can_vote(request.user, organisation):
            raise DomainError(
                "not_referent", _("Only a référent of this organisation can cast its ballot.")
            )
        ballot = get_object_or_404(
            Ballot.objects.select_related("organisation"),
            campaign=campaign,
            organisation=organisation,
        )
        return Response(_ballot_data(ballot))

    @extend_schema(
        request=api.BallotInputSerializer, responses={200: api.BallotSerializer, **WRITE_ERRORS}
    )
    def put(self, request, pk, organisation):
        """Cast the ballot, or change it while the vote is open (every version is kept)."""
        campaign, organisation = self._campaign_andorganisation_named(request, pk, organisation)
        payload = api.BallotInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        lines = _ballot_lines(campaign, payload.validated_data["lines"])
        ballot = vote_services.cast_ballot(
            campaign=campaign, organisation=organisation, person=request.user, lines=lines
        )
        ballot.organisation = organisation
        return Response(_ballot_data(ballot))
