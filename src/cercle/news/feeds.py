"""The club news as an Atom feed: published announcements only, their sanitised HTML."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from cercle.news.services import published

FEED_SIZE = 30


class NewsFeed(Feed):
    feed_type = Atom1Feed
    title = _("Club news")
    subtitle = _("Announcements of the user club.")
    link = reverse_lazy("news:list")

    def items(self):
        return published()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.body_html

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at
