from django.urls import path

from cercle.organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/membres/", views.members, name="members"),
    path("<slug:slug>/membres/<int:pk>/role/", views.change_role, name="change_role"),
    path("<slug:slug>/membres/<int:pk>/retirer/", views.remove_member, name="remove_member"),
    path(
        "<slug:slug>/invitations/<int:pk>/readresser/",
        views.readdress_invitation,
        name="readdress_invitation",
    ),
]
