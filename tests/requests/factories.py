import factory

from cercle.glossary.models import Term
from cercle.requests import services
from tests.factories import OrganisationFactory, referent_of

COMPLETE = {
    "title": "Relancer l'usager quand une pièce manque",
    "problem": "Les agents relancent à la main.",
    "affected": "les agents de l'état civil",
    "frequency": "300 fois par mois",
    "current_cost": "2 jours-agent par mois",
    "expected_benefit": "Moins de relances manuelles.",
}


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Module{n}")
    slug = factory.Sequence(lambda n: f"module{n}")
    synonym = "synonyme"


def draft(*, organisation=None, author=None, **data):
    organisation = organisation or OrganisationFactory()
    author = author or referent_of(organisation)
    return services.create_draft(
        author=author, organisation=organisation, data={**COMPLETE, **data}
    )


def filed(**kwargs):
    improvement = draft(**kwargs)
    return services.submit(improvement=improvement, actor=improvement.author)


def endorse_by_new_organisations(improvement, count):
    endorsers = []
    for _ in range(count):
        organisation = OrganisationFactory()
        services.endorse(
            improvement=improvement,
            organisation=organisation,
            person=referent_of(organisation),
            use_case="Même besoin chez nous.",
        )
        endorsers.append(organisation)
    improvement.refresh_from_db()
    return endorsers
