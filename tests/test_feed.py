"""The change feed: each published change once, in order, as LDES version objects in immutable pages."""

from __future__ import annotations

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from .writing import TURTLE, create_draft, new_record

LDES = Namespace("https://w3id.org/ldes#")
TREE = Namespace("https://w3id.org/tree#")
SYM = Namespace("https://w3id.org/symbios/def#")
HUB = "https://w3id.org/symbios/id/initiative/new-hub"


def publish_three_versions(http, tokens):
    etag = create_draft(http, tokens, "Version ett").headers["etag"]
    etag = http.post("/api/initiatives/new-hub/publish", headers={**tokens["reviewer"], "If-Match": etag}).headers["etag"]
    for label in ("Version två", "Version tre"):
        etag = http.put("/api/initiatives/new-hub", content=new_record(label),
                        headers={**TURTLE, **tokens["curator"], "If-Match": etag}).headers["etag"]
        etag = http.post("/api/initiatives/new-hub/publish", headers={**tokens["reviewer"], "If-Match": etag}).headers["etag"]
    return etag


def turtle(http, url) -> Graph:
    response = http.get(url, headers={"Accept": "text/turtle"})
    assert response.status_code == 200, response.text
    return Graph().parse(data=response.text, format="turtle")


def test_the_feed_root_describes_an_ldes_with_its_paths(http):
    graph = turtle(http, "/feed")
    stream = URIRef("http://testserver/feed")
    assert (stream, RDF.type, LDES.EventStream) in graph
    assert (stream, LDES.versionOfPath, DCTERMS.isVersionOf) in graph
    assert (stream, LDES.versionDeleteObject, SYM.Withdrawal) in graph
    assert (stream, TREE.view, URIRef("http://testserver/feed?page=1")) in graph


def test_each_published_change_appears_once_in_order_and_drafts_never(http, tokens):
    publish_three_versions(http, tokens)
    items = http.get("/feed.json?page=1").json()["items"]
    assert [(i["version"], i["state"]) for i in items] == [(2, "published"), (4, "published"), (6, "published")]
    graph = turtle(http, "/feed?page=1")
    members = set(graph.objects(URIRef("http://testserver/feed"), TREE.member))
    assert members == {URIRef(f"{HUB}/version/{n}") for n in (2, 4, 6)}
    last = URIRef(f"{HUB}/version/6")
    assert (last, DCTERMS.isVersionOf, URIRef(HUB)) in graph
    assert (last, SKOS.prefLabel, Literal("Version tre", lang="sv")) in graph


def test_a_withdrawal_is_a_delete_member(http, tokens):
    etag = publish_three_versions(http, tokens)
    http.delete("/api/initiatives/new-hub", headers={**tokens["curator"], "If-Match": etag})
    graph = turtle(http, "/feed?page=1")
    assert (URIRef(f"{HUB}/version/7"), RDF.type, SYM.Withdrawal) in graph


def test_full_pages_are_immutable_and_link_to_the_next_by_time(curation_app, tokens):
    from fastapi.testclient import TestClient

    curation_app.state.settings = curation_app.state.settings.with_(feed_page_size=2)
    client = TestClient(curation_app)
    publish_three_versions(client, tokens)
    first = client.get("/feed?page=1", headers={"Accept": "text/turtle"})
    assert "immutable" in first.headers["cache-control"]
    graph = Graph().parse(data=first.text, format="turtle")
    assert (None, TREE.node, URIRef("http://testserver/feed?page=2")) in graph
    assert (None, RDF.type, TREE.GreaterThanOrEqualToRelation) in graph
    second = client.get("/feed.json?page=2")
    assert [i["version"] for i in second.json()["items"]] == [6]
    assert "immutable" not in second.headers["cache-control"]


def test_a_bad_page_number_gets_400(http):
    response = http.get("/feed?page=zero")
    assert response.status_code == 400
    assert response.json()["parameter"] == "page"
