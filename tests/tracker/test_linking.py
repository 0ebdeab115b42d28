"""Staff link tickets by number or address; everything else is refused in French."""

import pytest
from django.urls import reverse

from cercle.audit.models import AuditEntry
from cercle.core.errors import DomainError
from cercle.tracker import services
from cercle.tracker.models import TicketLink
from tests.factories import OrganisationFactory, referent_of
from tests.requests.factories import filed

BASE = "https://redmine.editeur.test"


@pytest.fixture(autouse=True)
def _tracker(settings):
    settings.REDMINE_URL = BASE


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1234", 1234),
        ("#1234", 1234),
        (" 1234 ", 1234),
        (f"{BASE}/issues/1234", 1234),
        (f"{BASE}/issues/1234.json", 1234),
        (f"{BASE}/issues/1234?tab=history", 1234),
        (f"{BASE}/issues/1234#note-3", 1234),
    ],
)
def test_ticket_number_or_address_is_understood(text, number):
    assert services.parse_reference(text) == number


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "https://autre.test/issues/12",
            "Cette adresse n'est pas un ticket du suivi de l'éditeur (https://redmine.editeur.test).",
        ),
        (
            f"{BASE}.evil.test/issues/12",
            "Cette adresse n'est pas un ticket du suivi de l'éditeur (https://redmine.editeur.test).",
        ),
        (
            f"{BASE}/projects/12",
            "Saisissez un numéro de ticket ou une adresse de ticket comme "
            "https://redmine.editeur.test/issues/1234.",
        ),
        (
            "douze",
            "Saisissez un numéro de ticket ou une adresse de ticket comme "
            "https://redmine.editeur.test/issues/1234.",
        ),
    ],
)
def test_other_texts_are_refused_in_french(text, message):
    with pytest.raises(DomainError) as caught:
        services.parse_reference(text)
    assert str(caught.value.message) == message


def test_staff_link_a_ticket_from_the_request_page(client, staff):
    improvement = filed()
    client.force_login(staff)
    page = client.get(improvement.get_absolute_url()).content.decode()
    assert "Lier un ticket du suivi" in page

    response = client.post(
        reverse("tracker:link", args=[improvement.reference]), {"reference": f"{BASE}/issues/77"}
    )

    assert response.status_code == 302
    ticket = TicketLink.objects.get()
    assert (ticket.request, ticket.number, ticket.url) == (improvement, 77, f"{BASE}/issues/77")
    assert AuditEntry.objects.filter(action="tracker.ticket_linked").count() == 1
    page = client.get(improvement.get_absolute_url()).content.decode()
    assert "Ticket n° 77" in page
    assert "pas encore synchronisé" in page


def test_refused_link_keeps_the_input(client, staff):
    improvement = filed()
    client.force_login(staff)
    response = client.post(
        reverse("tracker:link", args=[improvement.reference]),
        {"reference": "https://autre.test/issues/12"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "n&#x27;est pas un ticket du suivi de l&#x27;éditeur" in html
    assert 'value="https://autre.test/issues/12"' in html
    assert not TicketLink.objects.exists()


def test_same_ticket_twice_is_refused(client, staff):
    improvement = filed()
    client.force_login(staff)
    url = reverse("tracker:link", args=[improvement.reference])
    client.post(url, {"reference": "12"})
    response = client.post(url, {"reference": "#12"})
    assert response.status_code == 400
    assert "déjà lié" in response.content.decode()
    assert TicketLink.objects.count() == 1


def test_referent_cannot_link_a_ticket(client, db):
    organisation = OrganisationFactory()
    improvement = filed(organisation=organisation)
    client.force_login(referent_of(organisation))
    response = client.post(
        reverse("tracker:link", args=[improvement.reference]), {"reference": "12"}
    )
    assert response.status_code == 403
    assert not TicketLink.objects.exists()
    page = client.get(improvement.get_absolute_url()).content.decode()
    assert "Lier un ticket du suivi" not in page


def test_service_refuses_a_non_staff_person(db):
    organisation = OrganisationFactory()
    improvement = filed(organisation=organisation)
    with pytest.raises(DomainError):
        services.link_ticket(
            improvement=improvement, actor=referent_of(organisation), reference="12"
        )


def test_anonymous_is_sent_to_sign_in(client, db):
    improvement = filed()
    response = client.post(
        reverse("tracker:link", args=[improvement.reference]), {"reference": "1"}
    )
    assert response.status_code == 302
    assert not TicketLink.objects.exists()


def test_staff_unlink_a_ticket(client, staff):
    improvement = filed()
    ticket = services.link_ticket(improvement=improvement, actor=staff, reference="12")
    client.force_login(staff)
    response = client.post(reverse("tracker:unlink", args=[improvement.reference, ticket.pk]))
    assert response.status_code == 302
    assert not TicketLink.objects.exists()


def test_unknown_request_or_ticket_is_not_found(client, staff):
    improvement = filed()
    client.force_login(staff)
    assert (
        client.post(reverse("tracker:link", args=["2099-9999"]), {"reference": "1"}).status_code
        == 404
    )
    assert (
        client.post(reverse("tracker:unlink", args=[improvement.reference, 999])).status_code == 404
    )


def test_linking_is_refused_without_a_tracker_address(staff, settings):
    settings.REDMINE_URL = ""
    improvement = filed()
    with pytest.raises(DomainError) as caught:
        services.link_ticket(improvement=improvement, actor=staff, reference="12")
    assert caught.value.code == "no_tracker"
    assert "CERCLE_REDMINE_URL" in str(caught.value.message)
