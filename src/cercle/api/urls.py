from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from cercle.api import docs, views

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs.docs, name="docs"),
    path("v1/me/", views.Me.as_view(), name="me"),
    path("v1/organisations/", views.OrganisationList.as_view(), name="organisations"),
    path(
        "v1/organisations/<slug:slug>/",
        views.OrganisationDetail.as_view(),
        name="organisation",
    ),
    path("v1/requests/", views.RequestList.as_view(), name="requests"),
    path("v1/requests/<str:reference>/", views.RequestDetail.as_view(), name="request"),
    path(
        "v1/requests/<str:reference>/submit/",
        views.RequestSubmit.as_view(),
        name="request_submit",
    ),
    path(
        "v1/requests/<str:reference>/endorsements/",
        views.RequestEndorse.as_view(),
        name="request_endorse",
    ),
    path("v1/campaigns/", views.CampaignList.as_view(), name="campaigns"),
    path("v1/campaigns/<int:pk>/", views.CampaignDetail.as_view(), name="campaign"),
    path(
        "v1/campaigns/<int:pk>/results/",
        views.CampaignResults.as_view(),
        name="campaign_results",
    ),
    path(
        "v1/campaigns/<int:pk>/ballots/<slug:organisation>/",
        views.BallotView.as_view(),
        name="ballot",
    ),
    path("v1/roadmap/", views.RoadmapList.as_view(), name="roadmap"),
    path("v1/meetings/", views.MeetingList.as_view(), name="meetings"),
    path("v1/meetings/<slug:slug>/", views.MeetingDetail.as_view(), name="meeting"),
    path(
        "v1/meetings/<slug:slug>/programme/",
        views.MeetingProgramme.as_view(),
        name="meeting_programme",
    ),
    path(
        "v1/meetings/<slug:slug>/registration/",
        views.MeetingRegistration.as_view(),
        name="meeting_registration",
    ),
]
