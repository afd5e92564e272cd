"""The store: named graphs, atomic replacement, bound values, term normalisation."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, XSD

from catalogue.errors import BadQuery, ForbiddenOperation
from catalogue.store import Store, looks_like_update, to_oxigraph, to_rdflib

G1 = "https://w3id.org/symbios/id/initiative/a"
G2 = "https://w3id.org/symbios/id/initiative/b"
S = URIRef("https://w3id.org/symbios/id/initiative/a")


def graph_with(label: str) -> Graph:
    graph = Graph()
    graph.add((S, RDFS.label, Literal(label)))
    return graph


def test_plain_literals_come_back_untyped_like_rdflib_literals():
    assert to_rdflib(to_oxigraph(Literal("x"))) == Literal("x")
    assert to_rdflib(to_oxigraph(Literal("x", datatype=XSD.string))) == Literal("x")


def test_language_and_typed_literals_survive_the_round_trip():
    for literal in (Literal("hej", lang="sv"), Literal(5), Literal("2.5", datatype=XSD.decimal)):
        assert to_rdflib(to_oxigraph(literal)) == literal


def test_replace_graphs_replaces_a_graph_and_keeps_the_others(empty_store):
    empty_store.replace_graphs({G1: graph_with("one"), G2: graph_with("two")})
    empty_store.replace_graphs({G1: graph_with("uno")})
    assert set(empty_store.graph(G1).objects()) == {Literal("uno")}
    assert set(empty_store.graph(G2).objects()) == {Literal("two")}


def test_a_failing_replacement_leaves_the_store_as_it_was(empty_store):
    empty_store.replace_graphs({G1: graph_with("one")})
    with pytest.raises(ValueError):
        empty_store.replace_graphs({G2: graph_with("two"), "not a graph name>": graph_with("x")})
    assert empty_store.graph_names() == [G1]


def test_queries_see_the_union_of_all_graphs(empty_store):
    empty_store.replace_graphs({G1: graph_with("one"), G2: graph_with("two")})
    rows = empty_store.select("SELECT ?o WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?o }").rows
    assert {str(r["o"]) for r in rows} == {"one", "two"}  # (a Virtuoso also has graphs of its own in the union)


def test_bound_values_are_substituted_not_spliced_into_the_text(empty_store):
    empty_store.replace_graphs({G1: graph_with('one" } ; DROP ALL ; #')})
    rows = empty_store.select(
        "SELECT ?s WHERE { ?s ?p ?label }", {"label": Literal('one" } ; DROP ALL ; #')}
    ).rows
    assert [r["s"] for r in rows] == [S]


def test_filters_in_a_query_see_its_bound_values(empty_store):
    empty_store.replace_graphs({G1: graph_with("one")})
    query = "SELECT ?s WHERE { ?s ?p ?o FILTER(STR(?o) = ?wanted) }"
    assert [r["s"] for r in empty_store.select(query, {"wanted": Literal("one")}).rows] == [S]
    assert empty_store.select(query, {"wanted": Literal("two")}).rows == []


def test_braces_in_comments_and_strings_do_not_move_the_bound_values(empty_store):
    empty_store.replace_graphs({G1: graph_with("{one}")})
    query = '# a { comment\nPREFIX x: <http://example.org/x#y>\nSELECT ?s WHERE { ?s ?p "{one}" FILTER(?s = ?wanted) }'
    assert [r["s"] for r in empty_store.select(query, {"wanted": S}).rows] == [S]


def test_a_syntax_error_names_line_and_column(empty_store):
    with pytest.raises(BadQuery) as caught:
        empty_store.select("SELECT ?x WHERE {\n ?x ?y \n")
    assert caught.value.details["line"] is not None
    assert caught.value.details["column"] is not None


def test_updates_are_refused_by_the_query_path(empty_store):
    with pytest.raises(ForbiddenOperation):
        empty_store.select("PREFIX x: <http://x/> INSERT DATA { x:a x:b x:c }")


def test_update_detection_ignores_comments_and_prefixes():
    assert looks_like_update("# c\nPREFIX a: <http://a/>\nDELETE WHERE { ?s ?p ?o }")
    assert not looks_like_update("SELECT * WHERE { ?s <http://x/insert> ?o }")


def test_the_on_disk_store_keeps_its_graphs_after_reopening(tmp_path):
    store = Store.open(tmp_path / "store")
    store.replace_graphs({G1: graph_with("one")})
    store.close()
    reopened = Store.open(tmp_path / "store")
    assert reopened.graph_names() == [G1]
