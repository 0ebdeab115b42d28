from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def checklist_for_new_meeting(sender, instance, created, raw=False, **kwargs):
    """A new meeting gets its preparation checklist from the guide straight away."""
    if created and not raw:
        from cercle.guide.services import ensure_checklist

        ensure_checklist(instance)


def checklist_for_new_host(sender, meeting, **kwargs):
    """The chosen host's meeting has its checklist (hosting.signals.host_chosen)."""
    from cercle.guide.services import ensure_checklist

    ensure_checklist(meeting)


def handover_done(sender, meeting, by, **kwargs):
    """The handover held ticks the checklist's "handover" task (hosting.signals)."""
    from cercle.guide.services import complete_by_key

    complete_by_key(meeting, "handover", by=by)


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
        from cercle.hosting.signals import handover_completed, host_chosen

        host_chosen.connect(checklist_for_new_host, dispatch_uid="guide.checklist_for_new_host")
        handover_completed.connect(handover_done, dispatch_uid="guide.handover_done")
