"""Pledges: a withdrawn one stops counting, a funded item takes none, who may pledge."""

import datetime

import pytest
from django.urls import reverse

from cercle.core.errors import DomainError
from cercle.funding import services
from cercle.funding.enums import PledgeStatus, SharingRule
from cercle.outbox.models import Message
from tests.factories import OrganisationFactory, StaffFactory, agent_of, referent_of
from tests.funding.factories import costed_item, pledger

PO_DATE = datetime.date(2026, 11, 2)


def _funded_item():
    item = costed_item()
    organisation, referent = pledger(item)
    pledge = services.pledge(
        item=item, organisation=organisation, person=referent, amount_cents=item.cost_cents
    )
    services.transition_pledge(
        pledge=pledge,
        to_status=PledgeStatus.COMMITTED,
        actor=referent,
        po_number="BC-1",
        po_date=PO_DATE,
    )
    item.refresh_from_db()
    return item


def test_withdrawn_pledge_leaves_the_sharing(db):
    item = costed_item()
    before = services.suggested_shares(item)
    organisation, referent = pledger(item)
    pledge = services.pledge(item=item, organisation=organisation, person=referent, amount_cents=1)

    services.transition_pledge(pledge=pledge, to_status=PledgeStatus.WITHDRAWN, actor=referent)

    assert organisation not in item.participants.all()
    assert services.suggested_shares(item) == before


def test_withdrawn_pledge_no_longer_shifts_shares_on_the_page(client, db):
    item = costed_item()
    services.set_sharing(
        item=item,
        rule=SharingRule.EQUAL,
        participants=item.participants.all(),
        actor=StaffFactory(),
    )
    organisation, referent = pledger(item)
    pledge = services.pledge(item=item, organisation=organisation, person=referent, amount_cents=1)
    client.force_login(referent)
    client.post(
        reverse("funding:transition", args=[item.request.reference, pledge.pk]),
        {"status": PledgeStatus.WITHDRAWN},
    )
    client.force_login(StaffFactory())

    html = client.get(reverse("funding:item", args=[item.request.reference])).content.decode()

    assert "partage égal entre 3 organisations" in html
    assert organisation.name not in html.split("Parts suggérées")[1].split("</table>")[0]


def test_funded_item_takes_no_pledge(db):
    item = _funded_item()
    organisation, referent = pledger(item)

    with pytest.raises(DomainError) as excinfo:
        services.pledge(item=item, organisation=organisation, person=referent, amount_cents=100)

    assert excinfo.value.code == "already_funded"
    assert not item.pledges.filter(organisation=organisation).exists()


def test_funded_item_takes_no_new_commitment(db):
    item = costed_item()
    late, late_referent = pledger(item)
    late_pledge = services.pledge(
        item=item, organisation=late, person=late_referent, amount_cents=100
    )
    organisation, referent = pledger(item)
    pledge = services.pledge(
        item=item, organisation=organisation, person=referent, amount_cents=item.cost_cents
    )
    services.transition_pledge(
        pledge=pledge,
        to_status=PledgeStatus.COMMITTED,
        actor=referent,
        po_number="A",
        po_date=PO_DATE,
    )

    with pytest.raises(DomainError) as excinfo:
        services.transition_pledge(
            pledge=late_pledge,
            to_status=PledgeStatus.COMMITTED,
            actor=late_referent,
            po_number="B",
            po_date=PO_DATE,
        )

    assert excinfo.value.code == "already_funded"
    late_pledge.refresh_from_db()
    assert late_pledge.status == PledgeStatus.INTENDED


def test_funded_item_page_offers_no_pledge_form_and_refuses_a_forged_post(client, db):
    item = _funded_item()
    organisation, referent = pledger(item)
    client.force_login(referent)
    url = reverse("funding:item", args=[item.request.reference])

    page = client.get(url).content.decode()
    response = client.post(
        reverse("funding:pledge", args=[item.request.reference]),
        {"organisation": organisation.pk, "amount": "10"},
        follow=True,
    )

    assert "Enregistrer l’engagement" not in page
    assert "est déjà entièrement financée" in response.content.decode()
    assert not item.pledges.filter(organisation=organisation).exists()


def test_funded_email_goes_to_each_referent_in_their_language(db):
    item = costed_item()
    english = referent_of(item.participants.order_by("pk").first(), user__language="en")
    _fund_by_new(item)

    to_english = Message.objects.get(to=english.email)

    assert to_english.subject == f"{item.request.reference} is fully funded"
    assert "&quot;" not in to_english.body_text and "&#x27;" not in to_english.body_text


def _fund_by_new(item):
    organisation, referent = pledger(item)
    pledge = services.pledge(
        item=item, organisation=organisation, person=referent, amount_cents=item.cost_cents
    )
    services.transition_pledge(
        pledge=pledge,
        to_status=PledgeStatus.COMMITTED,
        actor=referent,
        po_number="A",
        po_date=PO_DATE,
    )


def test_funded_email_keeps_apostrophes_of_the_title(db):
    item = costed_item()
    item.request.title = "Export de l'état civil"
    item.request.save()
    referent = referent_of(item.participants.order_by("pk").first())
    _fund_by_new(item)

    assert "Export de l'état civil" in Message.objects.get(to=referent.email).body_text


def test_referent_pledges_through_the_page(client, db):
    item = costed_item()
    organisation = OrganisationFactory()
    client.force_login(referent_of(organisation))

    response = client.post(
        reverse("funding:pledge", args=[item.request.reference]),
        {"organisation": organisation.pk, "amount": "10"},
    )

    assert response.status_code == 302
    assert item.pledges.get(organisation=organisation).amount_cents == 1_000


@pytest.mark.parametrize("who", ["agent", "vendor_staff"])
def test_page_refuses_pledge_from_agent_and_vendor_staff(client, db, who):
    item = costed_item()
    organisation = OrganisationFactory()
    person = agent_of(organisation) if who == "agent" else StaffFactory()
    client.force_login(person)

    response = client.post(
        reverse("funding:pledge", args=[item.request.reference]),
        {"organisation": organisation.pk, "amount": "10"},
    )

    assert response.status_code == 403
    assert not item.pledges.exists()


def test_page_refuses_pledge_for_another_organisation(client, db):
    item = costed_item()
    other = OrganisationFactory()
    client.force_login(referent_of(OrganisationFactory()))

    response = client.post(
        reverse("funding:pledge", args=[item.request.reference]),
        {"organisation": other.pk, "amount": "10"},
    )

    assert response.status_code == 400
    assert 'id="id_organisation_error"' in response.content.decode()
    assert not item.pledges.exists()
