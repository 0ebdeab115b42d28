"""The person's token pages, under their account: create (the secret is shown once), revoke."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cercle.api import tokens
from cercle.api.forms import TokenForm
from cercle.api.models import ApiToken
from cercle.core.errors import DomainError

# Each form carries a one-time key: sending it again (a reload after the POST) creates no second
# token. The secret is rendered in the answer to the POST and stored nowhere, not even the session.
ONCE_TIMEOUT = 24 * 60 * 60


def _fresh_form():
    return TokenForm(initial={"once": secrets.token_urlsafe(16)})


@never_cache
@login_required
def token_list(request):
    if request.method != "POST":
        return _page(request, _fresh_form())
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    once = form.cleaned_data["once"]
    key = f"api:token-form:{request.user.pk}:{once}"
    if once and not cache.add(key, True, ONCE_TIMEOUT):
        messages.info(request, _("This token was already created; its secret is shown only once."))
        return redirect("api_tokens:list")
    try:
        token, secret = tokens.create_token(
            user=request.user, name=form.cleaned_data["name"], scope=form.cleaned_data["scope"]
        )
    except DomainError as error:
        cache.delete(key)
        form.add_error(error.fields[0] if error.fields else None, error.message)
        return _page(request, form, status=400)
    messages.success(
        request,
        _("Token “%(name)s” created. Copy it now: it will not be shown again.")
        % {"name": token.name},
    )
    return _page(request, _fresh_form(), secret=secret)


def _page(request, form, *, secret=None, status=200):
    context = {"form": form, "secret": secret, "tokens": request.user.api_tokens.all()}
    return render(request, "api/tokens.html", context, status=status)


@login_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk)
    if token.user_id != request.user.pk:
        raise Http404
    tokens.revoke_token(token=token, actor=request.user)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("api_tokens:list")
