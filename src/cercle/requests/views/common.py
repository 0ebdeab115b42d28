"""What the request pages share: finding a request, and building its page.

A request's page is one fragment, cached and the same for everyone (what a visitor sees), with
markers where the personal parts go: the forms (with their CSRF token), the person's +1, follow
and endorsements, the staff panels. Those are rendered for the person and put in place; the
person's parts (their CSRF tokens as slots) are cached for them on the same data versions, so
a page served from the cache reads neither the request nor the person's organisations."""

from django.conf import settings
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


def get_request(reference):
    """The request, whole."""
    requests = ImprovementRequest.objects.select_related("organisation", "author", "merged_into")
    return get_object_or_404(requests, reference=reference.upper())


def page_request(reference, read):
    """What a request's page reads of the request besides its fragment (`PAGE_FIELDS`),
    cached under the versions `read` before it."""
    reference = reference.upper()
    return pagecache.value(
        "requests:page",
        topics=DETAIL_TOPICS,
        vary=(reference,),
        read=read,
        compute=lambda: get_object_or_404(
            ImprovementRequest.objects.only(*PAGE_FIELDS), reference=reference
        ),
    )


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


def _personal_context(user, improvement, forms) -> dict:
    """The person's part: their organisations' endorsements, +1, follow, forms and rights
    (staff panels apart)."""
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
        "supports": Support.objects.filter(request=improvement, user=user).exists(),
        "following": Follow.objects.filter(request=improvement, user=user, active=True).exists(),
    }
    context.update(forms)
    return context


def _parts(context) -> dict[str, str | None]:
    """The person's parts of the page, by slot ("name:key"; None: what a visitor sees there),
    each CSRF token a slot: cacheable for that person. Staff panels are rendered apart."""

    def render_part(name, **extra):
        return render_to_string(f"requests/includes/detail/{name}.html", {**context, **extra})

    improvement = context["improvement"]
    can_take_part = context["can_take_part"]
    parts = {
        f"withdraw:{pk}": render_part("withdraw", organisation=organisation)
        for pk, organisation in context["withdrawable"].items()
    }
    parts.update(
        {
            "edit:": render_part("edit") if improvement.is_draft or context["can_edit"] else "",
            "participation:": render_part("participation") if can_take_part else "",
            "comment:": (render_part("comment") if "comment_form" in context else None)
            if can_take_part
            else "",
            "sign_in:": "",
            "endorse:": render_part("endorse") if context["endorse_form"] else "",
        }
    )
    return parts


def _filled(request, body, parts, improvement, forms):
    """The fragment with the person's parts in place (a visitor's defaults otherwise), and the
    staff panels for staff."""
    csrf_input = format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
    )
    is_staff = permissions.can_triage(request.user)

    def part(name, key):
        if name == "csrf":
            return csrf_input
        if name in ("staff", "tickets"):
            return _staff_part(request, name, improvement, forms) if is_staff else None
        return parts.get(f"{name}:{key}", "" if name == "withdraw" else None)

    return pagecache.fill(body, part)


def _staff_part(request, name, improvement, forms) -> str:
    """A staff panel (triage forms, the tracker's tickets), rendered afresh."""
    context = {
        "improvement": improvement,
        "status_form": StatusForm(),
        "question_form": QuestionForm(),
        "merge_form": MergeForm(),
        **forms,
    }
    return render_to_string(f"requests/includes/detail/{name}.html", context, request=request)


def detail_body(request, improvement, read=None, **forms):
    """The page's body for the person viewing it; `read`: the versions read before the request
    (`page_request`); `forms`: refused forms as typed, shown instead of empty ones."""
    if read is None:
        read = pagecache.snapshot(DETAIL_TOPICS)
    body = pagecache.fragment(
        "requests:detail",
        topics=DETAIL_TOPICS,
        vary=(improvement.pk, get_language()),
        read=read,
        # The page may have read only some fields: the fragment shows the whole request.
        render=lambda: render_to_string(
            "requests/includes/detail_body.html",
            _shared_context(get_request(improvement.reference)),
        ),
    )
    user = request.user
    if not user.is_authenticated:
        # The sign-in link, no form.
        return pagecache.fill(body, lambda name, key: "" if name in ("comment", "csrf") else None)

    if forms:
        # A refused form as typed: never from the cache.
        parts = _parts(_personal_context(user, improvement, forms))
    else:
        # The same for this person until the data it shows changes: cached on its versions.
        parts = pagecache.value(
            "requests:detail:person",
            topics=DETAIL_TOPICS,
            vary=(improvement.pk, user.pk, get_language()),
            read=read,
            compute=lambda: _parts(_personal_context(user, improvement, {})),
        )
    return _filled(request, body, parts, improvement, forms)


def detail_with(request, improvement, **forms):
    """The request page again, with a refused form and what the person typed in it."""
    return render(
        request,
        "requests/detail.html",
        {"improvement": improvement, "body": detail_body(request, improvement, **forms)},
        status=400,
    )
