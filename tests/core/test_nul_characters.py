"""A NUL character anywhere a person can type answers 400 with a French page, never 500."""

import pytest

from tests.factories import StaffFactory

URLS = [
    "/demandes/?q=%00",
    "/demandes/?page=1%00",
    "/organisations/?q=a%00b",
    "/rencontres/?x%00=1",
    "/votes/?page=%00",
]


@pytest.mark.parametrize("url", URLS)
def test_nul_in_the_query_string_is_a_bad_request(client, db, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    assert "caractères" in response.content.decode()


def test_nul_in_a_form_is_a_bad_request_for_a_signed_in_person(client, db):
    client.force_login(StaffFactory())
    response = client.post("/rencontres/nouvelle/", {"title": "Rencontre\x00"})
    assert response.status_code == 400


def test_ordinary_requests_pass(client, db):
    assert client.get("/demandes/?q=portail").status_code == 200
