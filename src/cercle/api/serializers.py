"""What the API shows and takes. Writes are checked here for shape only: the services check
the club's rules, as they do for the pages."""

from datetime import date

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cercle.api.models import Scope
from cercle.funding.enums import Label, RoadmapStatus
from cercle.meetings.enums import Attendance, Experience
from cercle.organisations.enums import OrganisationKind
from cercle.requests import models as request_models
from cercle.requests.enums import Sort, Status
from cercle.votes import services as vote_services


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know, rather than silently dropping what was sent."""

    def to_internal_value(self, data):
        unknown = sorted(set(data) - set(self.fields)) if hasattr(data, "keys") else []
        errors = {name: [_("Unknown field.")] for name in unknown}
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as error:
            raise serializers.ValidationError({**error.detail, **errors}) from error
        if errors:
            raise serializers.ValidationError(errors)
        return value


class OrganisationRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class OrganisationSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=OrganisationKind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    population = serializers.IntegerField(allow_null=True)
    member_since = serializers.DateField(allow_null=True)
    website = serializers.URLField(allow_blank=True)


class RequestSerializer(serializers.Serializer):
    reference = serializers.CharField()
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    status_label = serializers.CharField()
    organisation = OrganisationRefSerializer()
    modules = serializers.SerializerMethodField(help_text=_("Module slugs."))

    def get_modules(self, item) -> list[str]:
        return [module.slug for module in item.modules.all()]

    endorsement_count = serializers.IntegerField()
    support_count = serializers.IntegerField()
    comment_count = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    url = serializers.CharField(source="get_absolute_url", help_text=_("Its page on the site."))


class EndorsementSerializer(serializers.Serializer):
    organisation = OrganisationRefSerializer()
    counted = serializers.BooleanField()
    use_case = serializers.CharField()
    created_at = serializers.DateTimeField()


class RequestDetailSerializer(RequestSerializer):
    problem = serializers.CharField()
    affected = serializers.CharField()
    frequency = serializers.CharField()
    current_cost = serializers.CharField()
    expected_benefit = serializers.CharField()
    endorsements = EndorsementSerializer(source="endorsement_rows", many=True)


class RequestFilters(StrictSerializer):
    q = serializers.CharField(required=False, max_length=200, help_text=_("Words to search for."))
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    organisation = serializers.SlugField(
        required=False, help_text=_("Slug of an organisation that filed or endorses it.")
    )
    module = serializers.SlugField(required=False, help_text=_("Slug of a product module."))
    sort = serializers.ChoiceField(choices=Sort.choices, required=False, default=Sort.NEWEST)
    page = serializers.IntegerField(required=False, min_value=1, max_value=10**6)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=100)


class OrganisationFilters(StrictSerializer):
    q = serializers.CharField(required=False, max_length=200)
    kind = serializers.ChoiceField(choices=OrganisationKind.choices, required=False)
    page = serializers.IntegerField(required=False, min_value=1, max_value=10**6)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=100)


class RoadmapFilters(StrictSerializer):
    label = serializers.ChoiceField(choices=Label.choices, required=False)
    status = serializers.ChoiceField(choices=RoadmapStatus.choices, required=False)
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    page = serializers.IntegerField(required=False, min_value=1, max_value=10**6)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=100)


class PageFilters(StrictSerializer):
    page = serializers.IntegerField(required=False, min_value=1, max_value=10**6)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=100)


class CampaignSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    phase = serializers.SerializerMethodField()
    method = serializers.CharField()
    seats = serializers.IntegerField()
    max_choices = serializers.IntegerField(allow_null=True)
    total_points = serializers.IntegerField(allow_null=True)
    max_per_request = serializers.IntegerField(allow_null=True)
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    closed_at = serializers.DateTimeField(allow_null=True)
    results_published = serializers.SerializerMethodField()

    def get_phase(self, campaign) -> str:
        return str(campaign.phase().value)

    def get_results_published(self, campaign) -> bool:
        return vote_services.results_published(campaign)


class CampaignItemSerializer(serializers.Serializer):
    reference = serializers.CharField(source="request.reference")
    title = serializers.CharField(source="request.title")


class ParticipationSerializer(serializers.Serializer):
    voted = serializers.IntegerField(allow_null=True)
    electorate = serializers.IntegerField(allow_null=True)


class CampaignDetailSerializer(CampaignSerializer):
    items = CampaignItemSerializer(source="item_rows", many=True)
    participation = ParticipationSerializer()


class ResultRowSerializer(serializers.Serializer):
    reference = serializers.CharField(source="request.reference")
    title = serializers.CharField(source="request.title")
    position = serializers.IntegerField(allow_null=True)
    score = serializers.IntegerField(allow_null=True)
    supporters = serializers.IntegerField(allow_null=True)
    retained = serializers.BooleanField()
    tied = serializers.BooleanField()


class ResultsSerializer(serializers.Serializer):
    campaign = serializers.IntegerField()
    published = serializers.BooleanField()
    rows = ResultRowSerializer(many=True)


class BallotSerializer(serializers.Serializer):
    campaign = serializers.IntegerField(source="campaign_id")
    organisation = serializers.SlugField(source="organisation.slug")
    receipt = serializers.CharField()
    version_count = serializers.IntegerField()
    cast_at = serializers.DateTimeField()
    lines = serializers.DictField(
        source="current_lines",
        child=serializers.IntegerField(),
        help_text=_("Reference → 1 (approved), points or rank."),
    )


class RoadmapItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    label = serializers.ChoiceField(choices=Label.choices)
    status = serializers.ChoiceField(choices=RoadmapStatus.choices)
    year = serializers.IntegerField()
    quarter = serializers.IntegerField()
    request = serializers.CharField(source="request.reference", allow_null=True, default=None)
    modules = serializers.SerializerMethodField(help_text=_("Module slugs."))

    def get_modules(self, item) -> list[str]:
        return [module.slug for module in item.modules.all()]

    tracker_url = serializers.URLField(allow_blank=True)
    release_notes_url = serializers.URLField(allow_blank=True)


class MeetingSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    edition = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField()
    host = OrganisationRefSerializer(allow_null=True)
    venue = serializers.CharField()
    days = serializers.SerializerMethodField()
    registration_opens_at = serializers.DateTimeField(allow_null=True)
    registration_closes_at = serializers.DateTimeField(allow_null=True)
    url = serializers.CharField(source="get_absolute_url", help_text=_("Its page on the site."))

    def get_days(self, meeting) -> list[date]:
        return [day.date for day in meeting.days.all()]


class MeetingDetailSerializer(MeetingSerializer):
    description = serializers.CharField()
    address = serializers.CharField()


class SpeakerSerializer(serializers.Serializer):
    name = serializers.CharField()
    organisation = serializers.CharField(source="organisation_name")


class SessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()
    day = serializers.DateField(source="day.date")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    room = serializers.CharField()
    track = serializers.CharField(source="track.name", allow_null=True, default=None)
    audience = serializers.CharField()
    objectives = serializers.CharField()
    prerequisites = serializers.CharField()
    speakers = SpeakerSerializer(many=True, source="speaker_list")
    needs_signup = serializers.BooleanField()
    onsite_left = serializers.IntegerField(
        source="availability.onsite_left", allow_null=True, default=None
    )
    remote_open = serializers.BooleanField(source="open_to_remote")
    remote_left = serializers.IntegerField(
        source="availability.remote_left", allow_null=True, default=None
    )


class DayChoiceSerializer(serializers.Serializer):
    day = serializers.DateField(source="day.date")
    attendance = serializers.CharField()
    status = serializers.CharField()


class SeatSerializer(serializers.Serializer):
    session = serializers.IntegerField(source="session_id")
    mode = serializers.CharField()
    status = serializers.CharField()


class RegistrationSerializer(serializers.Serializer):
    meeting = serializers.SlugField(source="meeting.slug")
    organisation = serializers.SlugField(source="organisation.slug")
    badge_name = serializers.CharField()
    badge_organisation = serializers.CharField()
    experience = serializers.CharField()
    image_consent = serializers.BooleanField()
    days = DayChoiceSerializer(many=True)
    workshops = SeatSerializer(many=True)


class MembershipSerializer(serializers.Serializer):
    organisation = OrganisationRefSerializer()
    role = serializers.CharField()


class TokenInfoSerializer(serializers.Serializer):
    name = serializers.CharField()
    scope = serializers.ChoiceField(choices=Scope.choices)
    prefix = serializers.CharField()


class MeSerializer(serializers.Serializer):
    email = serializers.EmailField()
    display_name = serializers.CharField()
    token = TokenInfoSerializer()
    memberships = MembershipSerializer(many=True)


class RequestCreateSerializer(StrictSerializer):
    organisation = serializers.SlugField(help_text=_("One of your organisations."))
    title = serializers.CharField(max_length=200)
    problem = serializers.CharField(
        max_length=request_models.PROBLEM_MAX_LENGTH, allow_blank=True, default=""
    )
    affected = serializers.CharField(max_length=255, allow_blank=True, default="")
    frequency = serializers.CharField(max_length=255, allow_blank=True, default="")
    current_cost = serializers.CharField(max_length=255, allow_blank=True, default="")
    expected_benefit = serializers.CharField(
        max_length=request_models.BENEFIT_MAX_LENGTH, allow_blank=True, default=""
    )
    modules = serializers.ListField(
        child=serializers.SlugField(), default=list, max_length=50, help_text=_("Module slugs.")
    )
    submit = serializers.BooleanField(
        default=False, help_text=_("Submit it to the club at once (else a draft is kept).")
    )


class EndorseSerializer(StrictSerializer):
    organisation = serializers.SlugField(help_text=_("An organisation you are référent of."))
    use_case = serializers.CharField(
        max_length=request_models.USE_CASE_MAX_LENGTH, allow_blank=True
    )


class BallotInputSerializer(StrictSerializer):
    lines = serializers.JSONField(
        help_text=_(
            "Approval: a list of request references. Points: reference → points. "
            "Ranking: reference → rank (1 first)."
        )
    )


class RegistrationInputSerializer(StrictSerializer):
    organisation = serializers.SlugField(help_text=_("One of your organisations."))
    days = serializers.DictField(
        child=serializers.ChoiceField(choices=Attendance.choices),
        help_text=_("Each day of the meeting (YYYY-MM-DD) → on_site, remote or absent."),
    )
    badge_name = serializers.CharField(max_length=150)
    badge_organisation = serializers.CharField(max_length=200)
    experience = serializers.ChoiceField(choices=Experience.choices)
    image_consent = serializers.BooleanField(
        help_text=_("Image rights: true or false, never assumed.")
    )
    workshops = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1),
        default=list,
        max_length=100,
    )
    dietary_needs = serializers.CharField(max_length=2000, allow_blank=True, default="")
    accessibility_needs = serializers.CharField(max_length=2000, allow_blank=True, default="")
