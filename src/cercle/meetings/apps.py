from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "cercle.meetings"
    verbose_name = _("Club meetings")

    def ready(self):
        from cercle.core import jobs
        from cercle.meetings.services import send_due_notices, send_reminders

        jobs.register("meetings.send_reminders", send_reminders, every=15 * 60)
        # Confirmations and promotion notices left due (the after-commit send did not run).
        jobs.register("meetings.send_due_notices", send_due_notices, every=2)
