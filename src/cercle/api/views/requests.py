"""Improvement requests: public reads with endorsement counts; file, submit, endorse."""

import json

from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
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
from cercle.core import pagecache
from cercle.glossary.models import Term
from cercle.organisations.models import Organisation
from cercle.requests import permissions as request_permissions
from cercle.requests import services as request_services
from cercle.requests.models import Endorsement, ImprovementRequest
from cercle.requests.selectors import search_requests


class RequestList(generics.ListCreateAPIView):
    """Filed requests with their endorsement counts; POST files a new one (write token)."""

    serializer_class = api.RequestSerializer
    permission_classes = [TokenScope]

    def get_queryset(self):
        filters = read_filters(self.request, api.RequestFilters)
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

    def list(self, request, *args, **kwargs):
        # Public data, the same for every reader: each page's JSON is kept on the version of the
        # requests, organisations and modules (the links in it name this site's address).
        def page() -> str:
            return json.dumps(super(RequestList, self).list(request, *args, **kwargs).data)

        body = pagecache.fragment(
            "api:requests",
            topics=("requests", "organisations", "glossary"),
            vary=(request.build_absolute_uri("/"), get_language(), sorted(request.GET.lists())),
            render=page,
        )
        return Response(json.loads(body))

    @extend_schema(
        request=api.RequestCreateSerializer,
        responses={201: api.RequestDetailSerializer, **WRITE_ERRORS},
    )
    def post(self, request, *args, **kwargs):
        payload = api.RequestCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        organisation = organisation_named(data["organisation"])
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
        raise Http404
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
        organisation = organisation_named(payload.validated_data["organisation"])
        endorsement = request_services.endorse(
            improvement=improvement,
            organisation=organisation,
            person=request.user,
            use_case=payload.validated_data["use_case"],
        )
        endorsement.counted = request_permissions.counts_towards_threshold(organisation)
        return Response(api.EndorsementSerializer(endorsement).data, status=status.HTTP_201_CREATED)
