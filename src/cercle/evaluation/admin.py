from django.contrib import admin

from cercle.evaluation.models import Evaluation


# Answers have no admin page: the site's results page is the only anonymous view of them.
@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["meeting", "opened_at", "closes_at", "closed_at"]
    readonly_fields = ["invited_at"]
