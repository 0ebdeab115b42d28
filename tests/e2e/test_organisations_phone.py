"""The members page on a 390 px wide phone: no sideways scroll, tables reachable by keyboard."""

from cercle.organisations import services
from cercle.organisations.enums import Role
from tests.factories import PASSWORD, OrganisationFactory, UserFactory, agent_of, referent_of


def test_members_page_fits_a_phone_and_its_table_takes_keyboard_focus(page, transactional_db):
    city = OrganisationFactory(
        name="Communauté d’agglomération du Grand Villeneuve-sur-Lot", slug="grand-villeneuve"
    )
    referent = referent_of(
        city, user=UserFactory(email="responsable.informatique.mairie@grand-villeneuve.test")
    )
    for number in range(3):
        agent_of(
            city,
            user=UserFactory(
                email=f"agent.service.etat.civil.{number}@grand-villeneuve-sur-lot.test",
                display_name=f"Marie-Christine Dupont-Lefèvre {number}",
            ),
        )
    services.invite_member(
        organisation=city,
        email="une.adresse.vraiment.tres.longue.pour.un.agent@grand-villeneuve-sur-lot.test",
        role=Role.AGENT,
        invited_by=referent,
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/connexion/")
    page.get_by_label("Adresse électronique").fill(referent.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()

    page.goto("/organisations/grand-villeneuve/membres/")

    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow == 0
    region = page.get_by_role("region", name="Membres")
    region.focus()
    assert page.evaluate("document.activeElement.classList.contains('table-wrapper')")
