"""For other pages (the room screen, the archive) without importing this app's code."""

from django import template

from cercle.questions import selectors

register = template.Library()


@register.inclusion_tag("questions/includes/answering_now.html")
def answering_now(session):
    """The question being answered in `session`, or nothing."""
    return {"question": selectors.answering_now(session)}


@register.inclusion_tag("questions/includes/answered.html")
def answered_questions(session):
    """The answered questions of `session`, text only, in the order they were taken."""
    return {"questions": list(selectors.answered(session))}
