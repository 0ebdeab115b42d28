from django.contrib import admin

from cercle.tracker.models import TicketLink


@admin.register(TicketLink)
class TicketLinkAdmin(admin.ModelAdmin):
    list_display = ["request", "number", "status", "target_version", "done_ratio", "last_error"]
    raw_id_fields = ["request", "linked_by"]
