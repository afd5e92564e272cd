"""The web skeleton: home page, /sparql (SPARQL 1.1 Protocol, read-only), errors."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph

from api.errors import ErrorBody

SELECT = "PREFIX sym: <https://w3id.org/symbios/def#> SELECT ?i WHERE { ?i a sym:Initiative }"
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <https://w3id.org/symbios/id/actor/test-mill> { ?s ?p ?o } }"


def test_home_page_lists_the_initiatives(client):
    response = client.get("/", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert "Testparken" in response.text


def test_home_page_speaks_english_on_request(client):
    assert "Test Park" in client.get("/?lang=en").text
    assert "Test Park" in client.get("/", headers={"accept-language": "en-GB,en;q=0.9"}).text


def test_the_json_api_refuses_an_unknown_language(client):
    response = client.get("/api/initiatives?lang=de")
    assert response.status_code == 400
    assert response.json() == {"ok": False, "status": 400, "error": response.json()["error"], "parameter": "lang", "accepted": ["sv", "en"]}


def test_sparql_get_answers_a_select_as_sparql_json(client):
    response = client.get("/sparql", params={"query": SELECT})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    values = [b["i"]["value"] for b in response.json()["results"]["bindings"]]
    assert values == ["https://w3id.org/symbios/id/initiative/test-park"]


def test_sparql_post_form_and_direct_post_give_the_same_answer(client):
    form = client.post("/sparql", data={"query": SELECT})
    direct = client.post("/sparql", content=SELECT, headers={"content-type": "application/sparql-query"})
    assert form.status_code == direct.status_code == 200
    assert form.json() == direct.json()


def test_sparql_results_as_xml_csv_and_tsv_by_accept(client):
    for accept, marker in [("application/sparql-results+xml", "<sparql"), ("text/csv", "i\r\n"), ("text/tab-separated-values", "?i")]:
        response = client.get("/sparql", params={"query": SELECT}, headers={"accept": accept})
        assert response.status_code == 200, accept
        assert response.headers["content-type"].startswith(accept)
        assert marker in response.text


def test_sparql_construct_as_turtle_and_json_ld(client):
    turtle = client.get("/sparql", params={"query": CONSTRUCT}, headers={"accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert len(Graph().parse(data=turtle.text, format="turtle")) > 3
    jsonld = client.get("/sparql", params={"query": CONSTRUCT}, headers={"accept": "application/ld+json"})
    assert len(Graph().parse(data=jsonld.text, format="json-ld")) > 3


def test_sparql_default_graph_uri_restricts_the_dataset(client):
    params = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "default-graph-uri": "https://w3id.org/symbios/id/actor/test-mill"}
    response = client.get("/sparql", params=params)
    assert int(response.json()["results"]["bindings"][0]["n"]["value"]) == 11  # 4 facts, the evidence link and its 6 (#24)


def test_sparql_unsatisfiable_accept_is_406(client):
    response = client.get("/sparql", params={"query": SELECT}, headers={"accept": "image/png"})
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.json()["error"]


def test_sparql_syntax_error_is_400_with_line_and_column(client):
    response = client.get("/sparql", params={"query": "SELECT ?x WHERE {\n  ?x ?y"})
    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False and body["line"] == 2 and body["column"] is not None


def test_sparql_updates_are_refused_with_403(client):
    update = "INSERT DATA { <http://a> <http://b> <http://c> }"
    for response in (
        client.post("/sparql", data={"update": update}),
        client.post("/sparql", content=update, headers={"content-type": "application/sparql-update"}),
        client.get("/sparql", params={"query": update}),
    ):
        assert response.status_code == 403
        assert "read-only" in response.json()["error"]


def test_sparql_post_with_another_content_type_is_415(client):
    response = client.post("/sparql", content=SELECT, headers={"content-type": "text/plain"})
    assert response.status_code == 415


def test_sparql_plain_get_gives_the_service_description(client):
    response = client.get("/sparql", headers={"accept": "text/turtle"})
    assert response.status_code == 200
    assert "sparql-service-description" in response.text


def test_sparql_page_for_browsers_shows_example_queries(client):
    response = client.get("/sparql", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert "<textarea" in response.text and "Exempel" in response.text


def test_unknown_path_is_404_in_the_json_error_shape(client):
    response = client.get("/no/such/page", headers={"accept": "application/json"})
    assert response.status_code == 404
    assert set(response.json()) == {"ok", "status", "error"}


def test_unknown_path_is_an_html_error_page_for_browsers(client):
    response = client.get("/no/such/page", headers={"accept": "text/html"})
    assert response.status_code == 404 and "<html" in response.text


def test_the_openapi_schema_is_served(client):
    assert client.get("/openapi.json").json()["info"]["title"] == "Symbios"


def test_the_api_documentation_loads_swagger_ui_from_this_server(client):
    page = client.get("/docs")
    assert page.status_code == 200 and "/openapi.json" in page.text
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert assets and all(url.startswith("/static/") for url in assets), assets  # Swagger UI and its start script
    for url in assets:
        assert client.get(url).status_code == 200, url


def test_the_openapi_schema_documents_the_projects_error_shape_and_no_other(client):
    spec = client.get("/openapi.json").json()
    operations = [operation for methods in spec["paths"].values() for operation in methods.values()]
    assert all(operation["responses"]["4XX"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")
               for operation in operations)
    assert not [operation["operationId"] for operation in operations if "422" in operation["responses"]]


@pytest.mark.parametrize("path", ["/api/initiatives?resource=unobtainium", "/api/initiatives?limit=x", "/nowhere",
                                  "/sparql?query=SELECT%20*%20WHERE%20%7B%20%3Fs%20%7D", "/api/initiatives/none"])
def test_error_answers_have_exactly_the_documented_shape(client, path):
    response = client.get(path)
    assert response.status_code >= 400
    assert ErrorBody.model_validate(response.json()).status == response.status_code


def test_every_operation_in_the_openapi_schema_has_its_own_id(client):
    paths = client.get("/openapi.json").json()["paths"]
    ids = [operation["operationId"] for methods in paths.values() for operation in methods.values()]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert {"get", "put", "post", "delete"} <= set(paths["/graph-store"])


def test_sparql_refuses_federated_service_calls(client):
    query = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 403
    assert "SERVICE" in response.json()["error"]


def test_sparql_caps_the_number_of_rows(fixture_settings, loaded_store):
    from fastapi.testclient import TestClient

    from api.app import create_app

    capped = TestClient(create_app(fixture_settings.with_(row_cap=3), store=loaded_store))
    response = capped.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert len(response.json()["results"]["bindings"]) == 3


def test_a_runaway_query_gets_503_naming_the_limit_while_others_are_served(fixture_settings, loaded_store):
    from fastapi.testclient import TestClient

    from api.app import create_app

    short = TestClient(create_app(fixture_settings.with_(query_timeout=0.5), store=loaded_store))
    # ten million joined rows, each compared as strings: seconds on any engine (Virtuoso counts a
    # bare cross product without enumerating it, so the FILTER is needed)
    runaway = ("SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?c ?f WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } LIMIT 10000000 } "
               "FILTER(STR(?c) != STR(?f)) }")
    response = short.get("/sparql", params={"query": runaway})
    assert response.status_code == 503
    assert "0.5 s" in response.json()["error"]
    assert short.get("/sparql", params={"query": SELECT}).status_code == 200


def test_a_concept_page_lists_the_initiatives_using_it_or_a_narrower_concept(client):
    page = client.get("/concept/resource-types/heat", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "/id/initiative/test-park" in page.text  # test-park exchanges waste heat, narrower than heat
    other = client.get("/concept/resource-types/water", headers={"Accept": "text/html"})
    assert "/id/initiative/test-park" not in other.text


def test_no_two_routers_answer_the_same_method_on_the_same_path(client):
    # The app puts the read side's routers first for speed; that is only safe while no path and method
    # is claimed by two routers (the first would shadow the second).
    owners: dict[tuple[str, str], set[int]] = {}
    for route in client.app.routes:
        nested = getattr(route, "original_router", None)
        for inner in nested.routes if nested is not None else [route]:
            for method in getattr(inner, "methods", None) or ():
                owners.setdefault((method, inner.path), set()).add(id(route))
    assert [key for key, routers in owners.items() if len(routers) > 1] == []
