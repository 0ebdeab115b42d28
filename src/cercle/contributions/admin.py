from django.contrib import admin

from cercle.contributions.models import Call, Proposal, ProposalSpeaker, Review


class SpeakerInline(admin.TabularInline):
    model = ProposalSpeaker
    extra = 0
    raw_id_fields = ["person"]


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["meeting", "deadline"]
    filter_horizontal = ["referees"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "call", "organisation", "format", "status", "from_newcomer"]
    list_filter = ["call", "status", "format", "from_newcomer"]
    raw_id_fields = ["proposer", "session"]
    inlines = [SpeakerInline]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["proposal", "reviewer", "score"]
    raw_id_fields = ["proposal", "reviewer"]
