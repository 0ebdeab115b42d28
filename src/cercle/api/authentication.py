"""`Authorization: Bearer <token>`: the call acts as the token's owner, within its scope."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from cercle.api.tokens import find_token, mark_used


class InvalidToken(exceptions.AuthenticationFailed):
    default_detail = _("This token is unknown or has been revoked.")
    default_code = "invalid_token"


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise InvalidToken()
        try:
            secret = header[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise InvalidToken() from error
        token = find_token(secret)
        if token is None:
            raise InvalidToken()
        mark_used(token)
        return token.user, token

    def authenticate_header(self, request):
        # A 401 needs a challenge: without one DRF would answer 403.
        return f'{self.keyword} realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = BearerTokenAuthentication
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": str(
                _("A personal token created on your account page (scope read or write).")
            ),
        }
