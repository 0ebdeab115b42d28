from django.contrib import admin

from cercle.meetings.models import Meeting, MeetingDay, Registration, Session, Speaker, Track


class DayInline(admin.TabularInline):
    model = MeetingDay
    extra = 0


class TrackInline(admin.TabularInline):
    model = Track
    extra = 0


class SpeakerInline(admin.TabularInline):
    model = Speaker
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["edition", "title", "host", "status"]
    list_filter = ["status"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [DayInline, TrackInline]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["title", "meeting", "kind", "starts_at", "room", "capacity"]
    list_filter = ["meeting", "kind"]
    inlines = [SpeakerInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["badge_name", "meeting", "organisation", "image_consent", "cancelled_at"]
    list_filter = ["meeting", "image_consent"]
    search_fields = ["badge_name", "person__email"]
    exclude = ["calendar_token"]
