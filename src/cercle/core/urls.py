from django.urls import path

from cercle.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("plancher/", views.floor, name="floor"),
    path("healthz", views.healthz, name="healthz"),
]
