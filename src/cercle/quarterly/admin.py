from django.contrib import admin

from cercle.quarterly.models import AgendaItem, QuarterlySession


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    raw_id_fields = ["request"]
    extra = 0


@admin.register(QuarterlySession)
class QuarterlySessionAdmin(admin.ModelAdmin):
    list_display = ["meeting", "year", "quarter", "starts_at"]
    inlines = [AgendaItemInline]
