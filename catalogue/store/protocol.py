"""Answers of the embedded engine to SPARQL Protocol queries: the query run on a pyoxigraph store,
its solutions or triples kept up to the row cap, serialised in the format asked for.

Light on purpose (pyoxigraph and the results writers): the public query workers
(:mod:`catalogue.store.sandbox`) import it in a fresh process for every worker they start.
"""

from __future__ import annotations

import time
from typing import NamedTuple

import pyoxigraph as ox

from ..errors import QueryTimeout
from .results import WRITERS, Term

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

#: Result formats the protocol endpoint can ask for, by short name.
SELECT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
}


class Answer(NamedTuple):
    """A protocol query's answer: ``kind`` "select", "ask" or "graph", the serialised ``body``, and
    whether the rows or triples were cut at the row cap (``truncated``)."""

    kind: str
    body: bytes
    truncated: bool = False


def to_result_term(term: object) -> Term | None:
    """Convert a pyoxigraph term (or None, an unbound variable) for the results writers."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Term("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return Term("bnode", term.value)
    if term.language:
        return Term("literal", term.value, language=term.language)
    datatype = term.datatype.value
    return Term("literal", term.value, datatype=None if datatype == XSD_STRING else datatype)


def ask_body(value: bool, select_format: str) -> bytes:
    """An ASK answer in one of the results formats."""
    boolean = ox.parse_query_results(b'{"head":{},"boolean":%s}' % (b"true" if value else b"false"),
                                     format=ox.QueryResultsFormat.JSON)
    return boolean.serialize(format=SELECT_FORMATS[select_format])


def query_form(result: object) -> str:
    """"ask", "select" or "graph" for what pyoxigraph's query returned."""
    if isinstance(result, ox.QueryBoolean):
        return "ask"
    return "select" if isinstance(result, ox.QuerySolutions) else "graph"


def answer(result: object, select_format: str, graph_format: str, row_cap: int | None = None,
           deadline: float | None = None) -> Answer:
    """Serialise what ``Store.query`` returned, stopping at ``row_cap`` rows or triples and raising
    QueryTimeout past ``deadline`` (a time.monotonic() value) between rows."""
    cap = row_cap if row_cap is not None else float("inf")
    kind = query_form(result)
    if kind == "ask":
        return Answer("ask", result.serialize(format=SELECT_FORMATS[select_format]))
    items, truncated = [], False
    if kind == "select":
        variables = [v.value for v in result.variables]
        for solution in result:
            if len(items) >= cap:
                truncated = True
                break
            _check(deadline)
            items.append([to_result_term(solution[v]) for v in variables])
        return Answer("select", WRITERS[select_format](variables, items, truncated), truncated)
    for triple in result:
        if len(items) >= cap:
            truncated = True
            break
        _check(deadline)
        items.append(triple)
    return Answer("graph", ox.serialize(items, format=GRAPH_FORMATS[graph_format]) or b"", truncated)


def _check(deadline: float | None) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise QueryTimeout("The query ran past the time limit and was stopped.")
