"""What the request pages share: finding a request, and building its page.

A request's page is one fragment, cached and the same for everyone (what a visitor sees), with
markers where the personal parts go: the forms (with their CSRF token), the person's +1, follow
and endorsements, the staff panels. Those are rendered for the person and put in place."""

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import get_language

from cercle.core import pagecache
from cercle.organisations.models import Organisation
from cercle.requests import permissions, selectors
from cercle.requests.enums import OPEN_FOR_ENDORSEMENT
from cercle.requests.forms import CommentForm, EndorseForm, MergeForm, QuestionForm, StatusForm
from cercle.requests.models import Follow, ImprovementRequest, Support

# What the list shows: requests, endorsements, +1 and comments (requests), the organisations'
# names and the modules (glossary).
LIST_TOPICS = ("requests", "organisations", "glossary")

# What a request's page shows besides: comments' authors, the quarterly sessions that discuss
# it, the vendor's tickets, its costing and its ballots.
DETAIL_TOPICS = (*LIST_TOPICS, "accounts", "quarterly", "tracker", "funding", "votes")


# What a request's page reads of the request besides its cached fragment.
PAGE_FIELDS = (
    "pk",
    "reference",
    "title",
    "status",
    "merged_into_id",
    "organisation_id",
    "author_id",
)


def get_request(reference, *, viewer=None):
    """The request, whole; or, for its page (`viewer` given), only what the page reads
    besides its fragment, with whether a signed-in viewer supports and follows it."""
    requests = ImprovementRequest.objects.select_related("organisation", "author", "merged_into")
    if viewer is not None:
        requests = ImprovementRequest.objects.only(*PAGE_FIELDS)
    if viewer is not None and viewer.is_authenticated:
        requests = requests.annotate(
            viewer_supports=Exists(Support.objects.filter(request=OuterRef("pk"), user=viewer)),
            viewer_follows=Exists(
                Follow.objects.filter(request=OuterRef("pk"), user=viewer, active=True)
            ),
        )
    return get_object_or_404(requests, reference=reference.upper())


def _shared_context(improvement) -> dict:
    """What everyone sees on the page: nothing that depends on who looks."""
    endorsements = selectors.request_endorsements(improvement)
    return {
        "improvement": improvement,
        "modules": improvement.modules.all(),
        "endorsements": endorsements.counted,
        "other_endorsements": endorsements.apart,
        "comments": improvement.comments.select_related("author"),
        "history": improvement.history.select_related("actor", "merged_from"),
        "attachments": improvement.attachments.all(),
        "required": settings.ENDORSEMENTS_REQUIRED,
        "comment_form": CommentForm(),  # empty: its CSRF token goes in a slot
    }


def _viewer_flag(improvement, name, related, user) -> bool:
    """Read with the request by `get_request(viewer=...)`, or asked now."""
    if hasattr(improvement, name):
        return getattr(improvement, name)
    return related.filter(user=user).exists()


def _personal_context(user, improvement, forms) -> dict:
    """The person's part: their organisations' endorsements, +1, follow, forms and rights."""
    organisations = permissions.referent_organisations(user, improvement)
    referent_ids = {o.pk for o in organisations}
    endorsing = []
    if improvement.status in OPEN_FOR_ENDORSEMENT:
        endorsing = [o for o in organisations if o.is_active and not o.endorses]
    endorse_form = None
    if endorsing:
        endorse_form = EndorseForm(
            organisations=Organisation.objects.filter(pk__in=[o.pk for o in endorsing])
        )
        # Its choices are the organisations already read: no query to show it.
        field = endorse_form.fields["organisation"]
        field.widget.choices = [field.iterator(field).choice(o) for o in endorsing]
    is_staff = permissions.can_triage(user)
    context = {
        "improvement": improvement,
        "withdrawable": {
            o.pk: o
            for o in organisations
            if o.endorses
            and permissions.can_withdraw(user, improvement, o, referent_ids=referent_ids)
        },
        "can_edit": permissions.can_edit(user, improvement),
        "can_take_part": permissions.can_take_part(user, improvement),
        "endorse_form": endorse_form,
        "is_staff": is_staff,
        "supports": _viewer_flag(improvement, "viewer_supports", improvement.supports, user),
        "following": _viewer_flag(
            improvement, "viewer_follows", improvement.follows.filter(active=True), user
        ),
    }
    if is_staff:
        context.update(
            status_form=StatusForm(), question_form=QuestionForm(), merge_form=MergeForm()
        )
    context.update(forms)
    return context


def _filled(request, body, context):
    """The fragment with the person's parts in place (a visitor's defaults otherwise)."""

    def render_part(name, **extra):
        return render_to_string(
            f"requests/includes/detail/{name}.html", {**context, **extra}, request=request
        )

    improvement = context["improvement"]
    csrf_input = format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
    )

    def part(name, key):
        if name == "withdraw":
            organisation = context["withdrawable"].get(int(key)) if key.isdigit() else None
            return render_part(name, organisation=organisation) if organisation else ""
        if name == "edit":
            return render_part(name) if improvement.is_draft or context["can_edit"] else ""
        if name == "csrf":
            return csrf_input
        if name == "participation":
            return render_part(name) if context["can_take_part"] else ""
        if name == "comment":
            if not context["can_take_part"]:
                return ""
            return render_part(name) if "comment_form" in context else None
        if name == "sign_in":
            return ""
        if name == "endorse":
            return render_part(name) if context["endorse_form"] else ""
        if name in ("staff", "tickets"):
            return render_part(name) if context["is_staff"] else None
        return None

    return pagecache.fill(body, part)


def detail_body(request, improvement, **forms):
    body = pagecache.fragment(
        "requests:detail",
        topics=DETAIL_TOPICS,
        vary=(improvement.pk, get_language()),
        # The page may have read only some fields: the fragment shows the whole request.
        render=lambda: render_to_string(
            "requests/includes/detail_body.html",
            _shared_context(get_request(improvement.reference)),
        ),
    )
    if not request.user.is_authenticated:
        # The sign-in link, no form.
        return pagecache.fill(body, lambda name, key: "" if name in ("comment", "csrf") else None)
    return _filled(request, body, _personal_context(request.user, improvement, forms))


def detail_with(request, improvement, **forms):
    """The request page again, with a refused form and what the person typed in it."""
    return render(
        request,
        "requests/detail.html",
        {"improvement": improvement, "body": detail_body(request, improvement, **forms)},
        status=400,
    )
