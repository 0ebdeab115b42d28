from django.urls import path

from cercle.quarterly import views

app_name = "quarterly"

urlpatterns = [
    path("", views.session_list, name="list"),
    path("calendrier.ics", views.calendar_ics, name="calendar_ics"),
    path("nouvelle/", views.session_create, name="create"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/ordre-du-jour/", views.agenda, name="agenda"),
    path("<slug:slug>/ordre-du-jour/<int:pk>/", views.item_edit, name="item_edit"),
    path("<slug:slug>/ordre-du-jour/<int:pk>/deplacer/", views.item_move, name="item_move"),
    path("<slug:slug>/ordre-du-jour/<int:pk>/retirer/", views.item_remove, name="item_remove"),
]
