from django.urls import path

from cercle.requests.views import actions, browse, filing

app_name = "requests"

urlpatterns = [
    path("", browse.request_list, name="list"),
    path("nouvelle/", filing.request_new, name="new"),
    path("similaires/", browse.similar, name="similar"),
    path("triage/", browse.triage, name="triage"),
    path("<str:reference>/", browse.request_detail, name="detail"),
    path("<str:reference>/modifier/", filing.request_edit, name="edit"),
    path("<str:reference>/deposer/", actions.request_submit, name="submit"),
    path("<str:reference>/appui/", actions.request_endorse, name="endorse"),
    path(
        "<str:reference>/appui/<slug:organisation>/retirer/",
        actions.request_withdraw,
        name="withdraw",
    ),
    path("<str:reference>/plus-un/", actions.request_support, name="support"),
    path("<str:reference>/commentaires/", actions.request_comment, name="comment"),
    path("<str:reference>/suivre/", actions.request_follow, name="follow"),
    path("<str:reference>/statut/", actions.request_status, name="status"),
    path("<str:reference>/question/", actions.request_question, name="question"),
    path("<str:reference>/fusionner/", actions.request_merge, name="merge"),
    path("<str:reference>/pieces-jointes/<int:pk>/", browse.attachment_download, name="attachment"),
]
