from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuideConfig(AppConfig):
    name = "cercle.guide"
    verbose_name = _("Organisers' guide and retrospectives")

    def ready(self):
        from django.db.models.signals import post_save

        from cercle.core import jobs
        from cercle.guide.services import ensure_checklist, send_task_reminders
        from cercle.meetings.models import Meeting

        def checklist_for_new_meeting(sender, instance, created, raw=False, **kwargs):
            if created and not raw:
                ensure_checklist(instance)

        post_save.connect(
            checklist_for_new_meeting, sender=Meeting, dispatch_uid="guide.checklist_for_meeting"
        )
        jobs.register("guide.send_task_reminders", send_task_reminders, every=60 * 60)
