from django.contrib import admin

from cercle.webhooks.models import Delivery, Endpoint


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin):
    list_display = ["url", "owner", "organisation", "is_active", "consecutive_failures"]
    raw_id_fields = ["owner", "organisation"]
    exclude = ["secret"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["delivery_id", "endpoint", "event", "status", "attempts", "created_at"]
    list_filter = ["status", "event"]
    raw_id_fields = ["endpoint"]
