from django.contrib import admin

from cercle.questions.models import Moderation, Question


@admin.register(Moderation)
class ModerationAdmin(admin.ModelAdmin):
    list_display = ["session", "policy"]
    list_select_related = ["session"]
    raw_id_fields = ["session"]
    filter_horizontal = ["moderators"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    # Declared genders stay out of the back office: they exist only for turn-taking.
    list_display = ["text", "session", "status", "support"]
    list_filter = ["status"]
    fields = ["session", "author", "text", "status", "support", "hidden_reason", "merged_into"]
    readonly_fields = fields
