"""Answers of the engine to SPARQL Protocol queries: the query's solutions or triples kept up to
the row cap, written in the format asked for by the engine's own writers.

Light on purpose (pyoxigraph and the results writers): the public query workers
(:mod:`catalogue.store.sandbox`) import it in a fresh process for every worker they start.
"""

from __future__ import annotations

import time
from typing import NamedTuple

import pyoxigraph as ox

from ..errors import QueryTimeout
from .results import BOOLEAN_FORMATS, write_boolean, write_solutions

#: Result formats the protocol endpoint can ask for, by short name (ASK: only BOOLEAN_FORMATS).
SELECT_FORMATS = ("json", "xml", "csv", "tsv")
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


def query_form(result: object) -> str:
    """"ask", "select" or "graph" for what pyoxigraph's query returned."""
    if isinstance(result, ox.QueryBoolean):
        return "ask"
    return "select" if isinstance(result, ox.QuerySolutions) else "graph"


def answer(result: object, select_format: str, graph_format: str, row_cap: int | None = None,
           deadline: float | None = None, ask_format: str = "json") -> Answer:
    """Write what ``Store.query`` returned (or a remote store's solutions or bool), stopping at
    ``row_cap`` rows or triples and raising QueryTimeout past ``deadline`` (a time.monotonic() value).
    ``ask_format`` is one of BOOLEAN_FORMATS: the CSV and TSV results formats are for SELECT only."""
    if isinstance(result, (bool, ox.QueryBoolean)):
        return Answer("ask", write_boolean(result, ask_format if ask_format in BOOLEAN_FORMATS else "json"))
    if isinstance(result, ox.QuerySolutions):
        body, truncated = write_solutions(result, select_format, row_cap, deadline)
        return Answer("select", body, truncated)
    cap = row_cap if row_cap is not None else float("inf")
    items, truncated = [], False
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
