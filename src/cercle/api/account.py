"""The person's token pages, under their account: create (the secret is shown once), revoke."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cercle.api import tokens
from cercle.api.forms import TokenForm
from cercle.api.models import ApiToken
from cercle.core.errors import DomainError

# The new secret waits in the session for the page after the redirect, which removes it: a
# reload neither creates a second token nor shows the secret again.
SHOW_ONCE_KEY = "api.show_once"


@never_cache
@login_required
def token_list(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = tokens.create_token(
                user=request.user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
            )
        except DomainError as error:
            form.add_error(error.fields[0] if error.fields else None, error.message)
        else:
            request.session[SHOW_ONCE_KEY] = secret
            messages.success(
                request,
                _("Token “%(name)s” created. Copy it now: it will not be shown again.")
                % {"name": token.name},
            )
            return redirect("api_tokens:list")
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "secret": request.session.pop(SHOW_ONCE_KEY, None) if request.method == "GET" else None,
            "tokens": request.user.api_tokens.all(),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk)
    if token.user_id != request.user.pk:
        raise Http404
    tokens.revoke_token(token=token, actor=request.user)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("api_tokens:list")
