from django.contrib import admin

from cercle.glossary.models import Term


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["name", "synonym", "description"]
    search_fields = ["name", "synonym"]
    prepopulated_fields = {"slug": ["name"]}
