from django.urls import path

from cercle.requests import views

app_name = "requests"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("nouvelle/", views.request_new, name="new"),
    path("similaires/", views.similar, name="similar"),
    path("triage/", views.triage, name="triage"),
    path("<str:reference>/", views.request_detail, name="detail"),
    path("<str:reference>/modifier/", views.request_edit, name="edit"),
    path("<str:reference>/deposer/", views.request_submit, name="submit"),
    path("<str:reference>/appui/", views.request_endorse, name="endorse"),
    path(
        "<str:reference>/appui/<slug:organisation>/retirer/",
        views.request_withdraw,
        name="withdraw",
    ),
    path("<str:reference>/plus-un/", views.request_support, name="support"),
    path("<str:reference>/commentaires/", views.request_comment, name="comment"),
    path("<str:reference>/suivre/", views.request_follow, name="follow"),
    path("<str:reference>/statut/", views.request_status, name="status"),
    path("<str:reference>/question/", views.request_question, name="question"),
    path("<str:reference>/fusionner/", views.request_merge, name="merge"),
    path("<str:reference>/pieces-jointes/<int:pk>/", views.attachment_download, name="attachment"),
]
