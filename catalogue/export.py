"""Dumps of the whole catalogue."""

from __future__ import annotations

from rdflib import Graph

from .namespaces import PREFIXES
from .store import Store

#: Export formats: short name -> (rdflib format, media type, keeps named graphs).
FORMATS = {
    "ttl": ("turtle", "text/turtle", False),
    "nt": ("nt", "application/n-triples", False),
    "jsonld": ("json-ld", "application/ld+json", False),
    "trig": ("trig", "application/trig", True),
    "nq": ("nquads", "application/n-quads", True),
}


def export_dump(store: Store, fmt: str) -> bytes:
    rdflib_format, _, keeps_graphs = FORMATS[fmt]
    dataset = store.dataset()
    if keeps_graphs:
        for prefix, iri in PREFIXES.items():
            dataset.bind(prefix, iri)
        return dataset.serialize(format=rdflib_format, encoding="utf-8")
    union = Graph()
    for prefix, iri in PREFIXES.items():
        union.bind(prefix, iri)
    for context in dataset.contexts():
        for triple in context:
            union.add(triple)
    return union.serialize(format=rdflib_format, encoding="utf-8")
