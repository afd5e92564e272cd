"""The store: named graphs, atomic replacement, bound values, term normalisation."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, XSD

from catalogue.errors import BadQuery, ForbiddenOperation
from catalogue.store import Store, to_oxigraph, to_rdflib

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


def test_select_rows_hold_each_bound_variable_by_name_and_leave_unbound_ones_out(empty_store):
    empty_store.replace_graphs({G1: graph_with("one"), G2: graph_with("two")})
    rows = empty_store.select(
        "SELECT ?missing ?label ?s WHERE { GRAPH ?g { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } "
        "OPTIONAL { ?s <http://example.org/none> ?missing } } ORDER BY ?label"
    ).rows
    assert rows == [{"label": Literal("one"), "s": S}, {"label": Literal("two"), "s": S}]


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


def test_the_on_disk_store_keeps_its_graphs_after_reopening(tmp_path):
    store = Store.open(tmp_path / "store")
    store.replace_graphs({G1: graph_with("one")})
    store.close()
    reopened = Store.open(tmp_path / "store")
    assert reopened.graph_names() == [G1]


def test_only_the_store_modules_know_the_backend():
    """The store package (catalogue/store/) holds the only modules that import pyoxigraph; everything
    else works with rdflib terms and graphs."""
    import re

    from catalogue.settings import PROJECT_ROOT

    importers = {
        str(path.relative_to(PROJECT_ROOT))
        for folder in ("catalogue", "api")
        for path in (PROJECT_ROOT / folder).rglob("*.py")
        if re.search(r"^\s*(import pyoxigraph|from pyoxigraph)", path.read_text(encoding="utf-8"), re.MULTILINE)
    }
    assert importers and all(name.startswith("catalogue/store/") for name in importers), sorted(importers)


def test_select_results_are_written_in_every_format_from_backend_neutral_terms(empty_store):
    import csv
    import io
    import json

    graph = Graph()
    graph.add((S, RDFS.label, Literal('a "quoted"\tname', lang="sv")))
    graph.add((S, RDFS.comment, Literal("plain")))
    graph.add((S, RDFS.seeAlso, Literal(5)))
    empty_store.replace_graphs({G1: graph})
    text = f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ <{S}> }} ?s ?p ?o }} ORDER BY ?p"  # a server has graphs of its own
    body = empty_store.protocol_query(text, "json", "turtle").body
    rows = json.loads(body)["results"]["bindings"]
    assert [row["o"] for row in rows] == [
        {"type": "literal", "value": "plain"},
        {"type": "literal", "value": 'a "quoted"\tname', "xml:lang": "sv"},
        {"type": "literal", "value": "5", "datatype": str(XSD.integer)},
    ]
    assert rows[0]["s"] == {"type": "uri", "value": str(S)}
    body = empty_store.protocol_query(text, "tsv", "turtle").body
    assert body.decode().splitlines()[1:] == [
        f"<{S}>\t<{RDFS.comment}>\t\"plain\"",
        f"<{S}>\t<{RDFS.label}>\t\"a \\\"quoted\\\"\\tname\"@sv",
        f"<{S}>\t<{RDFS.seeAlso}>\t5",  # the Turtle short form the TSV format allows for numbers
    ]
    body = empty_store.protocol_query(text, "csv", "turtle").body
    assert list(csv.reader(io.StringIO(body.decode())))[1:] == [
        [str(S), str(RDFS.comment), "plain"], [str(S), str(RDFS.label), 'a "quoted"\tname'], [str(S), str(RDFS.seeAlso), "5"],
    ]
    body = empty_store.protocol_query(text, "xml", "turtle").body
    assert '<literal xml:lang="sv">a &quot;quoted&quot;\tname</literal>' in body.decode()  # the engine escapes quotes
    assert f'<literal datatype="{XSD.integer}">5</literal>' in body.decode()


def test_a_dump_replaces_the_dropped_graphs_with_its_named_graphs(empty_store):
    empty_store.replace_graphs({G1: graph_with("old"), G2: graph_with("kept")})
    dump = (f"<{S}> <{RDFS.label}> \"in the default graph\" .\n"
            f"GRAPH <{G1}> {{ <{S}> <{RDFS.label}> \"new\" . }}\n").encode()
    empty_store.replace_with_dump(dump, "trig", drop=[G1])
    assert set(empty_store.graph(G1).objects()) == {Literal("new")}
    assert set(empty_store.graph(G2).objects()) == {Literal("kept")}
    assert not empty_store.ask('ASK { ?s ?p "in the default graph" }')


def test_a_dump_that_does_not_parse_leaves_the_store_as_it_was(empty_store):
    empty_store.replace_graphs({G1: graph_with("one")})
    with pytest.raises(SyntaxError):
        empty_store.replace_with_dump(b"GRAPH <broken", "trig", drop=[G1])
    assert set(empty_store.graph(G1).objects()) == {Literal("one")}
