"""Bad input gets a clear error in the one JSON shape, in French by default, and loses nothing."""

import json

from rest_framework.test import APIClient

from cercle.requests.models import ImprovementRequest
from tests.api.conftest import assert_error, client_for


def _post(client, body, content_type="application/json"):
    return client.generic("POST", "/api/v1/requests/", body, content_type=content_type)


def test_malformed_json_answers_400_in_french_by_default(referent):
    client = client_for(referent, language="")
    client.defaults.pop("HTTP_ACCEPT_LANGUAGE")

    response = _post(client, '{"title": "Une demande",')

    error = assert_error(response, 400, "parse_error")
    assert error["message"] == "Le corps de la requête n’est pas du JSON valide."
    assert ImprovementRequest.objects.count() == 0


def test_malformed_json_answers_in_english_when_asked(referent):
    response = _post(client_for(referent, language="en"), "{nope")

    error = assert_error(response, 400, "parse_error")
    assert error["message"] == "The request body is not valid JSON."


def test_unknown_fields_are_refused_with_the_other_errors(referent, organisation):
    body = json.dumps({"organisation": organisation.slug, "titre": "Une demande", "urgent": True})

    response = _post(client_for(referent), body)

    error = assert_error(response, 400, "invalid")
    assert error["fields"]["titre"] == ["Champ inconnu."]
    assert error["fields"]["urgent"] == ["Champ inconnu."]
    assert error["fields"]["title"] == ["Ce champ est obligatoire."]
    assert ImprovementRequest.objects.count() == 0


def test_wrong_types_are_refused_field_by_field(referent, organisation):
    body = json.dumps(
        {"organisation": organisation.slug, "title": ["a"], "submit": "peut-être", "modules": "x"}
    )

    error = assert_error(_post(client_for(referent), body), 400, "invalid")

    assert set(error["fields"]) == {"title", "submit", "modules"}
    assert ImprovementRequest.objects.count() == 0


def test_a_body_that_is_not_an_object_is_refused(referent):
    for body in ["[1, 2]", '"texte"', "42", "null"]:
        response = _post(client_for(referent), body)

        assert_error(response, 400, "invalid")


def test_nul_character_in_a_text_is_refused(referent, organisation):
    body = json.dumps({"organisation": organisation.slug, "title": "Une\x00demande"})

    error = assert_error(_post(client_for(referent), body), 400, "invalid")

    assert "title" in error["fields"]


def test_other_media_types_are_refused_with_415(referent):
    client = client_for(referent)

    form = _post(client, "title=x", "application/x-www-form-urlencoded")
    multipart = client.post("/api/v1/requests/", {"title": "x"}, format="multipart")

    assert_error(form, 415, "unsupported_media_type")
    assert_error(multipart, 415, "unsupported_media_type")


def test_unknown_method_answers_405(referent):
    response = client_for(referent).delete("/api/v1/requests/")

    assert_error(response, 405, "method_not_allowed")


def test_unknown_object_answers_404(anonymous):
    for url in [
        "/api/v1/requests/D-1999-9999/",
        "/api/v1/organisations/nope/",
        "/api/v1/campaigns/999999/",
        "/api/v1/meetings/nope/",
    ]:
        assert_error(anonymous.get(url), 404, "not_found")


def test_unknown_address_under_the_api_answers_404_in_json(anonymous):
    for method in ("get", "post", "put", "delete"):
        response = getattr(anonymous, method)("/api/v1/nulle-part/")

        assert_error(response, 404, "not_found")


def test_bad_filters_and_pages_answer_400_or_404_never_500(anonymous):
    bad = assert_error(anonymous.get("/api/v1/requests/?status=perdu"), 400, "invalid")
    unknown = assert_error(anonymous.get("/api/v1/requests/?couleur=bleu"), 400, "invalid")
    zero = assert_error(anonymous.get("/api/v1/requests/?page=0"), 400, "invalid")
    beyond = anonymous.get("/api/v1/requests/?page=99")
    nul = APIClient().get("/api/v1/requests/?q=%00")

    assert "status" in bad["fields"]
    assert "couleur" in unknown["fields"]
    assert "page" in zero["fields"]
    assert_error(beyond, 404, "not_found")
    assert nul.status_code == 400
