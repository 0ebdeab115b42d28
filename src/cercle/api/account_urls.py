from django.urls import path

from cercle.api import account

app_name = "api_tokens"

urlpatterns = [
    path("", account.token_list, name="list"),
    path("<int:pk>/revoquer/", account.token_revoke, name="revoke"),
]
