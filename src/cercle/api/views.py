"""The API: thin views over the selectors and services the pages use.

Reads are public, like the pages; a write needs a token of scope write and goes through the
same service as the page, so the same rules and permissions apply. Refusals answer the JSON
shape of `cercle.api.errors`.
"""

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from cercle.api import serializers as api
from cercle.api.permissions import TokenRequired, TokenScope
from cercle.core.errors import DomainError
from cercle.funding.selectors import roadmap
from cercle.glossary.models import Term
from cercle.meetings import services as meeting_services
from cercle.meetings.enums import MeetingStatus
from cercle.meetings.lookups import meeting_for
from cercle.meetings.models import Meeting, Registration, Session
from cercle.meetings.selectors import programme_sessions
from cercle.organisations.models import Membership, Organisation
from cercle.requests import permissions as request_permissions
from cercle.requests import services as request_services
from cercle.requests.models import Endorsement, ImprovementRequest
from cercle.requests.selectors import search_requests
from cercle.votes import services as vote_services
from cercle.votes.enums import VotingMethod
from cercle.votes.models import Ballot, BallotVersion, Campaign
from cercle.votes.permissions import can_vote

ERROR = inline_serializer(
    "Error",
    {
        "error": inline_serializer(
            "ErrorDetail",
            {
                "code": serializers.CharField(),
                "message": serializers.CharField(),
                "fields": serializers.DictField(
                    child=serializers.ListField(child=serializers.CharField())
                ),
            },
        )
    },
)
READ_ERRORS = {400: ERROR, 404: ERROR, 429: ERROR}
WRITE_ERRORS = {400: ERROR, 401: ERROR, 403: ERROR, 404: ERROR, 409: ERROR, 429: ERROR}


def _filters(request, serializer_class) -> dict:
    filters = serializer_class(data=request.query_params)
    filters.is_valid(raise_exception=True)
    return filters.validated_data


def _organisation(slug, field="organisation") -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise ValidationError({field: [_("Unknown organisation.")]})
    return organisation


# Organisations ---------------------------------------------------------------------------


@extend_schema(
    parameters=[api.OrganisationFilters], responses={200: api.OrganisationSerializer, **READ_ERRORS}
)
class OrganisationList(generics.ListAPIView):
    """Member organisations of the club, by name."""

    serializer_class = api.OrganisationSerializer

    def get_queryset(self):
        filters = _filters(self.request, api.OrganisationFilters)
        organisations = Organisation.objects.filter(is_active=True)
        if filters.get("q"):
            organisations = organisations.filter(name__icontains=filters["q"])
        if filters.get("kind"):
            organisations = organisations.filter(kind=filters["kind"])
        return organisations.order_by("name", "pk")


@extend_schema(responses={200: api.OrganisationSerializer, **READ_ERRORS})
class OrganisationDetail(generics.RetrieveAPIView):
    serializer_class = api.OrganisationSerializer
    lookup_field = "slug"
    queryset = Organisation.objects.all()


# Improvement requests --------------------------------------------------------------------


class RequestList(generics.ListCreateAPIView):
    """Filed requests with their endorsement counts; POST files a new one (write token)."""

    serializer_class = api.RequestSerializer
    permission_classes = [TokenScope]

    def get_queryset(self):
        filters = _filters(self.request, api.RequestFilters)
        module = organisation = None
        if filters.get("module"):
            module = Term.objects.filter(slug=filters["module"]).first()
        if filters.get("organisation"):
            organisation = Organisation.objects.filter(slug=filters["organisation"]).first()
        if (filters.get("module") and module is None) or (
            filters.get("organisation") and organisation is None
        ):
            return ImprovementRequest.objects.none()
        return search_requests(
            query=filters.get("q", ""),
            module=module,
            status=filters.get("status", ""),
            organisation=organisation,
            sort=filters["sort"],
        )

    @extend_schema(
        parameters=[api.RequestFilters], responses={200: api.RequestSerializer, **READ_ERRORS}
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=api.RequestCreateSerializer,
        responses={201: api.RequestDetailSerializer, **WRITE_ERRORS},
    )
    def post(self, request, *args, **kwargs):
        payload = api.RequestCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        organisation = _organisation(data["organisation"])
        modules = list(Term.objects.filter(slug__in=data["modules"]))
        unknown = sorted(set(data["modules"]) - {m.slug for m in modules})
        if unknown:
            raise ValidationError(
                {"modules": [_("Unknown module: %(slug)s") % {"slug": unknown[0]}]}
            )
        # All or nothing: a refused submission leaves no half-made draft behind.
        with transaction.atomic():
            improvement = request_services.create_draft(
                author=request.user, organisation=organisation, data=data, modules=modules
            )
            if data["submit"]:
                improvement = request_services.submit(improvement=improvement, actor=request.user)
        return Response(_request_detail(improvement), status=status.HTTP_201_CREATED)


def _visible_request(request, reference) -> ImprovementRequest:
    improvement = get_object_or_404(
        ImprovementRequest.objects.select_related("organisation"), reference=reference
    )
    if not request_permissions.can_view(request.user, improvement):
        raise get_object_or_404(ImprovementRequest.objects.none())
    return improvement


def _request_detail(improvement) -> dict:
    endorsements = list(
        Endorsement.objects.filter(request=improvement).select_related("organisation")
    )
    for endorsement in endorsements:
        endorsement.counted = request_permissions.counts_towards_threshold(endorsement.organisation)
    improvement.endorsement_rows = endorsements
    return api.RequestDetailSerializer(improvement).data


class RequestDetail(APIView):
    @extend_schema(responses={200: api.RequestDetailSerializer, **READ_ERRORS})
    def get(self, request, reference):
        """One request with its texts and the organisations endorsing it."""
        improvement = _visible_request(request, reference)
        return Response(_request_detail(improvement))


class RequestSubmit(APIView):
    permission_classes = [TokenScope, TokenRequired]

    @extend_schema(request=None, responses={200: api.RequestDetailSerializer, **WRITE_ERRORS})
    def post(self, request, reference):
        """Submit a draft to the club (its author or a référent of its organisation)."""
        improvement = _visible_request(request, reference)
        improvement = request_services.submit(improvement=improvement, actor=request.user)
        return Response(_request_detail(improvement))


class RequestEndorse(APIView):
    permission_classes = [TokenScope, TokenRequired]

    @extend_schema(
        request=api.EndorseSerializer,
        responses={201: api.EndorsementSerializer, **WRITE_ERRORS},
    )
    def post(self, request, reference):
        """Endorse a request on behalf of an organisation you are référent of."""
        improvement = _visible_request(request, reference)
        payload = api.EndorseSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        organisation = _organisation(payload.validated_data["organisation"])
        endorsement = request_services.endorse(
            improvement=improvement,
            organisation=organisation,
            person=request.user,
            use_case=payload.validated_data["use_case"],
        )
        endorsement.counted = request_permissions.counts_towards_threshold(organisation)
        return Response(api.EndorsementSerializer(endorsement).data, status=status.HTTP_201_CREATED)


# Votes -----------------------------------------------------------------------------------


@extend_schema(parameters=[api.PageFilters], responses={200: api.CampaignSerializer, **READ_ERRORS})
class CampaignList(generics.ListAPIView):
    """Vote campaigns, the latest closing first."""

    serializer_class = api.CampaignSerializer

    def get_queryset(self):
        _filters(self.request, api.PageFilters)
        return Campaign.objects.order_by("-closes_at", "-pk")


class CampaignDetail(APIView):
    @extend_schema(responses={200: api.CampaignDetailSerializer, **READ_ERRORS})
    def get(self, request, pk):
        """A campaign, the requests on its ballot and its participation."""
        campaign = get_object_or_404(Campaign, pk=pk)
        campaign.item_rows = list(
            campaign.items.select_related("request").order_by("request__reference")
        )
        voted, electorate = vote_services.participation(campaign)
        campaign.participation = {"voted": voted, "electorate": electorate}
        return Response(api.CampaignDetailSerializer(campaign).data)


class CampaignResults(APIView):
    @extend_schema(responses={200: api.ResultsSerializer, **READ_ERRORS, 403: ERROR})
    def get(self, request, pk):
        """The ranked result: once published, or live when the campaign shows it live."""
        campaign = get_object_or_404(Campaign, pk=pk)
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

    def _campaign_and_organisation(self, request, pk, organisation):
        campaign = get_object_or_404(Campaign, pk=pk)
        organisation = get_object_or_404(Organisation, slug=organisation)
        return campaign, organisation

    @extend_schema(responses={200: api.BallotSerializer, **WRITE_ERRORS})
    def get(self, request, pk, organisation):
        campaign, organisation = self._campaign_and_organisation(request, pk, organisation)
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
        campaign, organisation = self._campaign_and_organisation(request, pk, organisation)
        payload = api.BallotInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        lines = _ballot_lines(campaign, payload.validated_data["lines"])
        ballot = vote_services.cast_ballot(
            campaign=campaign, organisation=organisation, person=request.user, lines=lines
        )
        ballot.organisation = organisation
        return Response(_ballot_data(ballot))


# Roadmap ---------------------------------------------------------------------------------


@extend_schema(
    parameters=[api.RoadmapFilters], responses={200: api.RoadmapItemSerializer, **READ_ERRORS}
)
class RoadmapList(generics.ListAPIView):
    """The public roadmap, by target quarter."""

    serializer_class = api.RoadmapItemSerializer

    def get_queryset(self):
        filters = _filters(self.request, api.RoadmapFilters)
        items = roadmap(label=filters.get("label", ""))
        if filters.get("status"):
            items = items.filter(status=filters["status"])
        if filters.get("year"):
            items = items.filter(year=filters["year"])
        return items.order_by("year", "quarter", "label", "title", "pk")


# Meetings --------------------------------------------------------------------------------


@extend_schema(parameters=[api.PageFilters], responses={200: api.MeetingSerializer, **READ_ERRORS})
class MeetingList(generics.ListAPIView):
    """Club meetings, the latest edition first (drafts are left out)."""

    serializer_class = api.MeetingSerializer

    def get_queryset(self):
        _filters(self.request, api.PageFilters)
        return (
            Meeting.objects.exclude(status=MeetingStatus.DRAFT)
            .select_related("host")
            .prefetch_related("days")
            .order_by("-edition", "-pk")
        )


class MeetingDetail(APIView):
    @extend_schema(responses={200: api.MeetingDetailSerializer, **READ_ERRORS})
    def get(self, request, slug):
        meeting = meeting_for(request, slug)
        return Response(api.MeetingDetailSerializer(meeting).data)


class MeetingProgramme(APIView):
    @extend_schema(responses={200: api.SessionSerializer(many=True), **READ_ERRORS})
    def get(self, request, slug):
        """Every session of the programme in order, workshops with the seats left."""
        meeting = meeting_for(request, slug)
        sessions = programme_sessions(meeting)
        return Response(api.SessionSerializer(sessions, many=True).data)


class MeetingRegistration(APIView):
    """Your registration for a meeting: read it, register or change it (write token)."""

    permission_classes = [TokenScope, TokenRequired]

    @extend_schema(responses={200: api.RegistrationSerializer, **WRITE_ERRORS})
    def get(self, request, slug):
        meeting = meeting_for(request, slug)
        registration = get_object_or_404(
            Registration.objects.select_related("meeting", "organisation"),
            meeting=meeting,
            person=request.user,
            cancelled_at=None,
        )
        return Response(_registration_data(registration))

    @extend_schema(
        request=api.RegistrationInputSerializer,
        responses={200: api.RegistrationSerializer, **WRITE_ERRORS},
    )
    def put(self, request, slug):
        meeting = meeting_for(request, slug)
        payload = api.RegistrationInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        organisation = _organisation(data["organisation"])
        days = {day.date.isoformat(): day for day in meeting.days.all()}
        unknown = sorted(set(data["days"]) - set(days))
        if unknown:
            raise ValidationError({f"days.{unknown[0]}": [_("This meeting has no such day.")]})
        workshops = list(Session.objects.filter(meeting=meeting, pk__in=data["workshops"]))
        if len(workshops) != len(set(data["workshops"])):
            raise ValidationError({"workshops": [_("Unknown session of this meeting.")]})
        choices = meeting_services.Choices(
            organisation=organisation,
            days={days[date].pk: attendance for date, attendance in data["days"].items()},
            badge_name=data["badge_name"],
            badge_organisation=data["badge_organisation"],
            experience=data["experience"],
            image_consent=data["image_consent"],
            workshops=workshops,
            dietary_needs=data["dietary_needs"],
            accessibility_needs=data["accessibility_needs"],
        )
        try:
            registration = meeting_services.register(
                meeting=meeting, person=request.user, choices=choices
            )
        except DomainError as error:
            # The form's field names ("day_12") become the API's ("days.2026-06-11").
            dates = {f"day_{day.pk}": f"days.{date}" for date, day in days.items()}
            error.fields = [dates.get(name, name) for name in error.fields]
            raise
        registration = Registration.objects.select_related("meeting", "organisation").get(
            pk=registration.pk
        )
        return Response(_registration_data(registration))


def _registration_data(registration) -> dict:
    return api.RegistrationSerializer(
        {
            "meeting": registration.meeting,
            "organisation": registration.organisation,
            "badge_name": registration.badge_name,
            "badge_organisation": registration.badge_organisation,
            "experience": registration.experience,
            "image_consent": registration.image_consent,
            "days": list(registration.days.select_related("day").order_by("day__date")),
            "workshops": list(registration.workshops.order_by("session__starts_at")),
        }
    ).data


# The person ------------------------------------------------------------------------------


class Me(APIView):
    permission_classes = [TokenRequired]

    @extend_schema(responses={200: api.MeSerializer, 401: ERROR, 429: ERROR})
    def get(self, request):
        """Who the token acts as, its scope, and their organisations."""
        memberships = Membership.objects.filter(user=request.user).select_related("organisation")
        return Response(
            api.MeSerializer(
                {
                    "email": request.user.email,
                    "display_name": request.user.display_name,
                    "token": request.auth,
                    "memberships": memberships.order_by("organisation__name"),
                }
            ).data
        )
