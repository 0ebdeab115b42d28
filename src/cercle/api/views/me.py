"""Who a token acts as."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from cercle.api import serializers as api
from cercle.api.permissions import TokenRequired
from cercle.api.views.common import (
    ERROR,
)
from cercle.organisations.models import Membership


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
