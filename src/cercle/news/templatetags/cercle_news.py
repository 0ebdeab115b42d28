"""News bits other pages show without importing this app: {% load cercle_news %}."""

from django import template

from cercle.news.services import published

register = template.Library()
HOME_COUNT = 3


@register.inclusion_tag("news/includes/latest.html")
def latest_news():
    """The latest published announcements, for the home page (one query)."""
    return {"latest_news": list(published().only("pk", "title", "published_at")[:HOME_COUNT])}


@register.inclusion_tag("news/includes/preferences_link.html")
def news_preferences_link():
    return {}
