from django.contrib import admin

from cercle.requests.models import Endorsement, ImprovementRequest


class EndorsementInline(admin.TabularInline):
    model = Endorsement
    extra = 0
    readonly_fields = ["organisation", "endorsed_by", "created_at"]


@admin.register(ImprovementRequest)
class ImprovementRequestAdmin(admin.ModelAdmin):
    list_display = ["reference", "title", "organisation", "status", "endorsement_count"]
    list_filter = ["status", "modules"]
    search_fields = ["reference", "title"]
    # Status, counts and references follow the rules in services: not edited by hand here.
    readonly_fields = [
        "reference",
        "year",
        "number",
        "status",
        "endorsement_count",
        "support_count",
    ]
    inlines = [EndorsementInline]
