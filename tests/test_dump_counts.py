"""The dumps hold what /sparql counts (#22 item 6): the union dumps (Turtle, N-Triples) each triple
once, however many graphs hold it; TriG and N-Quads every quad, with its graph."""

from __future__ import annotations

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

SYM = "https://w3id.org/symbios/def#"
G1 = "https://w3id.org/symbios/id/initiative/a"
G2 = "https://w3id.org/symbios/id/initiative/b"
SHARED = (URIRef(f"{SYM}Initiative"), RDFS.label, Literal("Initiative", lang="en"))  # in both graphs
#: The catalogue's graphs are all under the project's namespace (a Virtuoso also holds system graphs of its own).
OURS = 'FILTER(STRSTARTS(STR(?g), "https://w3id.org/symbios/"))'
DISTINCT_TRIPLES = f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {OURS} }} }}"
QUADS = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {OURS} }}"


def _graph(slug: str) -> Graph:
    graph = Graph()
    graph.add((URIRef(f"https://w3id.org/symbios/id/initiative/{slug}"), RDF.type, URIRef(f"{SYM}Initiative")))
    graph.add((URIRef(f"https://w3id.org/symbios/id/initiative/{slug}"), SKOS.prefLabel, Literal(slug, lang="sv")))
    graph.add(SHARED)
    return graph


def _count(client, query: str) -> int:
    response = client.get("/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def _dump(store, fmt: str) -> bytes:
    return b"".join(store.serialize_graphs(fmt, {"sym": SYM}))


@pytest.mark.parametrize("fmt,rdflib_format", [("nt", "nt"), ("ttl", "turtle")])
def test_issue_22_a_triple_in_two_graphs_is_once_in_a_union_dump(empty_store, fmt, rdflib_format):
    empty_store.replace_graphs({G1: _graph("a"), G2: _graph("b")})
    body = _dump(empty_store, fmt)
    assert len(Graph().parse(data=body, format=rdflib_format)) == 5
    if fmt == "nt":
        assert len([line for line in body.splitlines() if line.strip()]) == 5


@pytest.mark.parametrize("fmt,rdflib_format", [("nq", "nquads"), ("trig", "trig")])
def test_a_triple_in_two_graphs_stays_in_both_in_the_quad_dumps(empty_store, fmt, rdflib_format):
    empty_store.replace_graphs({G1: _graph("a"), G2: _graph("b")})
    dataset = Dataset()
    dataset.parse(data=_dump(empty_store, fmt), format=rdflib_format)
    assert SHARED in dataset.graph(URIRef(G1)) and SHARED in dataset.graph(URIRef(G2))
    assert len(list(dataset.quads((None, None, None, None)))) == 6


def test_the_union_dump_still_streams_one_piece_per_graph(empty_store):
    empty_store.replace_graphs({G1: _graph("a"), G2: _graph("b")})
    pieces = list(empty_store.serialize_graphs("ttl", {"sym": SYM}))
    assert len(pieces) == 2 and all(Graph().parse(data=piece, format="turtle") for piece in pieces)


def test_a_graph_whose_every_triple_was_written_already_adds_no_piece(empty_store):
    copy = _graph("a")
    empty_store.replace_graphs({G1: _graph("a"), G2: copy})
    assert len(list(empty_store.serialize_graphs("nt"))) == 1


@pytest.mark.parametrize("suffix,rdflib_format", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_issue_22_the_union_dumps_hold_as_many_triples_as_sparql_counts_distinct(client, suffix, rdflib_format):
    served = Graph().parse(data=client.get(f"/export/catalogue.{suffix}").content, format=rdflib_format)
    assert len(served) > 1000 and len(served) == _count(client, DISTINCT_TRIPLES)
    if suffix == "nt":
        lines = [line for line in client.get("/export/catalogue.nt").text.splitlines() if line.strip()]
        assert len(lines) == len(served)  # no line twice


def test_the_fixture_catalogue_has_a_triple_in_several_graphs(client):
    """So the test above can fail: the union is smaller than the quads."""
    assert _count(client, DISTINCT_TRIPLES) < _count(client, QUADS)


@pytest.mark.parametrize("suffix,rdflib_format", [("trig", "trig"), ("nq", "nquads")])
def test_the_quad_dumps_hold_as_many_quads_as_sparql_counts(client, suffix, rdflib_format):
    dataset = Dataset()
    dataset.parse(data=client.get(f"/export/catalogue.{suffix}").content, format=rdflib_format)
    assert len(list(dataset.quads((None, None, None, None)))) == _count(client, QUADS)


def test_the_curated_catalogues_turtle_dump_holds_each_triple_once(real_client):
    served = Graph().parse(data=real_client.get("/export/catalogue.ttl").content, format="turtle")
    lines = [line for line in real_client.get("/export/catalogue.nt").text.splitlines() if line.strip()]
    assert len(served) == len(lines) == _count(real_client, DISTINCT_TRIPLES)
