import re
from pathlib import Path

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cercle import organisations
from cercle.organisations.enums import OrganisationKind
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


def _queries(client, url):
    reset_queries()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def test_directory_lists_active_organisations_only(client, db):
    OrganisationFactory(name="Ville de Quimper")
    OrganisationFactory(name="Ancienne commune", is_active=False)
    html = client.get(reverse("organisations:directory")).content.decode()
    assert "Ville de Quimper" in html
    assert "Ancienne commune" not in html


def test_directory_filters_by_kind_and_name(client, db):
    OrganisationFactory(name="Région Bretagne", kind=OrganisationKind.REGION)
    OrganisationFactory(name="Ville de Rennes", kind=OrganisationKind.COMMUNE)
    html = client.get(reverse("organisations:directory"), {"kind": "region", "q": "bret"})
    html = html.content.decode()
    assert "Région Bretagne" in html
    assert "Ville de Rennes" not in html


def test_directory_query_count_does_not_grow_with_organisations(client, db):
    OrganisationFactory.create_batch(3)
    small = _queries(client, reverse("organisations:directory"))
    for organisation in OrganisationFactory.create_batch(60):
        MembershipFactory(organisation=organisation)
    large = _queries(client, reverse("organisations:directory"))
    assert small == large


def test_directory_query_count_same_when_signed_in_with_more_data(client, db):
    client.force_login(UserFactory())
    OrganisationFactory.create_batch(2)
    small = _queries(client, reverse("organisations:directory"))
    OrganisationFactory.create_batch(40)
    assert _queries(client, reverse("organisations:directory")) == small


def test_organisation_page_is_public(client, organisation, referent):
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert organisation.name in html
    assert referent.display_name in html
    assert reverse("organisations:members", args=[organisation.slug]) not in html


def test_organisation_page_offers_member_management_to_referent(client, organisation, referent):
    client.force_login(referent)
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert reverse("organisations:members", args=[organisation.slug]) in html


def test_directory_population_with_french_thousands_separator(client, db):
    OrganisationFactory(name="Toulouse Métropole", population=1_430_000)
    html = client.get(reverse("organisations:directory")).content.decode()
    assert "1\xa0430\xa0000" in html
    assert "1430000" not in html


def test_organisation_page_population_with_french_thousands_separator(client, db):
    organisation = OrganisationFactory(population=1_430_000)
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert "<dd>1\xa0430\xa0000</dd>" in html


def test_organisation_page_population_in_english(client, db):
    organisation = OrganisationFactory(population=1_430_000)
    client.cookies["django_language"] = "en"
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert "<dd>1,430,000</dd>" in html


@pytest.mark.parametrize("page", ["directory", "members"])
def test_table_scroll_wrapper_is_focusable_and_named(client, organisation, referent, page):
    client.force_login(referent)
    if page == "directory":
        url = reverse("organisations:directory")
    else:
        url = reverse("organisations:members", args=[organisation.slug])
    html = client.get(url).content.decode()
    wrapper = re.search(r'<div class="table-wrapper"([^>]*)>', html)[1]
    assert 'tabindex="0"' in wrapper
    labelled_by = re.search(r'aria-labelledby="([^"]+)"', wrapper)[1]
    assert f'<caption id="{labelled_by}"' in html


def test_organisations_app_does_not_depend_on_requests_app():
    app = Path(organisations.__file__).parent
    sources = [*app.rglob("*.py"), *app.rglob("*.html")]
    offenders = [
        str(path.relative_to(app))
        for path in sources
        if "cercle.requests" in path.read_text() or '"requests/' in path.read_text()
    ]
    assert offenders == []
