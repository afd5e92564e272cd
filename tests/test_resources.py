"""Every record and concept IRI dereferences: HTML for browsers, RDF by Accept or suffix."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

PARK = URIRef("https://w3id.org/symbios/id/initiative/test-park")


def test_a_browser_gets_the_initiative_page_with_alternates(client):
    response = client.get("/id/initiative/test-park", headers={"accept": "text/html"})
    assert response.status_code == 200 and "Testparken" in response.text
    assert '</id/initiative/test-park.ttl>; rel="alternate"; type="text/turtle"' in response.headers["link"]
    assert {"Accept", "Accept-Language"} <= {name.strip() for name in response.headers["vary"].split(",")}


@pytest.mark.parametrize("accept,fmt", [("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
                                        ("application/n-triples", "nt"), ("application/rdf+xml", "xml")])
def test_rdf_formats_by_accept_describe_the_record(client, accept, fmt):
    response = client.get("/id/initiative/test-park", headers={"accept": accept})
    assert response.headers["content-type"].startswith(accept)
    from .jsonld_documents import offline  # rdflib would fetch the JSON-LD's context (#22 item 6)
    graph = Graph().parse(data=offline(response.content, fmt), format=fmt)
    assert (PARK, None, None) in graph


@pytest.mark.parametrize("suffix,media", [(".ttl", "text/turtle"), (".jsonld", "application/ld+json"), (".nt", "application/n-triples"),
                                          (".rdf", "application/rdf+xml"), (".json", "application/json")])
def test_a_suffix_overrides_accept(client, suffix, media):
    response = client.get(f"/id/initiative/test-park{suffix}", headers={"accept": "text/html"})
    assert response.status_code == 200 and response.headers["content-type"].startswith(media)


def test_all_formats_say_the_same_thing(client):
    turtle = Graph().parse(data=client.get("/id/initiative/test-park.ttl").content, format="turtle")
    from .jsonld_documents import offline  # rdflib would fetch the JSON-LD's context (#22 item 6)
    jsonld = Graph().parse(data=offline(client.get("/id/initiative/test-park.jsonld").content), format="json-ld")
    from rdflib.compare import isomorphic
    assert isomorphic(turtle, jsonld)


def test_unchanged_record_answers_304_to_its_etag(client):
    tag = client.get("/id/initiative/test-park.ttl").headers["etag"]
    assert client.get("/id/initiative/test-park.ttl", headers={"if-none-match": tag}).status_code == 304


def test_each_format_of_a_record_has_its_own_etag(client):
    tags = {suffix: client.get(f"/id/initiative/test-park.{suffix}").headers["etag"] for suffix in ("ttl", "nt", "json")}
    assert len(set(tags.values())) == 3
    english = client.get("/id/initiative/test-park.json?lang=en").headers["etag"]
    assert english != tags["json"]
    assert client.get("/id/initiative/test-park.json", headers={"if-none-match": tags["ttl"]}).status_code == 200


def test_unsatisfiable_accept_is_406(client):
    assert client.get("/id/initiative/test-park", headers={"accept": "image/png"}).status_code == 406


def test_unknown_record_is_404(client):
    assert client.get("/id/initiative/nope.ttl").status_code == 404
    assert client.get("/id/colour/red").status_code == 404


@pytest.mark.parametrize("path", ["/id/actor/test-mill", "/id/place/testby-kommun", "/id/source/test-source",
                                  "/concept/resource-types/waste-heat", "/concept/exchange-status"])
def test_other_records_and_concepts_dereference_as_html_and_turtle(client, path):
    assert client.get(path, headers={"accept": "text/html"}).status_code == 200
    assert len(Graph().parse(data=client.get(path + ".ttl").content, format="turtle")) > 0


def test_a_concept_lists_its_narrower_concepts(client):
    graph = Graph().parse(data=client.get("/concept/initiative-kinds/place-based-symbiosis.ttl").content, format="turtle")
    narrower = {str(o) for o in graph.objects(None, URIRef("http://www.w3.org/2004/02/skos/core#narrower"))}
    assert "https://w3id.org/symbios/concept/initiative-kinds/eco-industrial-park" in narrower


def test_the_ontology_dereferences(client):
    graph = Graph().parse(data=client.get("/def.ttl").content, format="turtle")
    assert (URIRef("https://w3id.org/symbios/def#Initiative"), None, None) in graph


def test_trig_dump_keeps_the_named_graphs(client):
    from rdflib import Dataset

    dataset = Dataset()
    dataset.parse(data=client.get("/export/catalogue.trig").content, format="trig")
    assert "https://w3id.org/symbios/id/initiative/test-park" in {str(g.identifier) for g in dataset.graphs()}


def test_dump_of_an_unknown_format_is_404(client):
    assert client.get("/export/catalogue.xlsx").status_code == 404


def test_dumps_carry_an_etag_and_answer_304_when_unchanged(client):
    first = client.get("/export/catalogue.nq")
    assert first.status_code == 200 and first.headers["etag"]
    again = client.get("/export/catalogue.nq", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304


def test_the_streamed_n_quads_dump_holds_every_quad_of_the_store(client, loaded_store):
    from rdflib import Dataset

    dataset = Dataset()
    dataset.parse(data=client.get("/export/catalogue.nq").content, format="nquads")
    assert sum(len(graph) for graph in dataset.graphs()) == len(loaded_store)


@pytest.mark.parametrize("path", ["/id/initiative/test-park.ttl", "/id/initiative/test-park", "/concept/resource-types",
                                  "/def.ttl", "/catalog", "/.well-known/void", "/export/catalogue.nq", "/feed", "/sparql"])
def test_head_gives_the_headers_of_get_without_the_body(client, path):
    got = client.get(path)
    head = client.head(path)
    assert head.status_code == got.status_code == 200
    assert head.content == b""
    for name in ("content-type", "etag", "last-modified", "content-length"):
        assert head.headers.get(name) == got.headers.get(name), name


def test_head_of_a_missing_record_is_404(client):
    assert client.head("/id/initiative/no-such-park.ttl").status_code == 404


def test_an_initiative_page_says_when_the_sources_name_no_actors_or_exchanges(real_client):
    client = real_client
    kalundborg = client.get("/id/initiative/kalundborg-symbios?lang=en", headers={"accept": "text/html"}).text
    assert "The sources name no actors." in kalundborg and "no individual resource exchanges" in kalundborg
    assert '<table class="exchanges">' not in kalundborg
    backa = client.get("/id/initiative/vaxthus-i-backa?lang=sv", headers={"accept": "text/html"}).text
    assert "Källorna namnger inga aktörer." in backa and '<table class="exchanges">' in backa
    park = client.get("/id/initiative/statkraft-syrgas-gryaab", headers={"accept": "text/html"}).text
    assert "inga aktörer" not in park and "Statkraft" in park
