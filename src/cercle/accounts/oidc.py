"""Sign-in through OpenID Connect providers (authorisation-code flow with PKCE).

Providers come from settings.OIDC_PROVIDERS (CERCLE_OIDC_* variables, see the README). Their
endpoints are discovered from `<issuer>/.well-known/openid-configuration` on first use and kept
in the cache for OIDC_DISCOVERY_CACHE_SECONDS.

The protocol is mozilla-django-oidc's: state, nonce and PKCE verifier kept in the session,
token exchange, ID token signature checked against the provider's JWKS, userinfo. It handles
one provider per settings, so ProviderBackend points it at one provider at a time, and the
ID token check adds what the library leaves out: audience, issuer and expiry (PyJWT).

Who gets signed in is decided by `sign_in`: an identity already linked; else the account
of the email address the provider *verified*; else, for someone arriving from an invitation
link, a new account for the invited address. Anyone else is told whom to ask.
"""

import hashlib
import logging
import time
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import (
    add_state_and_verifier_and_nonce_to_session,
    generate_code_challenge,
    import_from_settings,
)

from cercle.accounts.models import OidcIdentity
from cercle.audit.services import record
from cercle.core.errors import DomainError
from cercle.organisations import services as organisations
from cercle.organisations.models import Invitation

logger = logging.getLogger(__name__)

SIGN_ALGORITHM = "RS256"
# Clock difference tolerated between the provider and us when checking exp / iat.
LEEWAY_SECONDS = 60
SESSION_SIGN_OUT = "oidc_sign_out"
# A person has this long to log in at the provider and come back.
STATE_MAX_AGE_SECONDS = 30 * 60


@dataclass(frozen=True)
class Provider:
    key: str
    name: str
    issuer: str
    client_id: str
    client_secret: str
    scopes: str


def providers() -> list[Provider]:
    return [Provider(**config) for config in settings.OIDC_PROVIDERS.values()]


def get_provider(key: str) -> Provider | None:
    config = settings.OIDC_PROVIDERS.get(key)
    return Provider(**config) if config else None


def _unavailable(provider: Provider) -> DomainError:
    return DomainError(
        "unavailable",
        _(
            "%(provider)s cannot be reached at the moment. Try again in a few minutes, or "
            "sign in with your Cercle password if you have one."
        ),
        provider=provider.name,
    )


def _failed(provider: Provider, reason: str) -> DomainError:
    logger.warning("OpenID Connect sign-in through %s refused: %s", provider.key, reason)
    return DomainError(
        "failed",
        _(
            "The sign-in through %(provider)s could not be completed safely, so you are not "
            "signed in. Start again from the sign-in page."
        ),
        provider=provider.name,
    )


def metadata(provider: Provider) -> dict:
    """The provider's discovery document (cached), or DomainError "unavailable"."""
    cache_key = "oidc:discovery:" + hashlib.sha256(provider.issuer.encode()).hexdigest()
    document = cache.get(cache_key)
    if document is not None:
        return document
    try:
        response = requests.get(
            provider.issuer + "/.well-known/openid-configuration",
            timeout=settings.OIDC_TIMEOUT,
        )
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        logger.warning("OpenID Connect discovery failed for %s: %s", provider.key, error)
        raise _unavailable(provider) from error
    required = ("authorization_endpoint", "token_endpoint", "jwks_uri")
    # OpenID Connect Discovery 1.0, section 4.3: the document must name the issuer asked.
    if (
        not isinstance(document, dict)
        or str(document.get("issuer", "")).rstrip("/") != provider.issuer
        or not all(isinstance(document.get(name), str) for name in required)
    ):
        logger.warning("OpenID Connect discovery document of %s is unusable", provider.key)
        raise _unavailable(provider)
    cache.set(cache_key, document, settings.OIDC_DISCOVERY_CACHE_SECONDS)
    return document


class ProviderBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's client, configured for one provider instead of from settings.

    Not listed in AUTHENTICATION_BACKENDS: the callback view calls `exchange` itself, then
    signs the account in with the model backend.
    """

    def __init__(self, provider: Provider):
        self.provider = provider
        self.metadata = metadata(provider)
        self._require = ()
        super().__init__()

    def get_settings(self, attr, *args):
        values = {
            "OIDC_OP_TOKEN_ENDPOINT": self.metadata["token_endpoint"],
            "OIDC_OP_USER_ENDPOINT": self.metadata.get("userinfo_endpoint"),
            "OIDC_OP_JWKS_ENDPOINT": self.metadata["jwks_uri"],
            "OIDC_RP_CLIENT_ID": self.provider.client_id,
            "OIDC_RP_CLIENT_SECRET": self.provider.client_secret,
            "OIDC_RP_SIGN_ALGO": SIGN_ALGORITHM,
            "OIDC_RP_IDP_SIGN_KEY": None,
            "OIDC_RP_SCOPES": self.provider.scopes,
            "OIDC_USE_NONCE": True,
            "OIDC_ALLOW_UNSECURED_JWT": False,
            "OIDC_VERIFY_SSL": True,
            "OIDC_TIMEOUT": settings.OIDC_TIMEOUT,
            "OIDC_TOKEN_USE_BASIC_AUTH": False,
        }
        if attr in values:
            return values[attr]
        return import_from_settings(attr, *args)

    def _verify_jws(self, payload, key):
        # The library checks the signature only ("verify_aud": False): the same PyJWT call
        # checks it here together with the audience, the issuer and the expiry.
        algorithm = jwt.get_unverified_header(payload).get("alg")
        if algorithm != SIGN_ALGORITHM:
            raise SuspiciousOperation(f"unexpected signing algorithm {algorithm!r}")
        try:
            claims = jwt.decode(
                payload,
                key,
                algorithms=[SIGN_ALGORITHM],
                audience=self.provider.client_id,
                # The issuer exactly as the provider writes it (perhaps with a final slash).
                issuer=self.metadata["issuer"],
                leeway=LEEWAY_SECONDS,
                options={"require": list(self._require)},
            )
        except jwt.PyJWTError as error:
            raise SuspiciousOperation(f"{type(error).__name__}: {error}") from error
        audience = claims["aud"]
        # OpenID Connect Core 3.1.3.7: several audiences need us as the authorised party.
        several = isinstance(audience, list) and len(audience) > 1
        if several and claims.get("azp") != self.provider.client_id:
            raise SuspiciousOperation("several audiences and another authorised party")
        return claims

    def exchange(self, *, code, nonce, code_verifier, redirect_uri) -> tuple[dict, str]:
        """Trade the code for tokens; return the checked claims and the raw ID token."""
        token_info = self.get_token(
            {
                "client_id": self.provider.client_id,
                "client_secret": self.provider.client_secret,
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect_uri,
                "code_verifier": code_verifier,
            }
        )
        id_token = token_info.get("id_token")
        if not isinstance(id_token, str):
            raise SuspiciousOperation("no ID token in the token response")
        self._require = ("iss", "sub", "aud", "exp", "iat")
        claims = self.verify_token(id_token, nonce=nonce)
        self._require = ("iss", "sub", "aud")
        access_token = token_info.get("access_token")
        if self.OIDC_OP_USER_ENDPOINT and access_token:
            info = self.get_userinfo(access_token, id_token, claims)
            # OpenID Connect Core 5.3.2: userinfo about anyone else is thrown away.
            if not isinstance(info, dict) or info.get("sub") != claims["sub"]:
                raise SuspiciousOperation("userinfo about another subject")
            claims = {**info, **claims}
        return claims, id_token


def start(request, provider: Provider, *, next_url: str = "", invitation: str = "") -> str:
    """Remember state, nonce and PKCE verifier; return the provider's authorisation address."""
    document = metadata(provider)
    state = get_random_string(32)
    params = {
        "response_type": "code",
        "scope": provider.scopes,
        "client_id": provider.client_id,
        "redirect_uri": callback_uri(request, provider),
        "state": state,
        "nonce": get_random_string(32),
    }
    code_verifier = get_random_string(64)
    params["code_challenge"] = generate_code_challenge(code_verifier, "S256")
    params["code_challenge_method"] = "S256"
    add_state_and_verifier_and_nonce_to_session(request, state, params, code_verifier)
    # Each state also remembers which provider it was sent to (a callback arriving at
    # another provider's address is refused) and what to do once signed in.
    request.session["oidc_states"][state].update(
        provider=provider.key, next=next_url, invitation=invitation
    )
    request.session.modified = True
    endpoint = document["authorization_endpoint"]
    return endpoint + ("&" if "?" in endpoint else "?") + urlencode(params)


def callback_uri(request, provider: Provider) -> str:
    return request.build_absolute_uri(reverse("accounts:oidc_callback", args=[provider.key]))


def take_state(request, provider: Provider, state: str | None) -> dict:
    """The session's entry for `state`, removed so that it serves once, or DomainError."""
    states = request.session.get("oidc_states")
    entry = None
    if state and isinstance(states, dict):
        entry = states.pop(state, None)
        request.session.modified = True
    if (
        not isinstance(entry, dict)
        or entry.get("provider") != provider.key
        or not isinstance(entry.get("added_on"), int | float)
        or time.time() - entry["added_on"] > STATE_MAX_AGE_SECONDS
    ):
        raise DomainError(
            "state",
            _(
                "This sign-in has expired or was already completed. Start again from the "
                "sign-in page."
            ),
        )
    return entry


def verify(request, provider: Provider, *, code: str, entry: dict) -> tuple[dict, str]:
    """Exchange the code and check the tokens; DomainError "failed" / "unavailable"."""
    backend = ProviderBackend(provider)
    try:
        return backend.exchange(
            code=code,
            nonce=entry.get("nonce"),
            code_verifier=entry.get("code_verifier"),
            redirect_uri=callback_uri(request, provider),
        )
    except (requests.ConnectionError, requests.Timeout) as error:
        logger.warning("OpenID Connect provider %s unreachable: %s", provider.key, error)
        raise _unavailable(provider) from error
    except (SuspiciousOperation, requests.RequestException, jwt.PyJWTError) as error:
        raise _failed(provider, str(error)) from error
    except (KeyError, TypeError, ValueError) as error:
        raise _failed(provider, f"malformed answer: {error!r}") from error


def _display_name(claims: dict, email: str) -> str:
    name = claims.get("name")
    if not isinstance(name, str) or not name.strip():
        parts = [claims.get("given_name"), claims.get("usual_name") or claims.get("family_name")]
        name = " ".join(part for part in parts if isinstance(part, str) and part.strip())
    return (name.strip() or email.split("@")[0])[:150]


def _verified_email(provider: Provider, claims: dict) -> str:
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email:
        raise DomainError(
            "no_email",
            _(
                "%(provider)s did not share your email address with Cercle, so your account "
                "cannot be found. Sign in with your Cercle password, or ask your "
                "organisation's référent for help."
            ),
            provider=provider.name,
        )
    email = email.strip().lower()
    # Only a boolean true counts; some providers send the string "true".
    verified = claims.get("email_verified")
    if verified is not True and verified != "true":
        raise DomainError(
            "email_unverified",
            _(
                "%(provider)s has not confirmed that the address %(email)s is yours, so it is "
                "not linked to a Cercle account. Confirm your address with %(provider)s, or "
                "sign in with your Cercle password."
            ),
            provider=provider.name,
            email=email,
        )
    return email


def _unknown_person(email: str) -> DomainError:
    pending = (
        Invitation.objects.filter(
            email__iexact=email, accepted_at__isnull=True, expires_at__gt=timezone.now()
        )
        .select_related("organisation")
        .first()
    )
    if pending is not None:
        return DomainError(
            "invitation_pending",
            _(
                "An invitation to join %(organisation)s is waiting for %(email)s. Open the "
                "link of the invitation email to create your account: it lets you sign in "
                "this way."
            ),
            organisation=pending.organisation,
            email=email,
        )
    return DomainError(
        "unknown_person",
        _(
            "No Cercle account uses the address %(email)s. Accounts are opened by invitation: "
            "ask your organisation's référent to invite you. If your organisation is not a "
            "member of the club yet, ask the club's staff."
        ),
        email=email,
    )


def _link(user, provider: Provider, subject: str) -> None:
    linked = OidcIdentity.objects.filter(user=user, provider=provider.key)
    if linked.filter(subject=subject).exists():
        # A simultaneous first sign-in of the same person linked it a moment ago.
        return
    if linked.exists():
        # Another identity at this provider already opens this account: the address alone
        # must not let a second one in.
        raise DomainError(
            "already_linked",
            _(
                "Your Cercle account is already linked to another %(provider)s identity. "
                "Sign in with that one, or ask the club's staff to unlink it."
            ),
            provider=provider.name,
        )
    try:
        with transaction.atomic():
            OidcIdentity.objects.create(user=user, provider=provider.key, subject=subject)
            record(
                actor=user,
                action="accounts.identity_linked",
                target=user,
                details={"provider": provider.key, "subject": subject},
            )
    except IntegrityError as error:
        # A simultaneous first sign-in of the same person linked it first: same outcome.
        if not OidcIdentity.objects.filter(
            user=user, provider=provider.key, subject=subject
        ).exists():
            raise _failed(provider, "identity linked concurrently to another account") from error


def _inactive() -> DomainError:
    return DomainError(
        "inactive",
        _("This account is deactivated. Ask the club's staff if you think it is a mistake."),
    )


def sign_in(provider: Provider, claims: dict, *, invitation: str = ""):
    """The account these verified claims open, and the organisation it just joined (or None).

    DomainError when there is no account to open.

    An identity linked before wins. Otherwise the account of the verified email address is
    linked; otherwise, arriving from an invitation addressed to that verified address, the
    invited account is created and joins. Unverified addresses link nothing.
    """
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject or len(subject) > 255:
        raise _failed(provider, "missing or oversized subject")
    identity = (
        OidcIdentity.objects.select_related("user")
        .filter(provider=provider.key, subject=subject)
        .first()
    )
    if identity is not None:
        if not identity.user.is_active:
            raise _inactive()
        identity.last_used_at = timezone.now()
        identity.save(update_fields=["last_used_at"])
        return identity.user, None

    email = _verified_email(provider, claims)
    user = get_user_model().objects.filter(email__iexact=email).first()
    if user is not None:
        if not user.is_active:
            raise _inactive()
        _link(user, provider, subject)
        return user, None
    if invitation:
        return _join_by_invitation(provider, claims, email=email, subject=subject, token=invitation)
    raise _unknown_person(email)


def _join_by_invitation(provider: Provider, claims: dict, *, email, subject, token):
    invited = organisations.find_invitation(token)
    # The invitation binds to the address it was sent to, as with a password account.
    if invited.email.strip().lower() != email:
        raise DomainError(
            "other_address",
            _(
                "This invitation was sent to another address than the one %(provider)s "
                "confirmed (%(email)s). Sign in with the identity of the invited address, or "
                "ask a référent of %(organisation)s to address the invitation to you."
            ),
            provider=provider.name,
            email=email,
            organisation=invited.organisation,
        )
    with transaction.atomic():
        # No password: this person signs in through the provider (and may set one later by
        # "forgotten password").
        user = organisations.create_account_and_accept(
            token=token, display_name=_display_name(claims, email), password=None
        )
        if user.email.strip().lower() != email:
            # Readdressed between the check above and the row lock.
            raise DomainError("other_address", _("This invitation was sent to another address."))
        _link(user, provider, subject)
    return user, invited.organisation


def end_session_url(request) -> str:
    """Where to send the browser to end the provider's session too ("" when not offered).

    Read before the local session ends. Only providers whose end-session address the
    Content-Security-Policy lets forms go to (their issuer's origin) are used.
    """
    remembered = request.session.get(SESSION_SIGN_OUT)
    if not isinstance(remembered, dict):
        return ""
    provider = get_provider(str(remembered.get("provider", "")))
    if provider is None:
        return ""
    try:
        endpoint = metadata(provider).get("end_session_endpoint")
    except DomainError:
        return ""
    if not isinstance(endpoint, str):
        return ""
    parts = urlsplit(endpoint)
    allowed = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"]
    if f"{parts.scheme}://{parts.netloc}" not in allowed:
        logger.warning("End-session address of %s is outside form-action", provider.key)
        return ""
    params = {
        "id_token_hint": remembered.get("id_token", ""),
        "post_logout_redirect_uri": request.build_absolute_uri(
            resolve_url(settings.LOGOUT_REDIRECT_URL)
        ),
        "client_id": provider.client_id,
    }
    return endpoint + ("&" if "?" in endpoint else "?") + urlencode(params)
