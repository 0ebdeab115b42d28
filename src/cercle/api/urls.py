from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from cercle.api import docs
from cercle.api.views import common, me, meetings, organisations, requests, roadmap, votes

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs.docs, name="docs"),
    path("v1/me/", me.Me.as_view(), name="me"),
    path("v1/organisations/", organisations.OrganisationList.as_view(), name="organisations"),
    path(
        "v1/organisations/<slug:slug>/",
        organisations.OrganisationDetail.as_view(),
        name="organisation",
    ),
    path("v1/requests/", requests.RequestList.as_view(), name="requests"),
    path("v1/requests/<str:reference>/", requests.RequestDetail.as_view(), name="request"),
    path(
        "v1/requests/<str:reference>/submit/",
        requests.RequestSubmit.as_view(),
        name="request_submit",
    ),
    path(
        "v1/requests/<str:reference>/endorsements/",
        requests.RequestEndorse.as_view(),
        name="request_endorse",
    ),
    path("v1/campaigns/", votes.CampaignList.as_view(), name="campaigns"),
    path("v1/campaigns/<int:pk>/", votes.CampaignDetail.as_view(), name="campaign"),
    path(
        "v1/campaigns/<int:pk>/results/",
        votes.CampaignResults.as_view(),
        name="campaign_results",
    ),
    path(
        "v1/campaigns/<int:pk>/ballots/<slug:organisation>/",
        votes.BallotView.as_view(),
        name="ballot",
    ),
    path("v1/roadmap/", roadmap.RoadmapList.as_view(), name="roadmap"),
    path("v1/meetings/", meetings.MeetingList.as_view(), name="meetings"),
    path("v1/meetings/<slug:slug>/", meetings.MeetingDetail.as_view(), name="meeting"),
    path(
        "v1/meetings/<slug:slug>/programme/",
        meetings.MeetingProgramme.as_view(),
        name="meeting_programme",
    ),
    path(
        "v1/meetings/<slug:slug>/registration/",
        meetings.MeetingRegistration.as_view(),
        name="meeting_registration",
    ),
    re_path(r"^v1/", common.UnknownEndpoint.as_view(), name="unknown"),
]
