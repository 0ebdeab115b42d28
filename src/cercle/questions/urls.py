from django.urls import path

from cercle.questions.views import moderation, organisers, participant, public

app_name = "questions"

urlpatterns = [
    path("<slug:slug>/seances/<int:pk>/questions/", participant.ask, name="ask"),
    path("<slug:slug>/seances/<int:pk>/questions/file/", participant.queue, name="queue"),
    path("<slug:slug>/seances/<int:pk>/moderation/", moderation.moderate, name="moderate"),
    path("<slug:slug>/seances/<int:pk>/moderation/file/", moderation.panel, name="moderate_panel"),
    path(
        "<slug:slug>/seances/<int:pk>/moderation/<int:question>/",
        moderation.question,
        name="moderate_question",
    ),
    path("<slug:slug>/moderateurs/", organisers.moderators, name="moderators"),
    path("<slug:slug>/questions-publiees/", public.published, name="published"),
    path("<slug:slug>/questions-chiffres/", public.figures, name="figures"),
]
