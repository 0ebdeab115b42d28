"""Meetings and programmes for all; members register or change their registration."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from cercle.api import serializers as api
from cercle.api.permissions import TokenRequired, TokenScope
from cercle.api.views.common import (
    READ_ERRORS,
    WRITE_ERRORS,
    organisation_named,
    read_filters,
)
from cercle.core.errors import DomainError
from cercle.meetings import services as meeting_services
from cercle.meetings.enums import MeetingStatus
from cercle.meetings.lookups import meeting_for
from cercle.meetings.models import Meeting, Registration, Session
from cercle.meetings.selectors import programme_sessions


@extend_schema(parameters=[api.PageFilters], responses={200: api.MeetingSerializer, **READ_ERRORS})
class MeetingList(generics.ListAPIView):
    """Club meetings, the latest edition first (drafts are left out)."""

    serializer_class = api.MeetingSerializer

    def get_queryset(self):
        read_filters(self.request, api.PageFilters)
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
    """Your registration for a meeting: read it, register, change or cancel it (write token)."""

    permission_classes = [TokenScope, TokenRequired]

    def _own(self, request, slug) -> Registration:
        return get_object_or_404(
            Registration.objects.select_related("meeting", "organisation"),
            meeting=meeting_for(request, slug),
            person=request.user,
            cancelled_at=None,
        )

    @extend_schema(responses={200: api.RegistrationSerializer, **WRITE_ERRORS})
    def get(self, request, slug):
        return Response(_registration_data(self._own(request, slug)))

    @extend_schema(responses={204: None, **WRITE_ERRORS})
    def delete(self, request, slug):
        """Cancel your registration before the meeting starts; your seats go to the next in line."""
        meeting_services.cancel_registration(
            registration=self._own(request, slug), actor=request.user
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=api.RegistrationInputSerializer,
        responses={200: api.RegistrationSerializer, **WRITE_ERRORS},
    )
    def put(self, request, slug):
        meeting = meeting_for(request, slug)
        payload = api.RegistrationInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        organisation = organisation_named(data["organisation"])
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
