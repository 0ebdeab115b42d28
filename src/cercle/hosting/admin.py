from django.contrib import admin

from cercle.hosting.models import Candidacy, Handover, HostingCall, WorkingDocument


@admin.register(HostingCall)
class HostingCallAdmin(admin.ModelAdmin):
    list_display = ["title", "edition", "opens_at", "closes_at", "decided_at"]


@admin.register(Candidacy)
class CandidacyAdmin(admin.ModelAdmin):
    list_display = ["organisation", "call", "submitted_at"]
    list_select_related = ["organisation", "call"]


@admin.register(Handover)
class HandoverAdmin(admin.ModelAdmin):
    list_display = ["meeting", "previous_meeting", "starts_at", "held_at"]


@admin.register(WorkingDocument)
class WorkingDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "meeting", "visibility", "added_at"]
