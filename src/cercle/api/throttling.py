"""Rate limits: per token for token holders, per address for anonymous readers.

The rates are read on each call from CERCLE_API_RATE and CERCLE_API_ANONYMOUS_RATE
(for example "120/min"), so a test can lower them.
"""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from cercle.api.models import ApiToken
from cercle.core.http import client_address


class TokenRateThrottle(SimpleRateThrottle):
    cache_format = "api-throttle:%(scope)s:%(ident)s"

    def get_rate(self):
        # Read per call, not once when the class is loaded: a test can lower it.
        return settings.API_RATE

    def allow_request(self, request, view):
        if isinstance(request.auth, ApiToken):
            self.scope, rate = "token", settings.API_RATE
            ident = request.auth.pk
        else:
            self.scope, rate = "anonymous", settings.API_ANONYMOUS_RATE
            ident = client_address(request)
        self.rate = rate
        self.num_requests, self.duration = self.parse_rate(rate)
        self.key = self.cache_format % {"scope": self.scope, "ident": ident}
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        if len(self.history) >= self.num_requests:
            return self.throttle_failure()
        return self.throttle_success()

    def get_cache_key(self, request, view):
        return self.key
