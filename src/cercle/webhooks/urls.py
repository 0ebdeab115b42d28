from django.urls import path

from cercle.webhooks import views

app_name = "webhooks"

urlpatterns = [
    path("", views.endpoint_list, name="list"),
    path("nouveau/", views.endpoint_create, name="create"),
    path("<int:pk>/", views.endpoint_detail, name="detail"),
    path("<int:pk>/modifier/", views.endpoint_edit, name="edit"),
    path("<int:pk>/reactiver/", views.endpoint_reactivate, name="reactivate"),
]
