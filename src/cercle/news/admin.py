from django.contrib import admin

from cercle.news.models import Announcement, DigestPreference


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "source_kind", "published_at"]
    list_filter = ["status", "source_kind"]


@admin.register(DigestPreference)
class DigestPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "weekly_digest", "last_sent_at"]
    raw_id_fields = ["user"]
