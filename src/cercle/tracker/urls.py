from django.urls import path

from cercle.tracker import views

app_name = "tracker"

urlpatterns = [
    path("demandes/<str:reference>/lier/", views.link, name="link"),
    path("demandes/<str:reference>/tickets/<int:pk>/retirer/", views.unlink, name="unlink"),
]
