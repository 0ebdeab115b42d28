from django.urls import path

from cercle.onsite import views

app_name = "onsite"

# Included before the meetings app's "<slug>/" so that "archives/" is not read as a meeting.
urlpatterns = [
    path("archives/", views.archive_list, name="archive_list"),
    path("<slug:slug>/archive/", views.archive, name="archive"),
    path("<slug:slug>/badges/", views.badges, name="badges"),
    path("<slug:slug>/chiffres/", views.figures, name="figures"),
    path("<slug:slug>/accueil/", views.check_in_days, name="check_in_days"),
    path("<slug:slug>/accueil/<str:iso_date>/", views.check_in, name="check_in"),
    path(
        "<slug:slug>/accueil/<str:iso_date>/distanciel/",
        views.remote_import,
        name="remote_import",
    ),
    path("<slug:slug>/attestations/", views.certificates, name="certificates"),
    path("<slug:slug>/mon-attestation.pdf", views.my_certificate, name="my_certificate"),
    path("<slug:slug>/enregistrements/", views.recordings, name="recordings"),
    path("<slug:slug>/enregistrements/<str:iso_date>/", views.recording_form, name="recording"),
    path(
        "<slug:slug>/enregistrements/<str:iso_date>/chapitres/",
        views.chapters_form,
        name="chapters",
    ),
    path("<slug:slug>/enregistrements/<str:iso_date>.vtt", views.webvtt, name="webvtt"),
    path("<slug:slug>/programme/seances/<int:pk>/documents/", views.documents, name="documents"),
    path("<slug:slug>/salles/", views.room_list, name="room_list"),
    path("<slug:slug>/salles/<str:room>/ecran/", views.room_screen, name="room_screen"),
    path(
        "<slug:slug>/salles/<str:room>/ecran/etat/",
        views.room_screen_state,
        name="room_screen_state",
    ),
    path("<slug:slug>/documents/<int:pk>/", views.document_download, name="document"),
    path(
        "<slug:slug>/documents/<int:pk>/supprimer/",
        views.document_delete,
        name="document_delete",
    ),
]
