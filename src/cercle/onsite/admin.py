from django.contrib import admin

from cercle.onsite.models import Chapter, CheckIn, Document, Recording, RemoteAttendance


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    list_display = ["registration", "day", "checked_in_at", "method"]
    raw_id_fields = ["registration", "checked_in_by"]


@admin.register(RemoteAttendance)
class RemoteAttendanceAdmin(admin.ModelAdmin):
    list_display = ["registration", "day", "imported_at"]
    raw_id_fields = ["registration", "imported_by"]


class ChapterInline(admin.TabularInline):
    model = Chapter
    raw_id_fields = ["session"]


@admin.register(Recording)
class RecordingAdmin(admin.ModelAdmin):
    list_display = ["day", "provider", "url"]
    inlines = [ChapterInline]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "session", "visibility", "added_at"]
    raw_id_fields = ["session", "added_by"]
