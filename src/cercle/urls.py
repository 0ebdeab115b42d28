from django.contrib import admin
from django.urls import include, path

from cercle.glossary import views as glossary_views

urlpatterns = [
    path("", include("cercle.site.urls")),
    path("", include("cercle.core.urls")),
    path("", include("cercle.accounts.urls")),
    path("organisations/", include("cercle.organisations.urls")),
    path("demandes/", include("cercle.requests.urls")),
    path("votes/", include("cercle.votes.urls")),
    path("glossaire/", glossary_views.glossary, name="glossary"),
    path("rencontres/<slug:slug>/contributions/", include("cercle.contributions.urls")),
    path("rencontres/<slug:slug>/evaluation/", include("cercle.evaluation.urls")),
    path("rencontres/", include("cercle.onsite.urls")),
    path("rencontres/", include("cercle.questions.urls")),
    path("rencontres/", include("cercle.meetings.urls")),
    path("", include("cercle.funding.urls")),
    path("", include("cercle.hosting.urls")),
    path("", include("cercle.privacy.urls")),
    path("sessions-trimestrielles/", include("cercle.quarterly.urls")),
    path("actualites/", include("cercle.news.urls")),
    path("", include("cercle.guide.urls")),
    path("webhooks/", include("cercle.webhooks.urls")),
    path("suivi-editeur/", include("cercle.tracker.urls")),
    path("gestion/courriels/", include("cercle.outbox.urls")),
    path("api/", include("cercle.api.urls")),
    path("profil/jetons-api/", include("cercle.api.account_urls")),
    path("admin/", admin.site.urls),
]
