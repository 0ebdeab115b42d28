from django.urls import reverse

from cercle.glossary.models import Term
from tests.requests.factories import filed


def test_glossary_page_lists_terms(client, db):
    Term.objects.create(name="Combo", slug="combo", synonym="portail", description="Le portail")
    html = client.get(reverse("glossary")).content.decode()
    assert "Combo" in html and "portail" in html


def test_request_text_annotates_first_module_mention(client, db):
    Term.objects.create(name="Combo", slug="combo", synonym="portail")
    improvement = filed(problem="Combo affiche mal la carte. Combo est lent.")
    html = client.get(improvement.get_absolute_url()).content.decode()
    assert html.count('<abbr title="portail">Combo</abbr>') == 1


def test_editing_a_term_refreshes_annotations(client, db):
    term = Term.objects.create(name="Chrono", slug="chrono", synonym="agendas")
    improvement = filed(problem="Chrono ne gère pas les listes d'attente.")
    client.get(improvement.get_absolute_url())
    term.synonym = "rendez-vous"
    term.save()
    html = client.get(improvement.get_absolute_url()).content.decode()
    assert '<abbr title="rendez-vous">Chrono</abbr>' in html
