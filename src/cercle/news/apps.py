from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "cercle.news"
    verbose_name = _("Club news")

    def ready(self):
        from cercle.core import jobs
        from cercle.news import receivers
        from cercle.news.services import send_weekly_digests

        receivers.connect()
        jobs.register("news.send_weekly_digests", send_weekly_digests, every=15 * 60)
