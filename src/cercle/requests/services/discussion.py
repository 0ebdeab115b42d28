"""People take part in a filed request: +1, comments, and following its news by email."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cercle.core.errors import DomainError
from cercle.requests import permissions
from cercle.requests.models import COMMENT_MAX_LENGTH, Comment, Follow, Support
from cercle.requests.services.common import (
    FORBIDDEN,
    check_lengths,
    follow,
    notify,
    refresh_counts,
    touch,
)


def toggle_support(*, improvement, person) -> bool:
    """Add or remove a person's +1. Returns whether they now support it."""
    if not permissions.can_take_part(person, improvement):
        raise DomainError("forbidden", FORBIDDEN)
    with transaction.atomic():
        deleted, _count = Support.objects.filter(request=improvement, user=person).delete()
        if not deleted:
            Support.objects.get_or_create(request=improvement, user=person)
        refresh_counts(improvement)
    return not deleted


def add_comment(*, improvement, author, body: str, is_question=False, field="body") -> Comment:
    """Publish a comment (its HTML rendered once, now) and email the other followers."""
    if not permissions.can_take_part(author, improvement):
        raise DomainError("forbidden", FORBIDDEN)
    if not body.strip():
        raise DomainError("empty_comment", _("Write something first."), fields=[field])
    check_lengths({field: body}, {field: COMMENT_MAX_LENGTH})
    with transaction.atomic():
        comment = Comment.objects.create(
            request=improvement, author=author, body=body, is_question=is_question
        )
        follow(improvement, [author])
        refresh_counts(improvement)
        touch(improvement)
    notify(improvement, template="new_comment", context={"comment": comment}, exclude=author)
    return comment


def set_following(*, improvement, person, active: bool) -> None:
    Follow.objects.update_or_create(request=improvement, user=person, defaults={"active": active})
