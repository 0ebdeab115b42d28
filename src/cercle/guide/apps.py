from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def checklist_for_new_meeting(sender, instance, created, raw=False, **kwargs):
    """A new meeting gets its preparation checklist from the guide straight away."""
    if created and not raw:
        from cercle.guide.services import ensure_checklist

        ensure_checklist(instance)


class GuideConfig(AppConfig):
    name = "cercle.guide"
    verbose_name = _("Organisers' guide and retrospectives")

    def ready(self):
        from django.db.models.signals import post_save

        from cercle.core import jobs
        from cercle.guide.services import send_task_reminders
        from cercle.meetings.models import Meeting

        post_save.connect(
            checklist_for_new_meeting, sender=Meeting, dispatch_uid="guide.checklist_for_meeting"
        )
        jobs.register("guide.send_task_reminders", send_task_reminders, every=60 * 60)
