"""Improvement requests: one per organisation, ten endorsements each (3,000 and 30,000 at L)."""

from django.utils import timezone

from bench.harness import Page
from cercle.core.text import normalise, stored_keywords
from cercle.glossary.models import Term
from cercle.organisations.models import Organisation
from cercle.requests.enums import Status
from cercle.requests.models import Comment, Endorsement, ImprovementRequest

WORDS = "paiement agenda portail démarche connecteur facture usager rendez-vous export carte"
WORDS = WORDS.split()


def build(ctx):
    terms = [
        Term.objects.create(name=f"Module{i}", slug=f"module{i}", synonym=f"synonyme {i}")
        for i in range(10)
    ]
    organisations = list(Organisation.objects.exclude(kind="vendor").order_by("pk"))
    people = ctx.data["referent"].__class__.objects.order_by("pk")
    authors = list(people[: len(organisations) * 10 : 10])
    n = len(organisations)
    now = timezone.now()
    statuses = [Status.SUBMITTED, Status.ELIGIBLE, Status.NEEDS_INFO, Status.RETAINED]
    requests = []
    for i in range(n):
        title = f"Demande {i} : {WORDS[i % 10]} et {WORDS[(i * 7) % 10]} pour les usagers"
        title_keywords, title_keyword_count = stored_keywords(title)
        requests.append(
            ImprovementRequest(
                reference=f"D-2026-{i + 1:04d}",
                year=2026,
                number=i + 1,
                title=title,
                problem="Le problème décrit en **Markdown** avec Module1 mentionné.",
                affected="les agents",
                frequency="chaque jour",
                current_cost="deux jours par mois",
                expected_benefit="Un gain de temps.",
                organisation=organisations[i],
                author=authors[i],
                status=statuses[i % len(statuses)],
                endorsement_count=10,
                support_count=i % 7,
                comment_count=2,
                search_title=normalise(title),
                title_keywords=title_keywords,
                title_keyword_count=title_keyword_count,
                search_text=normalise(title + " le probleme decrit"),
                submitted_at=now,
            )
        )
    ImprovementRequest.objects.bulk_create(requests, batch_size=1000)
    requests = list(ImprovementRequest.objects.order_by("pk"))
    through = ImprovementRequest.modules.through
    through.objects.bulk_create(
        [
            through(improvementrequest_id=r.pk, term_id=terms[(i + k) % 10].pk)
            for i, r in enumerate(requests)
            for k in range(2)
        ],
        batch_size=5000,
    )
    Endorsement.objects.bulk_create(
        [
            Endorsement(
                request=r,
                organisation=organisations[(i + k) % n],
                endorsed_by=authors[(i + k) % n],
                use_case="Même besoin chez nous, chaque semaine.",
            )
            for i, r in enumerate(requests)
            for k in range(10)
        ],
        batch_size=5000,
    )
    Comment.objects.bulk_create(
        [
            Comment(request=r, author=authors[(i + k) % n], body="Un **commentaire**.")
            for i, r in enumerate(requests)
            for k in range(2)
        ],
        batch_size=5000,
    )
    ctx.data["request"] = requests[n // 2]


def pages(ctx):
    improvement = ctx.data["request"]
    return [
        Page("request list", "/demandes/"),
        Page("request list, search and filter", "/demandes/?q=paiement+usagers&sort=newest"),
        Page("request page", improvement.get_absolute_url()),
        Page("request page (référent)", improvement.get_absolute_url(), ctx.data["referent"]),
        Page("similar requests (HTMX)", "/demandes/similaires/?title=export+des+paiements"),
        Page("glossary", "/glossaire/"),
    ]
