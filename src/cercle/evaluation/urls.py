from django.urls import path

from cercle.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("", views.answer, name="answer"),
    path("resultats/", views.results, name="results"),
    path("gestion/", views.manage, name="manage"),
    path("resultats.<str:fmt>", views.export, name="export"),
]
