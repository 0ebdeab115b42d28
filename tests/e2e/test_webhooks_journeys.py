from playwright.sync_api import expect

from cercle.webhooks.enums import DeliveryStatus
from cercle.webhooks.models import Attempt, Delivery, Endpoint
from tests.e2e.conftest import sign_in
from tests.factories import OrganisationFactory, referent_of


def test_referent_registers_an_endpoint_and_reads_its_log(page, transactional_db):
    organisation = OrganisationFactory(name="Ville de Nancy", slug="ville-de-nancy")
    referent = referent_of(organisation)

    sign_in(page, referent.email)
    page.goto("/webhooks/")
    page.audit()
    page.get_by_role("link", name="Enregistrer un point d'accès").click()
    page.get_by_label("Adresse (URL)").fill("http://93.184.216.34/cercle")
    page.get_by_label("Une demande est déposée").check()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("alert")).to_contain_text("Seules les adresses HTTPS")
    page.audit()
    page.get_by_label("Adresse (URL)").fill("https://93.184.216.34/cercle")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", name="Point d'accès webhook")).to_be_visible()

    endpoint = Endpoint.objects.get()
    delivery = Delivery.objects.create(
        endpoint=endpoint, event="request.filed", body="{}", status=DeliveryStatus.DELIVERED
    )
    Attempt.objects.create(delivery=delivery, status_code=500, error="HTTP 500")
    Attempt.objects.create(delivery=delivery, status_code=200)
    page.reload()
    expect(page.get_by_text("HTTP 500")).to_be_visible()
    page.audit()
