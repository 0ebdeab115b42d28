from django.urls import path

from cercle.news import views
from cercle.news.feeds import NewsFeed

app_name = "news"

urlpatterns = [
    path("", views.announcement_list, name="list"),
    path("flux.atom", NewsFeed(), name="feed"),
    path("nouvelle/", views.announcement_form, name="create"),
    path("preferences/", views.preferences, name="preferences"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/modifier/", views.announcement_form, name="edit"),
    path("<int:pk>/publier/", views.publish, name="publish"),
    path("<int:pk>/depublier/", views.unpublish, name="unpublish"),
]
