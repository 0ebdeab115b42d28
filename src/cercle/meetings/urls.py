from django.urls import path

from cercle.meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("nouvelle/", views.meeting_form, name="create"),
    path("agenda/<str:token>.ics", views.agenda_ics, name="agenda_ics"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/modifier/", views.meeting_form, name="edit"),
    path("<slug:slug>/programme/", views.programme, name="programme"),
    path("<slug:slug>/programme.ics", views.programme_ics, name="programme_ics"),
    path("<slug:slug>/programme/seances/nouvelle/", views.session_form, name="session_create"),
    path("<slug:slug>/programme/seances/<int:pk>/", views.session_form, name="session_edit"),
    path(
        "<slug:slug>/programme/seances/<int:pk>/supprimer/",
        views.session_delete,
        name="session_delete",
    ),
    path("<slug:slug>/inscription/", views.register, name="register"),
    path("<slug:slug>/mon-inscription/", views.my_registration, name="my_registration"),
    path("<slug:slug>/mon-inscription/droit-image/", views.change_consent, name="consent"),
    path("<slug:slug>/mon-inscription/annuler/", views.cancel, name="cancel"),
    path("<slug:slug>/inscriptions/", views.registrations, name="registrations"),
    path("<slug:slug>/inscriptions.<str:fmt>", views.export, name="export"),
]
