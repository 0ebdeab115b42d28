"""Token scopes: anyone reads public data; writing needs a write token."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions

from cercle.api.models import ApiToken


class InsufficientScope(exceptions.PermissionDenied):
    default_detail = _("This token may only read: create a token with the write scope.")
    default_code = "insufficient_scope"


class TokenScope(permissions.BasePermission):
    """Reads are open (pages are public too); a write needs a signed-in token of scope write."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        if not isinstance(request.auth, ApiToken):
            raise exceptions.NotAuthenticated()
        if not request.auth.can_write:
            raise InsufficientScope()
        # A form body is read (and consumed) by a middleware before DRF would refuse its type.
        content_type = request.content_type.split(";")[0].strip()
        if request.META.get("CONTENT_LENGTH") not in (None, "", "0") and (
            content_type != "application/json"
        ):
            raise exceptions.UnsupportedMediaType(content_type)
        return True


class TokenRequired(permissions.BasePermission):
    """For a person's own data (their ballot, their registration): a token is needed."""

    def has_permission(self, request, view):
        if not isinstance(request.auth, ApiToken):
            raise exceptions.NotAuthenticated()
        return True
