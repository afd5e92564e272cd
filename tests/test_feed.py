"""The change feed: each published change once, in order, as LDES version objects in immutable pages."""

from __future__ import annotations

from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, XSD

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


def small_pages(curation_app):
    from fastapi.testclient import TestClient

    curation_app.state.settings = curation_app.state.settings.with_(feed_page_size=2)
    return TestClient(curation_app)


def publish_versions(http, tokens, labels, etag=None):
    for label in labels:
        if etag is None:
            etag = create_draft(http, tokens, label).headers["etag"]
        else:
            etag = http.put("/api/initiatives/new-hub", content=new_record(label),
                            headers={**TURTLE, **tokens["curator"], "If-Match": etag}).headers["etag"]
        etag = http.post("/api/initiatives/new-hub/publish", headers={**tokens["reviewer"], "If-Match": etag}).headers["etag"]
    return etag


def test_a_full_last_page_is_not_immutable_until_a_later_member_links_on_from_it(curation_app, tokens):
    """#22 item 2: a page that holds page_size members but no relation yet would hide later members from a cache."""
    client = small_pages(curation_app)
    etag = publish_versions(client, tokens, ["Ett", "Två"])
    full = client.get("/feed?page=1", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=full.text, format="turtle")
    assert "immutable" not in full.headers["cache-control"]
    assert (URIRef("http://testserver/feed?page=1"), LDES.immutable, None) not in graph
    assert (None, TREE.relation, None) not in graph
    assert client.get("/feed.json?page=1").json()["immutable"] is False
    publish_versions(client, tokens, ["Tre"], etag)
    linked = client.get("/feed?page=1", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=linked.text, format="turtle")
    assert "immutable" in linked.headers["cache-control"]
    assert (URIRef("http://testserver/feed?page=1"), LDES.immutable, Literal(True)) in graph


def test_a_page_after_the_last_is_404_naming_the_last_page(curation_app, tokens):
    client = small_pages(curation_app)
    publish_versions(client, tokens, ["Ett", "Två", "Tre"])
    assert client.get("/feed.json?page=2").status_code == 200
    response = client.get("/feed?page=3", headers={"Accept": "text/turtle"})
    assert response.status_code == 404
    body = client.get("/feed.json?page=3").json()
    assert body["ok"] is False and body["status"] == 404
    assert "http://testserver/feed?page=2" in body["error"]


def test_the_first_page_of_an_empty_feed_exists_and_the_second_is_404(http):
    assert http.get("/feed.json?page=1").json()["items"] == []
    assert http.get("/feed.json?page=2").status_code == 404


def test_versions_published_in_the_same_second_get_strictly_increasing_timestamps(http, tokens, monkeypatch):
    from datetime import datetime

    monkeypatch.setattr("catalogue.curation.now", lambda: "2026-12-03T10:00:00+00:00")
    publish_three_versions(http, tokens)
    graph = turtle(http, "/feed?page=1")
    members = [URIRef(f"{HUB}/version/{n}") for n in (2, 4, 6)]
    stamps = [graph.value(member, PROV.generatedAtTime) for member in members]
    assert all(stamp.datatype == XSD.dateTime for stamp in stamps)
    moments = [datetime.fromisoformat(str(stamp)) for stamp in stamps]
    assert moments == sorted(set(moments))
    assert '"2026-12-03T10:00:00.001+00:00"^^' in http.get("/feed.ttl?page=1").text  # milliseconds in the lexical form
    items = http.get("/feed.json?page=1").json()["items"]
    assert [datetime.fromisoformat(i["timestamp"]) for i in items] == moments


def test_a_member_timestamp_never_changes_when_later_members_come(curation_app, tokens):
    client = small_pages(curation_app)
    etag = publish_versions(client, tokens, ["Ett", "Två"])
    before = client.get("/feed.json?page=1").json()["items"]
    publish_versions(client, tokens, ["Tre", "Fyra"], etag)
    after = client.get("/feed.json?page=1").json()["items"]
    assert [i["timestamp"] for i in after] == [i["timestamp"] for i in before]


def test_each_member_is_its_own_named_graph_in_trig_and_n_quads(http, tokens):
    publish_three_versions(http, tokens)
    member = URIRef(f"{HUB}/version/6")
    for suffix, fmt, media in (("trig", "trig", "application/trig"), ("nq", "nquads", "application/n-quads")):
        response = http.get("/feed?page=1", headers={"Accept": media})
        assert response.headers["content-type"].startswith(media)
        assert http.get(f"/feed.{suffix}?page=1").text == response.text
        dataset = Dataset()
        dataset.parse(data=response.text, format=fmt)
        named = dataset.graph(member)
        assert (member, DCTERMS.isVersionOf, URIRef(HUB)) in named
        assert (member, SKOS.prefLabel, Literal("Version tre", lang="sv")) in named
        assert (URIRef(f"{member}#ev-plan"), RDF.type, SYM.Evidence) in named  # a nested resource, in the member's graph
        assert (URIRef("http://testserver/feed"), TREE.member, member) in dataset.default_graph
        assert (URIRef(f"{HUB}/version/4#ev-plan"), None, None) not in named  # another member's part is not in it


def test_the_json_ld_view_keeps_the_members_graphs(http, tokens):
    publish_three_versions(http, tokens)
    dataset = Dataset()
    from .jsonld_documents import offline  # rdflib would fetch the JSON-LD's context (#22 item 6)
    dataset.parse(data=offline(http.get("/feed.jsonld?page=1").text), format="json-ld")
    member = URIRef(f"{HUB}/version/6")
    assert (URIRef(f"{member}#ev-kind"), RDF.type, SYM.Evidence) in dataset.graph(member)


def test_the_turtle_view_is_the_union_of_the_graphs(http, tokens):
    publish_three_versions(http, tokens)
    dataset = Dataset()
    dataset.parse(data=http.get("/feed.trig?page=1").text, format="trig")
    union = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    assert isomorphic(turtle(http, "/feed?page=1"), union)


def test_a_client_that_accepts_anything_gets_turtle(http):
    assert http.get("/feed?page=1", headers={"Accept": "*/*"}).headers["content-type"].startswith("text/turtle")


def test_an_ldes_client_accept_header_gets_n_quads(http):
    accept = ("application/n-quads,application/trig;q=0.95,application/ld+json;q=0.9,application/n-triples;q=0.8,"
              "text/turtle;q=0.6,application/rdf+xml;q=0.5")
    response = http.get("/feed?page=1", headers={"Accept": accept})
    assert response.headers["content-type"].startswith("application/n-quads")
    assert 'rel="alternate"; type="application/trig"' in response.headers["link"]
    assert "</feed.trig?page=1>" in response.headers["link"]
