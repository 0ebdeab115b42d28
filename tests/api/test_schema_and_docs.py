"""The OpenAPI 3 schema validates without a warning; the docs page runs under our CSP."""

import re

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command


def test_schema_validates_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))

    schema = yaml.safe_load(out.read_text())
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/v1/requests/",
        "/api/v1/requests/{reference}/endorsements/",
        "/api/v1/campaigns/{id}/ballots/{organisation}/",
        "/api/v1/meetings/{slug}/registration/",
        "/api/v1/roadmap/",
        "/api/v1/organisations/",
    } <= set(schema["paths"])
    assert schema["components"]["securitySchemes"]["personalToken"]["scheme"] == "bearer"


def test_schema_is_served(anonymous):
    response = anonymous.get("/api/schema/?format=json")

    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Cercle API"


@pytest.mark.django_db
def test_docs_page_loads_swagger_ui_from_our_static_files_without_inline_script(client):
    response = client.get("/api/docs/")

    page = response.content.decode()
    assert response.status_code == 200
    sources = re.findall(r'<script src="([^"]+)"', page)
    assert sources == [
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-standalone-preset.js",
        "/static/api/docs.js",
    ]
    assert page.count("<script") == len(sources)
    assert "<style" not in page and "style=" not in page
    assert "http://" not in page and "https://" not in page
    for source in sources:
        assert finders.find(source.removeprefix("/static/")) is not None
