"""Terms at the store's boundary: pyoxigraph's terms to rdflib's and back, rows of solutions, the
graph of a record, and the digest of a graph's triples (the same on every backend).

Oxigraph hands back plain literals typed as ``xsd:string``, which rdflib does not equate with
untyped literals (pySHACL then reports false ``sh:in``/``sh:hasValue`` violations), so such
literals become plain rdflib literals here."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from ..record_graph import RecordGraph

XSD_STRING = str(XSD.string)


def to_rdflib(term: object) -> Node:
    """Convert a pyoxigraph term to rdflib, normalising xsd:string literals to plain ones."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"Unsupported term {term!r}")


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Convert an rdflib term to pyoxigraph."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"Unsupported term {term!r}")


def rdflib_rows(variables: list[str], solutions: Iterable) -> list[dict[str, Node]]:
    """Solutions (pyoxigraph terms in the order of ``variables``, None when unbound) as rows of
    rdflib terms, each distinct term converted once: whole-catalogue queries repeat a few thousand
    terms over hundreds of thousands of rows (the facet index at 10k initiatives: 267 120 rows,
    15 060 terms), and converting every occurrence took 3 of the query's 8 seconds."""
    converted: dict = {}
    rows = []
    for solution in solutions:
        row = {}
        for name, value in zip(variables, solution):
            if value is not None:
                term = converted.get(value)
                if term is None:
                    term = converted[value] = to_rdflib(value)
                row[name] = term
        rows.append(row)
    return rows


def graph_of(triples: list, light: bool) -> Graph:
    converted: dict = {}  # a record names the same few subjects and predicates again and again

    def term(node):
        try:
            return converted[node]
        except KeyError:
            converted[node] = value = to_rdflib(node)
            return value

    if light:
        return RecordGraph((term(t.subject), term(t.predicate), term(t.object)) for t in triples)
    graph = Graph()
    graph.addN((term(t.subject), term(t.predicate), term(t.object), graph) for t in triples)
    return graph


def digest(triples: list) -> str | None:
    if not triples:
        return None
    lines = sorted(str(triple) + " ." for triple in triples)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:32]
