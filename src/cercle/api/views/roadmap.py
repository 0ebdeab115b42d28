"""The public roadmap."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics

from cercle.api import serializers as api
from cercle.api.views.common import (
    READ_ERRORS,
    read_filters,
)
from cercle.funding.selectors import roadmap


@extend_schema(
    parameters=[api.RoadmapFilters], responses={200: api.RoadmapItemSerializer, **READ_ERRORS}
)
class RoadmapList(generics.ListAPIView):
    """The public roadmap, by target quarter."""

    serializer_class = api.RoadmapItemSerializer

    def get_queryset(self):
        filters = read_filters(self.request, api.RoadmapFilters)
        items = roadmap(label=filters.get("label", ""))
        if filters.get("status"):
            items = items.filter(status=filters["status"])
        if filters.get("year"):
            items = items.filter(year=filters["year"])
        return items.order_by("year", "quarter", "label", "title", "pk")
