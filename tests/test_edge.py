"""Request values checked at the edge, and every error in the one shape (issue 19, item 10).

Each case here was a plain-text 500 that schemathesis found on the curated catalogue."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.edge import MAX_JSON_DEPTH, MAX_OFFSET, json_depth

BEYOND_64_BITS = str(2**70)
DEEP = b"[" * 100_000 + b"]" * 100_000


def assert_error(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["ok"] is False and body["status"] == status and body["error"]
    return body


@pytest.mark.parametrize("path", ["/api/initiatives/x%0A", "/api/actors/x%0A", "/id/initiative/x%0A",
                                  "/id/initiative/x%0A.ttl", "/concept/x%0A", "/concept/resource-types%0A/x",
                                  "/api/initiatives/%C2%86p", "/api/initiatives/x%0A/similar", "/graph-store/x%00"])
def test_a_path_with_a_control_character_is_a_404_in_the_error_shape(client, path):
    body = assert_error(client.get(path), 404)
    assert "control character" in body["error"]


@pytest.mark.parametrize("path", ["/api/initiatives/x%20y", "/api/actors/a%25zz", "/api/initiatives/Capital"])
def test_a_record_slug_that_cannot_be_one_is_a_404(client, path):
    assert "not a record slug" in assert_error(client.get(path), 404)["error"]


def test_a_trailing_newline_does_not_pass_as_a_slug(client):
    # SLUG's `$` matched before a final newline, so 'x\n' reached the store as an IRI.
    assert_error(client.get("/concept/resource-types/waste-heat%0A"), 404)


@pytest.mark.parametrize("path, parameter", [(f"/api/initiatives?offset={BEYOND_64_BITS}", "offset"),
                                             (f"/api/actors?offset={BEYOND_64_BITS}", "offset"),
                                             (f"/?offset={BEYOND_64_BITS}", "offset"),
                                             ("/?offset=%C2%B2", "offset"),
                                             (f"/feed?page={BEYOND_64_BITS}", "page"),
                                             ("/feed?page=0", "page"),
                                             (f"/api/initiatives?started_before={BEYOND_64_BITS}", "started_before"),
                                             ("/api/initiatives?started_after=" + "1" * 5000, "started_after")])
def test_an_integer_beyond_its_bound_is_a_400_naming_the_parameter(client, path, parameter):
    body = assert_error(client.get(path, headers={"Accept": "application/json"}), 400)
    assert body["parameter"] == parameter


def test_the_bound_of_an_offset_is_named_in_the_answer(client):
    body = assert_error(client.get(f"/api/initiatives?offset={MAX_OFFSET + 1}"), 400)
    assert body["limit"] == MAX_OFFSET and str(MAX_OFFSET) in body["error"]
    assert client.get(f"/api/initiatives?offset={MAX_OFFSET}").json()["items"] == []


@pytest.mark.parametrize("path", ["/api/initiatives/x/versions/" + BEYOND_64_BITS,
                                  "/api/initiatives/x/diff?from=1&to=" + BEYOND_64_BITS])
def test_a_version_number_beyond_64_bits_is_a_400(http, tokens, path):
    assert_error(http.get(path, headers=tokens["curator"]), 400)


@pytest.mark.parametrize("slug", ["%60", "a%20b", "A"])
def test_an_edit_of_a_slug_that_cannot_be_one_is_a_404_before_the_body_is_parsed(http, tokens, slug):
    # The slug became the base IRI of the Turtle parser, which refused it: a 500 (schemathesis, PUT /api/actors/%60).
    headers = {**tokens["curator"], "Content-Type": "text/turtle", "If-Match": '"x"'}
    assert "not a record slug" in assert_error(http.put(f"/api/actors/{slug}", content=b"<a> <b> <c> .",
                                                        headers=headers), 404)["error"]


def test_a_deeply_nested_json_profile_is_a_400_naming_the_depth_limit(client):
    body = assert_error(client.post("/api/similar", content=DEEP, headers={"Content-Type": "application/json"}), 400)
    assert body["limit"] == MAX_JSON_DEPTH
    nested = b'{"kinds": ' + b"[" * (MAX_JSON_DEPTH + 1) + b"]" * (MAX_JSON_DEPTH + 1) + b"}"
    assert_error(client.post("/api/similar", content=nested), 400)


@pytest.mark.parametrize("path, role", [("/api/accounts", "admin"), ("/api/initiatives", "curator")])
def test_a_deeply_nested_json_body_is_a_400_on_every_json_write(http, tokens, path, role):
    headers = {**tokens[role], "Content-Type": "application/json"}
    assert assert_error(http.post(path, content=DEEP, headers=headers), 400)["limit"] == MAX_JSON_DEPTH


@pytest.mark.parametrize("flows", [[1], "abc", [{"resource": ["x"]}], [{"provider": "company"}]])
def test_a_profile_whose_flows_are_not_objects_of_slugs_is_a_400(client, flows):
    assert assert_error(client.post("/api/similar", json={"flows": flows}), 400)["parameter"] == "flows"


def test_json_depth_counts_nesting_without_recursion():
    assert json_depth(1) == 0 and json_depth([]) == 1 and json_depth({"a": [{"b": []}]}) == 4
    deep: list = []
    for _ in range(5000):
        deep = [deep]
    assert json_depth(deep) == MAX_JSON_DEPTH + 1  # stops counting past the limit


def test_a_storage_error_is_a_503_with_retry_after_in_the_error_shape(fixture_settings, loaded_store, monkeypatch):
    from api.app import create_app

    app = create_app(fixture_settings, store=loaded_store)
    monkeypatch.setattr(app.state.catalogue.store, "graph", lambda *a, **k: (_ for _ in ()).throw(
        OSError(5, "Input/output error", "/var/store/000123.sst")))
    response = TestClient(app).get("/api/initiatives/test-park")
    body = assert_error(response, 503)
    assert response.headers["Retry-After"] and "Input/output error" in body["error"]
    assert "/var/store" not in body["error"]  # the server's layout is not told


def test_an_unexpected_error_is_a_500_in_the_error_shape(fixture_settings, loaded_store, monkeypatch):
    from api.app import create_app

    app = create_app(fixture_settings, store=loaded_store)
    monkeypatch.setattr(app.state.catalogue.store, "graph", lambda *a, **k: 1 / 0)
    response = TestClient(app, raise_server_exceptions=False).get("/api/initiatives/test-park")
    assert "ZeroDivision" not in assert_error(response, 500)["error"]
    assert response.headers.get("X-Content-Type-Options") == "nosniff"  # inside the security headers


@pytest.mark.parametrize("path, allowed", [("/api/initiatives", "GET, POST"),
                                           ("/api/initiatives/x", "DELETE, GET, PATCH, PUT"),  # PATCH since #20
                                           ("/api/stats", "GET")])
def test_a_405_names_in_allow_every_method_the_path_answers(client, path, allowed):
    response = client.request("OPTIONS" if "PATCH" in allowed else "PATCH", path)
    assert_error(response, 405)
    assert response.headers["Allow"] == allowed


def test_the_openapi_declares_the_formats_each_route_answers_in(client):
    paths = client.get("/openapi.json").json()["paths"]
    record = paths["/id/{kind}/{name}"]["get"]["responses"]
    assert {"text/html", "text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml",
            "application/json"} <= set(record["200"]["content"]) and "304" in record
    assert "application/json" not in paths["/def"]["get"]["responses"]["200"]["content"]
    assert "application/n-quads" in paths["/export/catalogue.{suffix}"]["get"]["responses"]["200"]["content"]
    assert [p["name"] for p in paths["/feed"]["get"]["parameters"]] == ["page"]
    assert "application/json" in paths["/api/similar"]["post"]["requestBody"]["content"]
    diff = paths["/api/initiatives/{slug}/diff"]["get"]["parameters"]
    assert {p["name"] for p in diff} == {"slug", "from", "to"}


def test_a_profile_whose_lang_is_no_string_is_a_400_naming_lang(client):
    """Found by schemathesis (#21): `"lang": 5` in POST /api/similar was a 500."""
    for value in (5, [], {"x": 1}, True):
        assert assert_error(client.post("/api/similar", json={"lang": value}), 400)["parameter"] == "lang"
