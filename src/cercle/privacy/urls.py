from django.urls import path

from cercle.privacy import views

app_name = "privacy"

urlpatterns = [
    path("mes-donnees/", views.my_data, name="my_data"),
    path("mes-donnees/mes-donnees.json", views.my_data_json, name="my_data_json"),
    path("mes-donnees/effacement/", views.erase, name="erase"),
    path("mes-donnees/efface/", views.erased, name="erased"),
    path("donnees-personnelles/", views.activities_page, name="activities"),
]
