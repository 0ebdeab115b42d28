"""Member organisations: public reads."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics

from cercle.api import serializers as api
from cercle.api.views.common import (
    READ_ERRORS,
    read_filters,
)
from cercle.organisations.models import Organisation


@extend_schema(
    parameters=[api.OrganisationFilters], responses={200: api.OrganisationSerializer, **READ_ERRORS}
)
class OrganisationList(generics.ListAPIView):
    """Member organisations of the club, by name."""

    serializer_class = api.OrganisationSerializer

    def get_queryset(self):
        filters = read_filters(self.request, api.OrganisationFilters)
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
