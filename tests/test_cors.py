"""CORS on the public read side, never on token or cookie routes (#22 item 3).

The real browser test (a page on a second loopback origin fetching from the catalogue) is
tests/browser/test_cross_origin_in_chromium.py; these check the headers route by route.
"""

from __future__ import annotations

import inspect

import pytest

from api.cors import PUBLIC_TAGS, is_public, routes_of

ORIGIN = "http://127.0.0.1:9"  # another origin; nothing listens there, nothing is fetched from it
ASK = "ASK { ?s ?p ?o }"

PUBLIC_READS = [
    "/sparql?query=ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D", "/id/initiative/test-park", "/id/initiative/test-park.ttl",
    "/id/actor/test-mill", "/concept", "/concept/resource-types", "/def", "/def.ttl", "/context.jsonld",
    "/export/catalogue.ttl", "/export/catalogue.trig", "/feed", "/feed?page=1", "/catalog", "/.well-known/void",
    "/api/initiatives", "/api/initiatives/test-park", "/api/actors", "/api/concepts", "/api/stats",
    "/api/initiatives.csv",
]
#: Routes that need a token or a session, and the method a browser tool would have to preflight.
PRIVATE = [
    ("POST", "/api/initiatives"), ("PUT", "/api/initiatives/test-park"), ("DELETE", "/api/initiatives/test-park"),
    ("GET", "/api/initiatives/test-park/history"), ("GET", "/api/initiatives/test-park/draft"),
    ("POST", "/api/initiatives/test-park/publish"), ("GET", "/api/accounts"), ("POST", "/api/accounts"),
    ("GET", "/api/backup"), ("POST", "/login"), ("GET", "/login"), ("POST", "/logout"), ("GET", "/curate"),
    ("GET", "/curate/initiative/test-park"), ("POST", "/curate/initiative/test-park"), ("GET", "/curate/sources"),
    ("PUT", "/graph-store?default"), ("POST", "/graph-store"), ("DELETE", "/graph-store?default"),
    ("GET", "/graph-store?default"),
]


def _preflight(client, path: str, method: str, headers: str | None = None):
    asked = {"origin": ORIGIN, "access-control-request-method": method}
    if headers:
        asked["access-control-request-headers"] = headers
    return client.options(path, headers=asked)


@pytest.mark.parametrize("path", PUBLIC_READS)
def test_a_public_read_may_be_read_from_any_origin_without_credentials(client, path):
    response = client.get(path, headers={"origin": ORIGIN})
    assert response.status_code == 200, response.text[:300]
    assert response.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in response.headers
    exposed = {name.strip().lower() for name in response.headers["access-control-expose-headers"].split(",")}
    assert {"etag", "link"} <= exposed


def test_a_public_read_without_an_origin_says_it_varies_by_origin_for_caches(client):
    response = client.get("/id/initiative/test-park.ttl")
    assert "origin" in response.headers["vary"].lower()


def test_a_sparql_post_preflight_is_answered(client):
    response = _preflight(client, "/sparql", "POST", "content-type")
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    assert "POST" in response.headers["access-control-allow-methods"]
    assert "content-type" in response.headers["access-control-allow-headers"].lower()
    assert "access-control-allow-credentials" not in response.headers


def test_a_sparql_post_from_another_origin_answers_with_cors_headers(client):
    response = client.post("/sparql", content=ASK, headers={"origin": ORIGIN, "content-type": "application/sparql-query",
                                                            "accept": "application/sparql-results+json"})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"


@pytest.mark.parametrize("method, path", [("GET", "/id/initiative/test-park"), ("GET", "/export/catalogue.nt"),
                                          ("HEAD", "/feed"), ("GET", "/api/initiatives")])
def test_a_preflight_for_a_public_read_is_answered(client, method, path):
    response = _preflight(client, path, method, "accept, if-none-match")
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"


def test_a_preflight_asking_to_send_a_token_is_refused(client):
    response = _preflight(client, "/sparql", "POST", "authorization, content-type")
    assert response.status_code >= 400
    assert "authorization" not in response.headers.get("access-control-allow-headers", "").lower()


def test_an_error_on_the_public_side_is_readable_from_another_origin(client):
    response = client.get("/id/initiative/no-such-record", headers={"origin": ORIGIN})
    assert response.status_code == 404
    assert response.headers["access-control-allow-origin"] == "*"


@pytest.mark.parametrize("method, path", PRIVATE)
def test_a_token_or_cookie_route_has_no_cors_and_refuses_its_preflight(client, method, path):
    answer = client.request(method, path, headers={"origin": ORIGIN})
    assert "access-control-allow-origin" not in answer.headers, (method, path, answer.status_code)
    preflight = _preflight(client, path, method, "authorization")
    assert preflight.status_code >= 400
    assert not any(name.startswith("access-control-") for name in preflight.headers)


def test_the_public_tags_hold_only_routes_that_need_no_credentials(client):
    public = [route for route in routes_of(client.app.routes) if is_public(route)]
    assert {tag for route in public for tag in route.tags} == PUBLIC_TAGS
    for route in public:
        calls = [dependency.call for dependency in route.dependant.dependencies]
        assert not any("require" in getattr(call, "__qualname__", "") for call in calls), route.path
        source = inspect.getsource(route.endpoint)
        assert not any(word in source for word in ("current_account", "require(", "session", "cookie")), route.path


def test_an_html_page_on_the_public_side_is_not_opened_to_other_origins(client):
    assert "access-control-allow-origin" not in client.get("/", headers={"origin": ORIGIN}).headers
    assert "access-control-allow-origin" not in client.get("/static/symbios.css", headers={"origin": ORIGIN}).headers
