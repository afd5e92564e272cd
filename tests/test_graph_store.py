"""/graph-store with the catalogue's policy: a graph is a record, and every write is a validated curation."""

from __future__ import annotations

import time
from urllib.parse import quote

import pytest
from rdflib import Graph

from .servers import recording
from .writing import TURTLE, create_draft, new_record

HUB = "https://w3id.org/symbios/id/initiative/new-hub"
PARK = "https://w3id.org/symbios/id/initiative/test-park"


def at(iri: str) -> str:
    return f"/graph-store?graph={quote(iri, safe='')}"


def test_anyone_reads_a_published_record_graph(http):
    response = http.get(at(PARK), headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    assert len(Graph().parse(data=response.text, format="turtle")) > 10


def test_a_missing_graph_is_404(http):
    assert http.get(at(HUB)).status_code == 404
    assert http.head(at(HUB)).status_code == 404


def test_writing_needs_a_token(http):
    assert http.put(at(HUB), content=new_record(), headers=TURTLE).status_code == 401


def test_a_reviewers_put_creates_and_publishes_a_valid_record(http, tokens):
    response = http.put(at(HUB), content=new_record(), headers={**TURTLE, **tokens["reviewer"]})
    assert response.status_code == 201, response.text
    assert http.get("/api/initiatives/new-hub").json()["label"] == "Nya hubben"
    states = [v["state"] for v in http.get("/api/initiatives/new-hub/history", headers=tokens["curator"]).json()["versions"]]
    assert states == ["draft", "published"]


def test_a_curators_put_stays_a_draft(http, tokens):
    assert http.put(at(HUB), content=new_record(), headers={**TURTLE, **tokens["curator"]}).status_code == 201
    assert http.get("/api/initiatives/new-hub").status_code == 404


def test_a_graph_that_is_not_a_valid_record_is_refused_and_nothing_changes(http, tokens, curation_store):
    before = len(curation_store)
    foaf = '<http://www.example/gsp/person/1> a <http://xmlns.com/foaf/0.1/Person> .'
    refused = http.put(at(PARK), content=foaf, headers={**TURTLE, **tokens["reviewer"]})
    assert refused.status_code == 422
    assert len(curation_store) == before


def test_graphs_outside_the_records_and_the_default_graph_are_not_writable(http, tokens):
    other = http.put(at("http://www.example/gsp/person/1.ttl"), content=new_record(), headers={**TURTLE, **tokens["admin"]})
    assert other.status_code == 403
    default = http.put("/graph-store?default", content=new_record(), headers={**TURTLE, **tokens["admin"]})
    assert default.status_code == 403


def test_a_sync_without_if_match_never_overwrites_a_colleagues_draft(http, tokens):
    create_draft(http, tokens)
    response = http.put(at(HUB), content=new_record("Partnerns namn"), headers={**TURTLE, **tokens["reviewer"]})
    assert response.status_code == 412
    assert "draft" in response.json()["error"]


def test_delete_withdraws_the_record(http, tokens):
    assert http.delete(at(PARK), headers=tokens["reviewer"]).status_code == 204
    assert http.get("/api/initiatives/test-park").status_code == 410  # gone, with its history (#22 item 6)
    assert http.get(at(PARK)).status_code == 410
    assert http.delete(at(PARK), headers=tokens["reviewer"]).status_code == 404


def test_post_to_the_endpoint_creates_the_record_it_describes(http, tokens):
    response = http.post("/graph-store", content=new_record(), headers={**TURTLE, **tokens["reviewer"]})
    assert response.status_code == 201
    assert response.headers["location"] == HUB
    again = http.post("/graph-store", content=new_record(), headers={**TURTLE, **tokens["reviewer"]})
    assert again.status_code == 412


# -- issue 19, item 3: a graph name is an IRI, checked at the edge, never text that shapes a query --------

def recording_endpoint():
    """A loopback SPARQL endpoint that answers every request with no rows and records its path."""
    return recording("application/sparql-results+json", b'{"head": {"vars": ["s", "p", "o"]}, "results": {"bindings": []}}')


@pytest.mark.parametrize("method", ["GET", "HEAD", "PUT", "DELETE"])
def test_a_graph_name_that_closes_its_iri_is_a_400_and_reaches_no_other_server_issue_19(http, tokens, method):
    with recording_endpoint() as (target, hits):
        for name in (f"urn:x>}}SERVICE<{target}>{{?s?p?o}}}}#", "urn:x>", f"{PARK}> . <urn:y",
                     "urn:x\x00", 'urn:x"', "urn:x{y}", "urn:x\\y", "urn:x|y^`z"):
            response = http.request(method, at(name), content=new_record() if method == "PUT" else None,
                                    headers={**TURTLE, **tokens["reviewer"]})
            assert response.status_code == 400, (name, response.status_code, response.text)
            if method != "HEAD":
                assert response.json()["parameter"] == "graph"
        time.sleep(0.2)  # a SERVICE call would have arrived by now
    assert hits == []
    assert http.get(at(PARK)).status_code == 200  # the store still answers


def test_graph_names_that_are_not_absolute_iris_are_400s_naming_the_problem(http):
    for name, problem in (("", "empty"), ("no-scheme", "no scheme"), ("urn:" + "a" * 3000, "longer than"),
                          ("https://w3id.org/%zz", "%-escape")):
        response = http.get(at(name))
        assert response.status_code == 400
        assert problem in response.json()["error"]
