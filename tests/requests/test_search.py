import pytest
from django.urls import reverse

from cercle.core.text import keywords, normalise
from cercle.requests import selectors
from tests.factories import OrganisationFactory
from tests.requests.factories import TermFactory, draft, endorse_by_new_organisations, filed


def titles(queryset):
    return {r.title for r in queryset}


def test_normalise_removes_accents_and_punctuation():
    assert normalise("Démarches : l'État, œuvre") == "demarches l etat oeuvre"


def test_keywords_drop_stopwords_and_plurals():
    assert keywords("Les démarches des familles") == keywords("famille démarche")[::-1]


@pytest.mark.parametrize(
    "query", ["paiement", "PAIEMENTS", "paiement plusieurs", "plusieurs paiement"]
)
def test_search_is_case_accent_and_order_insensitive(db, query):
    filed(title="Paiement en plusieurs fois des factures")
    filed(title="Réserver une salle")
    assert titles(selectors.search_requests(query=query)) == {
        "Paiement en plusieurs fois des factures"
    }


def test_search_finds_accented_word_typed_without_accent(db):
    filed(title="Dupliquer une démarche")
    assert titles(selectors.search_requests(query="demarches")) == {"Dupliquer une démarche"}


def test_search_covers_problem_and_use_case(db):
    filed(title="Titre neutre", problem="Les relances téléphoniques prennent du temps")
    filed(title="Autre", affected="les régisseurs")
    assert titles(selectors.search_requests(query="téléphonique")) == {"Titre neutre"}
    assert titles(selectors.search_requests(query="régisseur")) == {"Autre"}


def test_search_excludes_drafts(db):
    draft(title="Brouillon secret")
    assert titles(selectors.search_requests(query="brouillon")) == set()


def test_filters_module_status_organisation_eligibility(db):
    module = TermFactory(name="Chrono", slug="chrono", synonym="agendas")
    agenda = filed(title="Liste d'attente")
    agenda.modules.add(module)
    eligible = filed(title="Demande soutenue")
    endorsers = endorse_by_new_organisations(eligible, 2)
    assert titles(selectors.search_requests(module=module)) == {"Liste d'attente"}
    assert titles(selectors.search_requests(status="eligible")) == {"Demande soutenue"}
    assert titles(selectors.search_requests(organisation=endorsers[0])) == {"Demande soutenue"}
    assert titles(selectors.search_requests(organisation=endorsers[0].name)) == {"Demande soutenue"}
    assert titles(selectors.search_requests(eligible=True)) == {"Demande soutenue"}
    assert titles(selectors.search_requests(eligible=False)) == {"Liste d'attente"}


def test_sort_most_endorsed_first(db):
    filed(title="Peu soutenue")
    popular = filed(title="Très soutenue")
    endorse_by_new_organisations(popular, 1)
    assert [r.title for r in selectors.search_requests(sort="endorsed")] == [
        "Très soutenue",
        "Peu soutenue",
    ]


def test_sort_newest_first(db):
    filed(title="Ancienne")
    filed(title="Récente")
    assert [r.title for r in selectors.search_requests(sort="newest")][0] == "Récente"


def test_list_url_carries_filters_and_paginates(client, db):
    for index in range(25):
        filed(title=f"Demande numéro {index}", organisation=OrganisationFactory())
    response = client.get(reverse("requests:list"), {"q": "demande", "page": 2, "sort": "newest"})
    html = response.content.decode()
    assert "Page 2 sur 2" in html
    assert "q=demande&amp;sort=newest&amp;page=1" in html


def test_similar_requests_ignore_accents_and_word_order(db):
    filed(title="Dupliquer une démarche avec ses workflows")
    filed(title="Réserver une salle municipale")
    similar = selectors.similar_requests("workflows démarche : dupliquer")
    assert [r.title for r in similar] == ["Dupliquer une démarche avec ses workflows"]


def test_similar_requests_at_most_five_best_first(db):
    for index in range(7):
        filed(title=f"Export tableur des demandes variante {index}")
    filed(title="Export tableur des demandes")
    similar = selectors.similar_requests("export des demandes au format tableur")
    assert len(similar) == 5
    assert similar[0].title == "Export tableur des demandes"


def test_similar_requests_endpoint_returns_fragment(client, db):
    filed(title="Rappel SMS avant un rendez-vous")
    response = client.get(reverse("requests:similar"), {"title": "rendez-vous rappel par SMS"})
    assert "Rappel SMS avant un rendez-vous" in response.content.decode()
    assert "<html" not in response.content.decode()


def test_similar_requests_nothing_for_unrelated_title(db):
    filed(title="Rappel SMS avant un rendez-vous")
    assert selectors.similar_requests("Thème graphique du portail") == []


def test_similar_requests_follow_an_edited_title_and_skip_the_excluded_one(db):
    from cercle.requests import services
    from tests.factories import StaffFactory

    improvement = filed(title="Rappel SMS avant un rendez-vous")
    services.update_request(
        improvement=improvement, actor=StaffFactory(), data={"title": "Export des paiements"}
    )
    assert [r.pk for r in selectors.similar_requests("paiements : export")] == [improvement.pk]
    assert selectors.similar_requests("rappel SMS rendez-vous") == []
    assert selectors.similar_requests("export paiement", exclude_pk=improvement.pk) == []


def test_similar_requests_the_best_match_among_many_in_one_query(db, django_assert_num_queries):
    """Every filed title is scored, in SQL; a tie goes to the most endorsed."""
    from cercle.requests.models import ImprovementRequest

    for index in range(40):
        filed(title=f"Export numéro {index} des paiements groupés")
    best = filed(title="Export des paiements")
    tied = filed(title="Paiements : export")
    endorse_by_new_organisations(tied, 1)
    ImprovementRequest.objects.exclude(pk__in=[best.pk, tied.pk]).update(endorsement_count=0)
    with django_assert_num_queries(1):
        similar = selectors.similar_requests("export des paiements")
    assert [r.pk for r in similar[:2]] == [tied.pk, best.pk]
    assert len(similar) == 5
