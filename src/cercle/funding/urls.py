from django.urls import path

from cercle.funding.views import calendar, costing, exports, items, pledges, roadmap

app_name = "funding"

urlpatterns = [
    path("financement/", items.item_list, name="list"),
    path("financement/export.<str:fmt>", exports.funding_export, name="export"),
    path("financement/chiffrer/<str:reference>/", costing.estimate_new, name="estimate"),
    path("financement/<str:reference>/", items.item_detail, name="item"),
    path("financement/<str:reference>/partage/", costing.item_sharing, name="sharing"),
    path("financement/<str:reference>/promesse/", pledges.item_pledge, name="pledge"),
    path(
        "financement/<str:reference>/promesse/<int:pk>/",
        pledges.pledge_transition,
        name="transition",
    ),
    path("feuille-de-route/", roadmap.roadmap, name="roadmap"),
    path("feuille-de-route/ajouter/", roadmap.roadmap_edit, name="roadmap_add"),
    path("feuille-de-route/<int:pk>/modifier/", roadmap.roadmap_edit, name="roadmap_edit"),
    path("calendrier/", calendar.calendar, name="calendar"),
    path("calendrier/jalons/", calendar.milestone_new, name="milestone_new"),
]
