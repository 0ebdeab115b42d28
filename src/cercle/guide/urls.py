from django.urls import path

from cercle.guide.views import board, checklist, template

app_name = "guide"

urlpatterns = [
    path("guide/", template.guide, name="guide"),
    path("guide/export.<str:fmt>", template.guide_export, name="export"),
    path("guide/historique/", template.history, name="history"),
    path("guide/taches/nouvelle/", template.task_form, name="task_new"),
    path("guide/taches/<int:pk>/modifier/", template.task_form, name="task_edit"),
    path("guide/taches/<int:pk>/retirer/", template.task_withdraw, name="task_withdraw"),
    path("rencontres/<slug:slug>/bilan/", board.board, name="board"),
    path(
        "rencontres/<slug:slug>/bilan/depuis-evaluation/",
        board.from_evaluation,
        name="from_evaluation",
    ),
    path("rencontres/<slug:slug>/bilan/<int:pk>/action/", board.action_new, name="action_new"),
    path(
        "rencontres/<slug:slug>/bilan/actions/<int:pk>/statut/",
        board.action_status,
        name="action_status",
    ),
    path("rencontres/<slug:slug>/preparation/", checklist.checklist, name="checklist"),
    path(
        "rencontres/<slug:slug>/preparation.ods",
        checklist.checklist_export,
        name="checklist_export",
    ),
]
