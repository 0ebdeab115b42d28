from django.contrib import admin

from cercle.funding.models import Milestone, RoadmapItem


@admin.register(RoadmapItem)
class RoadmapItemAdmin(admin.ModelAdmin):
    list_display = ["title", "label", "status", "year", "quarter"]
    list_filter = ["label", "status", "year"]
    search_fields = ["title"]


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_on", "ends_on"]
