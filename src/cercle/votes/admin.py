from django.contrib import admin

from cercle.votes.models import Ballot, BallotVersion, Campaign, CampaignItem


class CampaignItemInline(admin.TabularInline):
    model = CampaignItem
    extra = 0
    readonly_fields = [
        "reference",
        "request",
        "label",
        "position",
        "score",
        "supporters",
        "retained",
    ]
    can_delete = False


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "opens_at", "closes_at", "method", "seats", "closed_at"]
    # Campaigns are set up on the staff pages, whose services enforce the locks; the admin
    # only reads them.
    inlines = [CampaignItemInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


class BallotVersionInline(admin.TabularInline):
    model = BallotVersion
    extra = 0
    readonly_fields = ["number", "receipt", "cast_by", "cast_at", "lines"]
    can_delete = False


@admin.register(Ballot)
class BallotAdmin(admin.ModelAdmin):
    list_display = ["receipt", "campaign", "organisation", "version_count", "cast_at"]
    list_filter = ["campaign"]
    inlines = [BallotVersionInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
