from unittest import mock

from django.db import OperationalError
from django.urls import reverse

from tests.factories import OrganisationFactory


def test_healthz_reports_ok(client, db):
    response = client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok", "database": "ok"})


def test_healthz_reports_database_error(client, db):
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("down")
    ):
        response = client.get("/healthz")
    assert (response.status_code, response.json()["database"]) == (503, "error")


def test_home_is_french_by_default(client, db):
    OrganisationFactory(name="Ville de Villejuif", slug="villejuif")
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()
    assert "Aller au contenu principal" in response.content.decode()


def test_home_in_english_when_chosen(client, db):
    client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})
    response = client.get("/")
    assert '<html lang="en">' in response.content.decode()
    assert "Skip to main content" in response.content.decode()


def test_set_language_refuses_foreign_redirect(client, db):
    response = client.post(
        reverse("accounts:set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_accessibility_statement_linked_from_footer(client, db):
    home = client.get("/").content.decode()
    page = client.get("/accessibilite/")
    assert 'href="/accessibilite/"' in home
    assert page.status_code == 200
    assert "RGAA" in page.content.decode()


def test_base_layout_has_landmarks_and_single_h1(client, db):
    html = client.get("/organisations/").content.decode()
    assert html.count("<h1") == 1
    for landmark in ['role="banner"', "<main", 'role="contentinfo"', 'href="#contenu"']:
        assert landmark in html


def test_htmx_served_from_our_static_files(client, db):
    html = client.get("/").content.decode()
    assert "/static/cercle/js/htmx-2.0.11.min.js" in html
    assert "cdn" not in html.lower()
