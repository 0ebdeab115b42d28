from django.urls import path

from cercle.hosting import views

app_name = "hosting"

urlpatterns = [
    path("candidatures/", views.call_list, name="calls"),
    path("candidatures/nouvel-appel/", views.call_new, name="call_new"),
    path("candidatures/<int:pk>/", views.call_detail, name="call"),
    path("candidatures/<int:pk>/modifier/", views.call_edit, name="call_edit"),
    path("candidatures/<int:pk>/candidater/", views.apply, name="apply"),
    path(
        "candidatures/<int:pk>/dossiers/<int:candidacy>/",
        views.candidacy_detail,
        name="candidacy",
    ),
    path(
        "candidatures/<int:pk>/dossiers/<int:candidacy>/fichiers/<int:attachment>/",
        views.attachment_download,
        name="attachment",
    ),
    path(
        "candidatures/<int:pk>/dossiers/<int:candidacy>/fichiers/<int:attachment>/supprimer/",
        views.attachment_delete,
        name="attachment_delete",
    ),
    path("candidatures/<int:pk>/vote/", views.open_vote, name="open_vote"),
    path("candidatures/<int:pk>/decider/", views.decide, name="decide"),
    path("candidatures/<int:pk>/decision/", views.decision, name="decision"),
    path("accueil/<slug:slug>/passation/", views.handover, name="handover"),
    path("accueil/<slug:slug>/passation/tenue/", views.handover_held, name="handover_held"),
    path("accueil/<slug:slug>/documents/", views.documents, name="documents"),
    path("accueil/<slug:slug>/documents/<int:pk>/", views.document_download, name="document"),
    path(
        "accueil/<slug:slug>/documents/<int:pk>/supprimer/",
        views.document_delete,
        name="document_delete",
    ),
]
