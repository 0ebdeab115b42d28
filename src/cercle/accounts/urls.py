from django.urls import path

from cercle.accounts import views

app_name = "accounts"

urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("connexion/oidc/<str:provider>/", views.oidc_start, name="oidc_start"),
    path("connexion/oidc/<str:provider>/retour/", views.oidc_callback, name="oidc_callback"),
    path("deconnexion/", views.LogoutView.as_view(), name="logout"),
    path("profil/", views.profile, name="profile"),
    path("langue/", views.set_language, name="set_language"),
    path("mot-de-passe/oubli/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "mot-de-passe/oubli/envoye/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/change/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
