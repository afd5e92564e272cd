"""Security headers on every answer (issue 19, item 11): pages, JSON API, RDF, SPARQL, errors, static files."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.security_headers import content_security_policy, tile_source

FIXED = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
}
REQUESTS = [
    ("GET", "/", {}, 200),
    ("GET", "/map", {}, 200),
    ("GET", "/sparql", {"Accept": "text/html"}, 200),
    ("GET", "/docs", {}, 200),
    ("GET", "/login", {}, 200),
    ("GET", "/id/initiative/test-park", {"Accept": "text/html"}, 200),
    ("GET", "/id/initiative/test-park", {"Accept": "text/turtle"}, 200),
    ("GET", "/id/initiative/test-park.jsonld", {}, 200),
    ("GET", "/api/initiatives", {}, 200),
    ("GET", "/openapi.json", {}, 200),
    ("GET", "/sparql?query=ASK%7B%7D", {"Accept": "application/sparql-results+json"}, 200),
    ("GET", "/static/map.js", {}, 200),
    ("HEAD", "/id/initiative/test-park.ttl", {}, 200),
    ("GET", "/id/initiative/no-such-record", {"Accept": "text/html"}, 404),
    ("GET", "/api/initiatives/no-such-record", {}, 404),
    ("POST", "/sparql", {"Content-Type": "text/plain"}, 415),
    ("DELETE", "/api/initiatives", {}, 405),
]


@pytest.mark.parametrize("method, path, headers, status", REQUESTS, ids=[f"{m} {p} {h}" for m, p, h, _ in REQUESTS])
def test_every_answer_carries_the_security_headers(client, method, path, headers, status):
    response = client.request(method, path, headers=headers)
    assert response.status_code == status
    for name, value in FIXED.items():
        assert response.headers.get(name) == value, name
    policy = response.headers.get("content-security-policy", "")
    for directive in ("script-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'",
                      "form-action 'self'", "style-src 'self'"):
        assert directive in policy.split("; "), directive
    assert "unsafe" not in policy


def test_the_pages_run_no_inline_script(client):
    """What the CSP refuses: a <script> with code in it (JSON data for a page's script is not run)."""
    for path in ("/", "/map", "/sparql", "/docs", "/id/initiative/test-park?lang=en", "/login"):
        html = client.get(path, headers={"Accept": "text/html"}).text
        for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S):
            assert "src=" in attributes or 'type="application/json"' in attributes, f"inline script on {path}"
        assert not re.search(r"\son[a-z]+=", html), f"an event handler attribute on {path}"
        assert " style=" not in html, f"an inline style on {path}"


@pytest.mark.parametrize("tiles, source", [
    ("", None),
    ("/tiles/{z}/{x}/{y}.png", None),
    ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
    ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
    ("http://tiles.local:8080/{z}/{x}/{y}.png", "http://tiles.local:8080"),
    ("https://tiles-{s}.example.org/{z}/{x}/{y}.png", "https:"),
    ("https://a.example.org;script-src *;/{z}.png", "https:"),
    ("javascript:alert(1)", None),
])
def test_the_map_tile_server_is_the_one_other_image_source(tiles, source):
    assert tile_source(tiles) == source


def test_the_policy_allows_images_from_the_configured_tile_server(fixture_settings, loaded_store):
    settings = fixture_settings.with_(map_tiles="https://{s}.tiles.example.org/{z}/{x}/{y}.png")
    assert "img-src 'self' data: https://*.tiles.example.org" in content_security_policy(settings).split("; ")
    response = TestClient(create_app(settings, store=loaded_store)).get("/map")
    assert "img-src 'self' data: https://*.tiles.example.org" in response.headers["content-security-policy"]
    no_tiles = fixture_settings.with_(map_tiles="")
    assert "img-src 'self' data:" in content_security_policy(no_tiles).split("; ")
