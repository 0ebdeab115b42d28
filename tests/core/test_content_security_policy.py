"""Content-Security-Policy: every response carries it; no page needs inline script or style."""

import re
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver

import cercle
from cercle.core.contentpolicy import allow_webassembly
from tests.factories import OrganisationFactory

SRC = Path(cercle.__file__).parent
EXPECTED = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def directives(header):
    parts = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return dict(parts)


def parameterless_paths(patterns=None, prefix=""):
    """Every route of the site that takes no argument: the pages a crawler reaches first."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if any(char in route for char in "<>()[]\\?*+$^"):
            continue
        if isinstance(entry, URLResolver):
            yield from parameterless_paths(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield "/" + route


def test_policy_is_strict():
    from django.conf import settings

    policy = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert {name: " ".join(values) for name, values in policy.items()} == EXPECTED


@pytest.mark.parametrize("who", ["visitor", "staff", "referent"])
def test_every_page_carries_the_policy(client, staff, referent, who):
    OrganisationFactory(name="Ville d’Arles", slug="ville-d-arles")
    if who != "visitor":
        client.force_login(staff if who == "staff" else referent)
    paths = sorted(set(parameterless_paths())) + ["/pas-une-page/", "/organisations/inconnue/"]
    assert len(paths) > 20
    missing = []
    for path in paths:
        response = client.get(path)
        header = response.get("Content-Security-Policy")
        if header is None or directives(header) != EXPECTED:
            missing.append(f"{path} ({response.status_code}): {header}")
    assert missing == []


def test_forbidden_page_and_form_post_carry_the_policy(client, referent):
    client.force_login(referent)
    forbidden = client.get("/demandes/triage/")
    posted = client.post("/connexion/", {"username": "x", "password": "y"})
    assert forbidden.status_code == 403
    assert "Content-Security-Policy" in forbidden
    assert "Content-Security-Policy" in posted


def test_webassembly_allowed_only_where_a_view_asks_for_it():
    from csp.middleware import CSPMiddleware

    request = RequestFactory().get("/")
    middleware = CSPMiddleware(lambda request: HttpResponse("plain"))
    plain = directives(middleware(request)["Content-Security-Policy"])
    wasm_view = allow_webassembly(lambda request: HttpResponse("decoder"))
    middleware = CSPMiddleware(wasm_view)
    wasm = directives(middleware(request)["Content-Security-Policy"])
    assert plain["script-src"] == "'self'"
    assert wasm["script-src"] == "'self' 'wasm-unsafe-eval'"
    assert "'unsafe-eval'" not in wasm["script-src"].split()


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style[\s>]", re.IGNORECASE)


def test_no_template_holds_inline_script_or_style_element():
    offenders = []
    for template in SRC.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER, INLINE_STYLE):
            offenders += [f"{template.relative_to(SRC)}: {m[0]}" for m in pattern.finditer(text)]
        if "javascript:" in text or "hx-on" in text:
            offenders.append(f"{template.relative_to(SRC)}: javascript: URL or hx-on")
    assert offenders == []


def test_htmx_does_not_inject_its_indicator_style(client, db):
    html = client.get("/").content.decode()
    css = (SRC / "core/static/cercle/css/cercle.css").read_text(encoding="utf-8")
    meta = html.index('<meta name="htmx-config"')
    assert meta < html.index("htmx-2.0.11.min.js")
    assert '"includeIndicatorStyles": false' in html[meta : html.index(">", meta)]
    assert ".htmx-request .htmx-indicator" in css
