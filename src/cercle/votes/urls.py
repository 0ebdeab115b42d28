from django.urls import path

from cercle.votes import views

app_name = "votes"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("nouvelle/", views.campaign_new, name="new"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/modifier/", views.campaign_edit, name="edit"),
    path("<int:pk>/demandes/", views.campaign_requests, name="requests"),
    path("<int:pk>/poids/", views.campaign_weight, name="weight"),
    path("<int:pk>/clore/", views.campaign_close, name="close"),
    path("<int:pk>/egalite/", views.campaign_tie, name="tie"),
    path("<int:pk>/bulletin/<slug:organisation>/", views.ballot, name="ballot"),
    path("<int:pk>/resultats/", views.results, name="results"),
    path("<int:pk>/resultats.csv", views.results_export, {"fmt": "csv"}, name="results_csv"),
    path("<int:pk>/resultats.ods", views.results_export, {"fmt": "ods"}, name="results_ods"),
    path("<int:pk>/resultats.xlsx", views.results_export, {"fmt": "xlsx"}, name="results_xlsx"),
    path("<int:pk>/bulletins.csv", views.ballots_export, name="ballots_csv"),
    path("<int:pk>/projection/", views.projection, name="projection"),
    path("<int:pk>/projection/participation/", views.participation, name="participation"),
]
