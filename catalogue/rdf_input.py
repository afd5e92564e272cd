"""RDF bodies from clients: parsed under limits, and never a reason to reach another host.

A write's body is parsed by Oxigraph's parsers (catalogue/store/parsing.py), which hand over one
statement at a time: the count and the time are checked as they come, so a body beyond the write's
:class:`Budget` stops where it is (rdflib's parsers build everything first: an 892 kB Turtle
list took 94 s and 3 GB). Refused before any parsing:

- RDF/XML with a DOCTYPE: entity declarations ("billion laughs") have no place in a record;
- JSON-LD whose ``@context`` (anywhere in the body, ``@import`` and scoped contexts included)
  is neither inline nor the project's own context: that one is known here
  (:data:`CONTEXT_IRI`, served at ``/context.jsonld``), and no other is ever fetched.

And after parsing, statements in a named graph (JSON-LD ``@graph`` with an ``@id``): a record
is one graph, so they are refused instead of being dropped.
"""

from __future__ import annotations

import json
import re
import time
from urllib.parse import urljoin

from rdflib import Graph

from .errors import InvalidData, PayloadTooLarge, WriteTimeout
from .jsonld import published_context
from .store.parsing import parse_graph

#: The published IRI of the project's JSON-LD context (what /context.jsonld serves).
CONTEXT_IRI = "https://w3id.org/symbios/context.jsonld"
DOCTYPE = re.compile(r"<!(?!--|\[CDATA\[)")  # any markup declaration: DOCTYPE, ENTITY, ELEMENT …


def context() -> dict:
    """The project's JSON-LD context, as /context.jsonld serves it (catalogue.jsonld, #22 item 6)."""
    return published_context()


class Budget:
    """The limits of one write: statements per body, and time for its parsing and validation
    together, counted from when the budget is made (when the write's work starts)."""

    def __init__(self, max_triples: int = 10_000, seconds: float = 10.0, contexts: tuple[str, ...] = (CONTEXT_IRI,)):
        self.max_triples, self.seconds, self.contexts = max_triples, seconds, contexts
        self.deadline = time.monotonic() + seconds
        self.counted = 0  # statements of the bodies parsed before (the parts of one write)

    @classmethod
    def from_settings(cls, settings) -> "Budget":
        contexts = (CONTEXT_IRI,)
        if settings.base_iri:
            contexts += (urljoin(settings.base_iri.rstrip("/") + "/", "context.jsonld"),)
        return cls(settings.max_body_triples, settings.write_timeout, contexts)

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise WriteTimeout(
                f"Parsing and validating the body took longer than SYMBIOS_WRITE_TIMEOUT ({self.seconds:g} s) "
                "and was stopped; nothing was stored. Send a smaller record.",
                limit=self.seconds,
            )

    def check(self, triples: int) -> None:
        """Stop a parse that has read ``triples`` statements so far, or ran out of time."""
        self.check_time()
        if self.counted + triples > self.max_triples:
            raise PayloadTooLarge(
                f"The body holds more than SYMBIOS_MAX_BODY_TRIPLES ({self.max_triples}) statements; nothing was "
                "stored. A record is far smaller: send one record at a time.",
                limit=self.max_triples,
            )


def parse_body(text: str, fmt: str, base: str, budget: Budget | None = None) -> Graph:
    """The graph of a client's ``text`` in ``fmt`` (an rdflib format name: turtle, nt, json-ld, xml),
    relative IRIs resolved against ``base``, within ``budget``."""
    budget = budget or Budget()
    if fmt == "xml" and DOCTYPE.search(text):
        raise InvalidData("The RDF/XML body has a DOCTYPE or ENTITY declaration; they are refused (entity "
                          "expansion). Send the record without <!DOCTYPE …> and write IRIs out in full.")
    if fmt == "json-ld":
        text = inline_contexts(text, base, budget.contexts)
    graph = parse_graph(text, fmt, base, budget.check)
    budget.counted += len(graph)
    return graph


def inline_contexts(text: str, base: str, known: tuple[str, ...]) -> str:
    """The JSON-LD ``text`` with every reference to the project's context replaced by the context
    itself; any other referenced context is refused, naming it (it is never fetched)."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise InvalidData(f"The body is not valid JSON-LD: {error}.") from error
    pending = [document]
    while pending:
        node = pending.pop()
        if isinstance(node, list):
            pending.extend(node)
        elif isinstance(node, dict):
            if "@context" in node:
                node["@context"] = _context(node["@context"], base, known)
            if isinstance(node.get("@import"), str):
                imported = _context(node.pop("@import"), base, known)
                node.update({k: v for k, v in imported.items() if k not in node})
            pending.extend(node.values())
    return json.dumps(document)


def _context(value, base: str, known: tuple[str, ...]):
    if isinstance(value, list):
        return [_context(item, base, known) for item in value]
    if isinstance(value, str):
        iri = urljoin(base, value)
        if iri not in known:
            raise InvalidData(
                f"The body's @context names <{value}>: the server never fetches a context. Put the context in "
                f"the body, or use this catalogue's own, <{CONTEXT_IRI}>."
            )
        return context()["@context"]
    return value  # inline (an object) or null; the objects inside are walked too
