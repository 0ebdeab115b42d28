from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cercle.accounts import oidc
from cercle.accounts.forms import LoginForm, OutboxPasswordResetForm, ProfileForm
from cercle.core.errors import DomainError
from cercle.organisations.services import find_invitation


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "oidc_providers": oidc.providers()}


class LogoutView(auth_views.LogoutView):
    """Ends the Cercle session, then the provider's one where it offers it."""

    def post(self, request, *args, **kwargs):
        end_session = oidc.end_session_url(request)
        response = super().post(request, *args, **kwargs)
        return HttpResponseRedirect(end_session) if end_session else response


# How a refused OpenID Connect sign-in answers.
OIDC_REFUSAL_STATUS = {
    "state": 400,
    "failed": 400,
    "bad_request": 400,
    "unavailable": 503,
    "invalid": 404,
    "used": 410,
    "expired": 410,
}


def _oidc_refused(request, provider, error: DomainError):
    return render(
        request,
        "accounts/oidc_refused.html",
        {"provider": provider, "message": error.message, "code": error.code},
        status=OIDC_REFUSAL_STATUS.get(error.code, 403),
    )


def _safe_next(request, url: str) -> str:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


def _provider_or_404(key: str):
    provider = oidc.get_provider(key)
    if provider is None:
        raise Http404
    return provider


@require_GET
def oidc_start(request, provider):
    """Send the browser to the provider (state, nonce and PKCE verifier kept in the session)."""
    provider = _provider_or_404(provider)
    next_url = _safe_next(request, request.GET.get("next", ""))
    invitation = request.GET.get("invitation", "")
    try:
        if invitation:
            # An unusable link is refused before the trip to the provider. Someone who turns
            # out to have an account comes back to the invitation page to accept it.
            find_invitation(invitation)
            next_url = next_url or reverse("organisations:invitation", args=[invitation])
        elif request.user.is_authenticated:
            return redirect(next_url or settings.LOGIN_REDIRECT_URL)
        return HttpResponseRedirect(
            oidc.start(request, provider, next_url=next_url, invitation=invitation)
        )
    except DomainError as error:
        return _oidc_refused(request, provider, error)


@require_GET
def oidc_callback(request, provider):
    """The provider sends the browser back here with a code (or an error)."""
    provider = _provider_or_404(provider)
    try:
        entry = oidc.take_state(request, provider, request.GET.get("state"))
        code = request.GET.get("code", "")
        if request.GET.get("error") or not code:
            raise DomainError(
                "bad_request",
                _(
                    "%(provider)s did not sign you in (the sign-in was cancelled or refused). "
                    "Start again from the sign-in page."
                ),
                provider=provider.name,
            )
        claims, id_token = oidc.verify(request, provider, code=code, entry=entry)
        user, joined = oidc.sign_in(provider, claims, invitation=entry.get("invitation", ""))
    except DomainError as error:
        return _oidc_refused(request, provider, error)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[oidc.SESSION_SIGN_OUT] = {"provider": provider.key, "id_token": id_token}
    if joined is not None:
        messages.success(request, _("Welcome to %(organisation)s!") % {"organisation": joined})
        return redirect(joined)
    next_url = _safe_next(request, entry.get("next", ""))
    return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))


class PasswordResetView(auth_views.PasswordResetView):
    form_class = OutboxPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        translation.activate(request.user.language)
        messages.success(request, _("Your profile has been saved."))
        response = redirect("accounts:profile")
        response.set_cookie("django_language", request.user.language, samesite="Lax")
        return response
    memberships = request.user.memberships.select_related("organisation").order_by(
        "organisation__name"
    )
    names = {provider.key: provider.name for provider in oidc.providers()}
    linked = [
        names.get(identity.provider, identity.provider)
        for identity in request.user.oidc_identities.order_by("provider")
    ]
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "memberships": memberships, "linked_providers": linked},
    )


@require_POST
def set_language(request):
    """Switch the interface language; a signed-in person's choice is kept in their profile."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = redirect(next_url)
    if translation.check_for_language(language):
        response.set_cookie("django_language", language, samesite="Lax")
        if request.user.is_authenticated:
            request.user.language = language
            request.user.save(update_fields=["language"])
    return response
