"""What the request pages share: finding a request, and building its page."""

from django.conf import settings
from django.shortcuts import get_object_or_404, render

from cercle.requests import permissions, selectors
from cercle.requests.forms import CommentForm, EndorseForm, MergeForm, QuestionForm, StatusForm
from cercle.requests.models import ImprovementRequest


def get_request(reference):
    return get_object_or_404(
        ImprovementRequest.objects.select_related("organisation", "author", "merged_into"),
        reference=reference.upper(),
    )


def _participation(user, improvement) -> dict:
    if not user.is_authenticated:
        return {}
    follow = improvement.follows.filter(user=user).first()
    return {
        "supports": improvement.supports.filter(user=user).exists(),
        "following": bool(follow and follow.active),
    }


def detail_context(request, improvement) -> dict:
    user = request.user
    endorsements = selectors.request_endorsements(improvement)
    endorsing = permissions.endorsing_organisations(user, improvement)
    referent_ids = permissions.referent_organisation_ids(user)
    is_staff = permissions.can_triage(user)
    context = {
        "improvement": improvement,
        "modules": improvement.modules.all(),
        "endorsements": endorsements.counted,
        "other_endorsements": endorsements.apart,
        "withdrawable": {
            e.organisation_id
            for e in endorsements.all
            if permissions.can_withdraw(
                user, improvement, e.organisation, referent_ids=referent_ids
            )
        },
        "comments": improvement.comments.select_related("author"),
        "history": improvement.history.select_related("actor", "merged_from"),
        "attachments": improvement.attachments.all(),
        "required": settings.ENDORSEMENTS_REQUIRED,
        "can_edit": permissions.can_edit(user, improvement),
        "can_take_part": permissions.can_take_part(user, improvement),
        "endorse_form": EndorseForm(organisations=endorsing) if endorsing.exists() else None,
        "comment_form": CommentForm(),
        "is_staff": is_staff,
        **_participation(user, improvement),
    }
    if is_staff:
        context.update(
            status_form=StatusForm(), question_form=QuestionForm(), merge_form=MergeForm()
        )
    return context


def detail_with(request, improvement, **forms):
    """The request page again, with a refused form and what the person typed in it."""
    context = detail_context(request, improvement)
    context.update(forms)
    return render(request, "requests/detail.html", context, status=400)
