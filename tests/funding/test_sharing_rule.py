"""A refused sharing rule leaves the item as it was and names the organisation at fault."""

import pytest
from django.urls import reverse

from cercle.core.errors import DomainError
from cercle.funding import services
from cercle.funding.enums import SharingRule
from cercle.funding.models import CostedItem
from tests.factories import OrganisationFactory, StaffFactory, referent_of
from tests.funding.factories import costed_item


def _without_population(item, name="Ville de Metz"):
    organisation = item.participants.order_by("pk").first()
    organisation.name = name
    organisation.population = None
    organisation.save()
    return organisation


def test_refused_rule_names_the_organisation_and_saves_nothing(db):
    item = costed_item()
    _without_population(item)

    with pytest.raises(DomainError) as excinfo:
        services.set_sharing(
            item=item,
            rule=SharingRule.PRO_RATA,
            participants=item.participants.all(),
            actor=StaffFactory(),
        )

    assert excinfo.value.code == "population_missing"
    assert "Ville de Metz" in excinfo.value.message
    assert item.rule == SharingRule.EQUAL
    assert CostedItem.objects.get(pk=item.pk).rule == SharingRule.EQUAL
    assert len(services.suggested_shares(CostedItem.objects.get(pk=item.pk))) == 3


def test_refused_participants_leave_the_previous_ones(db):
    item = costed_item()
    services.set_sharing(
        item=item,
        rule=SharingRule.PRO_RATA,
        participants=item.participants.all(),
        actor=StaffFactory(),
    )
    before = set(item.participants.values_list("pk", flat=True))
    newcomer = OrganisationFactory(population=None, name="Syndicat sans population")

    with pytest.raises(DomainError) as excinfo:
        services.set_sharing(
            item=item,
            rule=SharingRule.PRO_RATA,
            participants=[*item.participants.all(), newcomer],
            actor=StaffFactory(),
        )

    assert excinfo.value.code == "population_missing"
    assert set(item.participants.values_list("pk", flat=True)) == before


def test_refused_rule_on_the_page_keeps_the_shares_and_names_the_organisation(client, db):
    item = costed_item()
    organisation = _without_population(item, name="Ville d'Épinal")
    client.force_login(StaffFactory())
    response = client.post(
        reverse("funding:sharing", args=[item.request.reference]),
        {"rule": SharingRule.PRO_RATA, "participants": [o.pk for o in item.participants.all()]},
    )
    html = response.content.decode()

    assert response.status_code == 400
    assert "Ville d&#x27;Épinal n’a pas de population" in html
    assert f"l’organisation {organisation.pk}" not in html
    assert CostedItem.objects.get(pk=item.pk).rule == SharingRule.EQUAL
    assert "partage égal entre 3 organisations" in html
    again = client.get(reverse("funding:item", args=[item.request.reference])).content.decode()
    assert "Aucune part ne peut être suggérée" not in again


def test_pledging_organisation_without_population_refused_on_a_pro_rata_item(db):
    item = costed_item()
    services.set_sharing(
        item=item,
        rule=SharingRule.PRO_RATA,
        participants=item.participants.all(),
        actor=StaffFactory(),
    )
    organisation = OrganisationFactory(population=None, name="Commune inconnue")

    with pytest.raises(DomainError) as excinfo:
        services.pledge(
            item=item,
            organisation=organisation,
            person=referent_of(organisation),
            amount_cents=100,
        )

    assert excinfo.value.code == "population_missing"
    assert "Commune inconnue" in excinfo.value.message
    assert organisation not in item.participants.all()


def test_broken_sharing_is_explained_to_staff_only(client, db):
    item = costed_item()
    services.set_sharing(
        item=item,
        rule=SharingRule.PRO_RATA,
        participants=item.participants.all(),
        actor=StaffFactory(),
    )
    organisation = _without_population(item)  # population removed after the rule was set
    url = reverse("funding:item", args=[item.request.reference])

    client.force_login(referent_of(organisation))
    member = client.get(url).content.decode()
    client.force_login(StaffFactory())
    staff = client.get(url).content.decode()

    assert "Ville de Metz n’a pas de population" not in member
    assert "Ville de Metz n’a pas de population" in staff
