"""A client's RDF parsed by Oxigraph's parsers, one statement at a time, so that the caller's
limits are checked while the statements come (catalogue/rdf_input.py sets them). Oxigraph's
JSON-LD parser has no document loader: it cannot fetch a context."""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox
from rdflib import Graph

from ..errors import InvalidData
from .terms import to_rdflib

#: rdflib format name -> Oxigraph parser
FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "json-ld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}


def parse_graph(text: str, fmt: str, base: str, check: Callable[[int], None], every: int = 256) -> Graph:
    """The graph of ``text`` in ``fmt``; ``check(n)`` is called with the number of statements read
    so far every ``every`` statements and at the end (it raises to stop the parse), and again while
    the statements become rdflib terms, which happens only once the whole body is read."""
    quads = []
    try:
        for quad in ox.parse(text, FORMATS[fmt], base_iri=base):
            if not isinstance(quad.graph_name, ox.DefaultGraph):
                raise InvalidData(
                    f"The body puts statements in the named graph <{quad.graph_name.value}>: a record is one graph. "
                    "Send its statements in the default graph (JSON-LD: no \"@id\" next to \"@graph\")."
                )
            quads.append(quad)
            if len(quads) % every == 0:
                check(len(quads))
    except SyntaxError as error:
        raise InvalidData(f"The body is not valid {fmt}: {error}") from error
    check(len(quads))
    graph = Graph()
    try:
        for number, quad in enumerate(quads, start=1):
            graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
            if number % every == 0:
                check(len(quads))
    except TypeError as error:  # a quoted triple (RDF-star) as a term
        raise InvalidData("The body uses RDF-star (a statement as a term); records are plain RDF.") from error
    return graph
