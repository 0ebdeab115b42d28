from datetime import UTC, datetime, timedelta

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cercle.accounts.forms import AccountCreationForm
from cercle.core import pagecache
from cercle.core.errors import DomainError
from cercle.organisations import services
from cercle.organisations.forms import (
    DirectoryFilterForm,
    InvitationForm,
    ReaddressForm,
    RoleForm,
)
from cercle.organisations.models import Invitation, Membership, Organisation
from cercle.organisations.permissions import (
    can_manage_members,
    is_member,
    managed_organisations,
)

# What the directory and an organisation's page show: organisations and their members
# (organisations), the référents' names (accounts), the requests filed and endorsed (requests,
# through its template tag) with their modules (glossary).
DIRECTORY_TOPICS = ("organisations",)
PAGE_TOPICS = ("organisations", "accounts", "requests", "glossary")


def _directory_body(request) -> str:
    form = DirectoryFilterForm(request.GET or None)
    organisations = Organisation.objects.filter(is_active=True).order_by("name")
    if form.is_valid():
        if form.cleaned_data["q"]:
            organisations = organisations.filter(name__icontains=form.cleaned_data["q"])
        if form.cleaned_data["kind"]:
            organisations = organisations.filter(kind=form.cleaned_data["kind"])
    page = Paginator(organisations, 50).get_page(request.GET.get("page"))
    # Counting members for the 50 shown organisations only: an annotation over the whole
    # directory would aggregate every membership before paginating.
    counts = dict(
        Membership.objects.filter(organisation__in=page.object_list)
        .values_list("organisation")
        .annotate(n=Count("id"))
        .values_list("organisation", "n")
    )
    for organisation in page:
        organisation.member_count = counts.get(organisation.pk, 0)
    query = request.GET.copy()
    query.pop("page", None)
    return render_to_string(
        "organisations/includes/directory_body.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


def directory(request):
    body = pagecache.fragment(
        "organisations:directory",
        topics=DIRECTORY_TOPICS,
        vary=(get_language(), sorted(request.GET.lists())),
        render=lambda: _directory_body(request),
    )
    return render(request, "organisations/directory.html", {"body": body})


def _detail_body(organisation) -> str:
    referents = (
        organisation.memberships.filter(role="referent")
        .select_related("user")
        .order_by("user__display_name")
    )
    return render_to_string(
        "organisations/includes/detail_body.html",
        {
            "organisation": organisation,
            "referents": referents,
            "member_count": organisation.memberships.count(),
        },
    )


def detail(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    body = pagecache.fragment(
        "organisations:detail",
        topics=PAGE_TOPICS,
        vary=(get_language(), organisation.pk),
        render=lambda: _detail_body(organisation),
    )
    return render(
        request,
        "organisations/detail.html",
        {
            "organisation": organisation,
            "body": body,
            "can_manage": can_manage_members(request.user, organisation),
            "is_member": is_member(request.user, organisation),
        },
    )


def _managed_organisation(request, slug) -> Organisation:
    """The organisation, if the person manages its members: read in one query through
    `managed_organisations`; looked for again only to tell an unknown one (404) from a refusal."""
    try:
        return managed_organisations(request.user).get(slug=slug)
    except Organisation.DoesNotExist:
        get_object_or_404(Organisation, slug=slug)
        raise PermissionDenied from None


# What the members' page shows: the memberships and pending invitations (organisations), the
# people's names and addresses (accounts). Only the organisation's managers are shown it.
MEMBERS_TOPICS = ("organisations", "accounts")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _instant(moment: datetime) -> int:
    """A moment as whole microseconds since 1970 (exact, unlike a float timestamp): an
    invitation's expiry kept in the fragment, compared with the time of each request."""
    return (moment - EPOCH) // timedelta(microseconds=1)


def _members_body(organisation) -> str:
    """The members' table, the invitation form as a visitor first sees it and the pending
    invitations: the same for every manager of the organisation. Personal or time-bound parts
    are slots (`_members_slots`)."""
    memberships = organisation.memberships.select_related("user").order_by(
        "role", "user__display_name"
    )
    pending = list(Invitation.objects.filter(organisation=organisation, accepted_at__isnull=True))
    for invitation in pending:
        invitation.expiry = _instant(invitation.expires_at)
    return render_to_string(
        "organisations/includes/members_body.html",
        {
            "organisation": organisation,
            "memberships": memberships,
            "role_form": RoleForm(),
            "form": InvitationForm(),
            "pending": pending,
        },
    )


def _members_slots(request, form):
    """Fills the slots of the members' page for this request: the person's CSRF token, the
    invitation form they sent back (with its errors), and each pending invitation shown as
    expired or still valid as it stands now (`Invitation.is_expired`)."""
    token = format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
    )
    now = _instant(timezone.now())

    def part(name, key):
        if name == "csrf":
            return token
        if name == "invitation_form" and form.is_bound:
            return render_to_string("organisations/includes/invitation_form.html", {"form": form})
        if name == "expired":
            return None if now >= int(key) else ""
        if name == "valid":
            return "" if now >= int(key) else None
        return None

    return part


@login_required
def members(request, slug):
    organisation = _managed_organisation(request, slug)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_member(
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
            )
        except DomainError as error:
            form.add_error("email", error.message)
        else:
            messages.success(
                request,
                _("An invitation has been sent to %(email)s.") % form.cleaned_data,
            )
            return redirect("organisations:members", slug=slug)
    # Named anew when it took in the form and the invitations: a table cached under the old
    # name is never served as the whole page.
    body = pagecache.fragment(
        "organisations:members-page",
        topics=MEMBERS_TOPICS,
        vary=(organisation.pk, get_language()),
        render=lambda: _members_body(organisation),
    )
    return render(
        request,
        "organisations/members.html",
        {"organisation": organisation, "body": pagecache.fill(body, _members_slots(request, form))},
    )


def _membership(organisation, pk) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user", "organisation"),
        pk=pk,
        organisation=organisation,
    )


@login_required
@require_POST
def change_role(request, slug, pk):
    organisation = _managed_organisation(request, slug)
    membership = _membership(organisation, pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This role does not exist."))
        return redirect("organisations:members", slug=slug)
    try:
        services.change_role(
            membership=membership, role=form.cleaned_data["role"], actor=request.user
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(name)s is now %(role)s.")
            % {"name": membership.user, "role": membership.get_role_display()},
        )
    return redirect("organisations:members", slug=slug)


@login_required
@require_POST
def remove_member(request, slug, pk):
    organisation = _managed_organisation(request, slug)
    membership = _membership(organisation, pk)
    try:
        services.remove_member(membership=membership, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(name)s is no longer a member of %(organisation)s.")
            % {"name": membership.user, "organisation": organisation},
        )
    return redirect("organisations:members", slug=slug)


@login_required
@require_POST
def readdress_invitation(request, slug, pk):
    """A référent sends a pending invitation's link to another address (logged)."""
    organisation = _managed_organisation(request, slug)
    invitation = get_object_or_404(Invitation, pk=pk, organisation=organisation)
    form = ReaddressForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid email address to address the invitation to."))
        return redirect("organisations:members", slug=slug)
    try:
        services.readdress_invitation(
            invitation=invitation, email=form.cleaned_data["email"], actor=request.user
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _(
                "The invitation is now addressed to %(email)s: the link already sent works "
                "for that account only."
            )
            % form.cleaned_data,
        )
    return redirect("organisations:members", slug=slug)


# How a refused invitation answers: gone for good, not the right person, or unknown link.
REFUSAL_STATUS = {"used": 410, "expired": 410, "other_address": 403, "account_exists": 409}


def _refuse_invitation(request, error: DomainError):
    return render(
        request,
        "organisations/invitation_invalid.html",
        {"message": error.message, "code": error.code},
        status=REFUSAL_STATUS.get(error.code, 404),
    )


def _welcome(request, invitation):
    messages.success(
        request, _("Welcome to %(organisation)s!") % {"organisation": invitation.organisation}
    )
    return redirect(invitation.organisation)


def invitation(request, token):
    """Accept an invitation: attach the signed-in invited account, or create that account."""
    try:
        invitation = services.find_invitation(token)
        account_exists = get_user_model().objects.filter(email__iexact=invitation.email).exists()
        if account_exists:
            # The account may have just been created with this very link by a simultaneous
            # request: read the invitation again so that person hears "already used".
            invitation = services.find_invitation(token)
        form = None
        if request.user.is_authenticated:
            services.ensure_addressee(invitation, request.user)
            if request.method == "POST":
                services.accept_invitation(token=token, user=request.user)
                return _welcome(request, invitation)
        elif not account_exists:
            form = AccountCreationForm(request.POST or None, email=invitation.email)
            if request.method == "POST" and form.is_valid():
                user = services.create_account_and_accept(
                    token=token,
                    display_name=form.cleaned_data["display_name"],
                    password=form.cleaned_data["password1"],
                )
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                return _welcome(request, invitation)
    except DomainError as error:
        return _refuse_invitation(request, error)
    return render(
        request,
        "organisations/invitation.html",
        {
            "invitation": invitation,
            "form": form,
            "account_exists": account_exists,
            "token": token,
        },
    )
