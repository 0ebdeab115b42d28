from django.urls import path

from cercle.meetings.views import organisers, programme, registration

app_name = "meetings"

urlpatterns = [
    path("", programme.meeting_list, name="list"),
    path("nouvelle/", programme.meeting_form, name="create"),
    path("agenda/<str:token>.ics", registration.agenda_ics, name="agenda_ics"),
    path("<slug:slug>/", programme.detail, name="detail"),
    path("<slug:slug>/modifier/", programme.meeting_form, name="edit"),
    path("<slug:slug>/programme/", programme.programme, name="programme"),
    path("<slug:slug>/programme.ics", programme.programme_ics, name="programme_ics"),
    path("<slug:slug>/programme/seances/nouvelle/", programme.session_form, name="session_create"),
    path("<slug:slug>/programme/seances/<int:pk>/", programme.session_form, name="session_edit"),
    path(
        "<slug:slug>/programme/seances/<int:pk>/supprimer/",
        programme.session_delete,
        name="session_delete",
    ),
    path("<slug:slug>/inscription/", registration.register, name="register"),
    path("<slug:slug>/mon-inscription/", registration.my_registration, name="my_registration"),
    path("<slug:slug>/mon-inscription/droit-image/", registration.change_consent, name="consent"),
    path("<slug:slug>/mon-inscription/annuler/", registration.cancel, name="cancel"),
    path("<slug:slug>/inscriptions/", organisers.registrations, name="registrations"),
    path("<slug:slug>/inscriptions.<str:fmt>", organisers.export, name="export"),
]
