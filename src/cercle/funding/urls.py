from django.urls import path

from cercle.funding import views

app_name = "funding"

urlpatterns = [
    path("financement/", views.item_list, name="list"),
    path("financement/export.<str:fmt>", views.funding_export, name="export"),
    path("financement/chiffrer/<str:reference>/", views.estimate_new, name="estimate"),
    path("financement/<str:reference>/", views.item_detail, name="item"),
    path("financement/<str:reference>/partage/", views.item_sharing, name="sharing"),
    path("financement/<str:reference>/promesse/", views.item_pledge, name="pledge"),
    path(
        "financement/<str:reference>/promesse/<int:pk>/",
        views.pledge_transition,
        name="transition",
    ),
    path("feuille-de-route/", views.roadmap, name="roadmap"),
    path("feuille-de-route/ajouter/", views.roadmap_edit, name="roadmap_add"),
    path("feuille-de-route/<int:pk>/modifier/", views.roadmap_edit, name="roadmap_edit"),
    path("calendrier/", views.calendar, name="calendar"),
    path("calendrier/jalons/", views.milestone_new, name="milestone_new"),
]
