from django.urls import path

from cercle.core import views

app_name = "core"

urlpatterns = [
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("plancher/", views.floor, name="floor"),
    path("healthz", views.healthz, name="healthz"),
]
