from django.urls import path

from cercle.outbox import views

app_name = "outbox"

urlpatterns = [
    path("", views.message_list, name="list"),
    path("<int:pk>/renvoyer/", views.message_retry, name="retry"),
]
