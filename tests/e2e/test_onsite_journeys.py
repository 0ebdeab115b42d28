import re

import pypdf
import pytest
from playwright.sync_api import expect

from cercle.meetings.enums import MeetingStatus
from cercle.onsite import services
from tests.e2e.conftest import sign_in
from tests.factories import OrganisationFactory, StaffFactory, agent_of
from tests.meetings.factories import at, register, session, two_day_meeting

CSP = "script-src 'self' 'wasm-unsafe-eval'; object-src 'none'"


@pytest.fixture
def on_the_day(monkeypatch):
    """Stand at the venue: the onsite rules read cercle.onsite.clock.now."""
    from cercle.onsite import clock

    def stand(day, hour=9):
        monkeypatch.setattr(clock, "now", lambda: at(day, hour))

    return stand


def test_staff_print_badges_check_a_person_in_and_the_dashboard_counts_them(
    page, transactional_db, on_the_day
):
    staff = StaffFactory(email="staff@example.test")
    meeting, days = two_day_meeting()
    on_the_day(days[0])
    city = OrganisationFactory(name="Ville de Villejuif")
    register(meeting, agent_of(city), city, days, badge_name="Hélène Léveillé")

    sign_in(page, staff.email)
    page.goto(f"/rencontres/{meeting.slug}/badges/")
    page.get_by_label("Mise en page").select_option("a4-10-86x54")
    with page.expect_download() as download:
        page.get_by_role("button", name="Télécharger les badges (PDF)").click()
    pdf = pypdf.PdfReader(download.value.path())
    assert "Hélène Léveillé" in pdf.pages[0].extract_text()

    page.goto(f"/rencontres/{meeting.slug}/accueil/{days[0].date.isoformat()}/")
    page.get_by_label("Nom, organisation ou code du badge").fill("Villejuif")
    page.get_by_role("button", name="Rechercher").click()
    page.audit()
    page.get_by_role("button", name="Enregistrer l’arrivée Hélène Léveillé").click()
    page.audit()
    status = page.get_by_role("status").filter(has_text="arrivée enregistrée")
    expect(status).to_contain_text("Hélène Léveillé (Ville de Villejuif)")

    page.goto(f"/rencontres/{meeting.slug}/chiffres/")
    row = page.get_by_role("row").filter(has_text="Mardi 2 juin 2099")
    cells = row.get_by_role("cell").all_inner_texts()
    assert cells[:3] == ["1", "0", "1"]


def test_visitor_opens_the_archive_and_follows_a_chapter_link(page, transactional_db):
    meeting, days = two_day_meeting()
    session(days[0], "Vote sur les améliorations")
    staff = StaffFactory()
    recording = services.save_recording(
        day=days[0],
        actor=staff,
        url="https://visio.example.test/playback/presentation/2.3/abc",
        provider="bbb",
    )
    services.save_chapters(
        recording=recording, actor=staff, text="Vote sur les améliorations (début à 1h47min43)"
    )
    meeting.status = MeetingStatus.HELD
    meeting.save()
    page.route(
        "https://visio.example.test/**",
        lambda route: route.fulfill(
            body="<!doctype html><html lang='fr'><title>Lecture</title><main>Lecture</main></html>",
            content_type="text/html",
        ),
    )

    page.goto("/rencontres/archives/")
    page.get_by_role("link", name=meeting.title).click()
    page.audit()
    page.get_by_role("link", name="1h47min43 Vote sur les améliorations").click()

    page.wait_for_url("https://visio.example.test/**")
    assert page.url == "https://visio.example.test/playback/presentation/2.3/abc?t=1h47m43s"


def test_a_scanner_typing_into_the_search_field_checks_the_person_in(
    page, transactional_db, on_the_day
):
    staff = StaffFactory(email="staff@example.test")
    meeting, days = two_day_meeting()
    on_the_day(days[0])
    city = OrganisationFactory(name="Ville de Villejuif")
    registration = register(meeting, agent_of(city), city, days, badge_name="Hélène Léveillé")

    sign_in(page, staff.email)
    page.goto(f"/rencontres/{meeting.slug}/accueil/{days[0].date.isoformat()}/")
    field = page.get_by_label("Nom, organisation ou code du badge")
    field.fill(services.badge_token(registration))
    field.press("Enter")

    expect(page.get_by_role("status")).to_contain_text("Hélène Léveillé (Ville de Villejuif)")
    page.audit()


def test_camera_decoder_loads_from_this_site_without_inline_script(
    page, transactional_db, on_the_day
):
    staff = StaffFactory(email="staff@example.test")
    meeting, days = two_day_meeting()
    on_the_day(days[0])
    sign_in(page, staff.email)
    # As in Firefox and Safari: no BarcodeDetector, so the vendored decoder is loaded.
    page.add_init_script("delete window.BarcodeDetector;")

    def with_csp(route):
        response = route.fetch()
        headers = {**response.headers, "content-security-policy": CSP}
        route.fulfill(response=response, headers=headers)

    page.route(re.compile(r".*/accueil/.*"), with_csp)
    requested, violations = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda message: violations.append(message.text))
    page.page.goto(
        page.base_url + f"/rencontres/{meeting.slug}/accueil/{days[0].date.isoformat()}/"
    )

    expect(page.get_by_role("button", name="Scanner avec la caméra")).to_be_visible()
    assert any(
        url.endswith("/onsite/vendor/zxing-wasm/reader/zxing_reader.wasm") for url in requested
    )
    assert not [url for url in requested if "jsdelivr" in url]
    assert not [text for text in violations if "Content Security Policy" in text]
