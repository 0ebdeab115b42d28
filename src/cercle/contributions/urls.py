from django.urls import path

from cercle.contributions.views import committee, proposals

app_name = "contributions"

urlpatterns = [
    path("", proposals.call, name="call"),
    path("appel/", proposals.call_form, name="call_form"),
    path("proposer/", proposals.propose, name="propose"),
    path("examen/", committee.queue, name="queue"),
    path("chiffres/", committee.call_figures, name="figures"),
    path("<int:pk>/", proposals.proposal_detail, name="proposal"),
    path("<int:pk>/modifier/", proposals.edit, name="edit"),
    path("<int:pk>/retirer/", proposals.withdraw, name="withdraw"),
    path("<int:pk>/avis/", committee.review, name="review"),
    path("<int:pk>/decision/", committee.decide, name="decide"),
    path("<int:pk>/programmer/", committee.schedule, name="schedule"),
    path("<int:pk>/confirmer/", committee.confirm, name="confirm"),
]
