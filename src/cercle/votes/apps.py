from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotesConfig(AppConfig):
    name = "cercle.votes"
    label = "votes"
    verbose_name = _("Vote campaigns")

    def ready(self):
        from cercle.core import jobs
        from cercle.votes.services import close_due_campaigns

        jobs.register("votes.close_due_campaigns", close_due_campaigns, every=15)
