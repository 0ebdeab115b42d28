from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionsConfig(AppConfig):
    name = "cercle.questions"
    verbose_name = _("Live questions")

    def ready(self):
        from cercle.core import jobs
        from cercle.questions.services.retention import forget_declarations

        jobs.register("questions.forget_declarations", forget_declarations, every=60 * 60)
