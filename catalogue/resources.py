"""What an IRI under the deployment's base describes, as a graph."""

from __future__ import annotations

import hashlib

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from .errors import NotFound
from .namespaces import CONCEPT, ID, ONTOLOGY_GRAPH, PREFIXES
from .records import SLUG
from .store import Store

KINDS = ("initiative", "actor", "place", "source")


def with_prefixes(graph: Graph) -> Graph:
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    return graph


def record_name(kind: str, slug: str) -> str:
    """The IRI (graph name) of the record ``kind``/``slug``; NotFound when either cannot name a record
    (a slug is lower-case letters, digits and hyphens, nothing after: no trailing newline)."""
    if kind not in KINDS:
        raise NotFound(f"No record type '{kind}'. Records are /id/{{{','.join(KINDS)}}}/<slug>.")
    if not SLUG.fullmatch(slug):
        raise NotFound(f"'{slug}' is not a record slug (lower-case letters, digits, hyphens).")
    return f"{ID}{kind}/{slug}"


def _missing(kind: str, slug: str) -> NotFound:
    return NotFound(f"No {kind} '{slug}'. See /api/{kind}s or / for what the catalogue holds.")


def read_record(store: Store, kind: str, slug: str, if_missing=None) -> tuple[Graph, str]:
    """The record's graph, read once for a page (read-only; bind prefixes with :func:`with_prefixes`
    before serialising it), and its ETag: a hash of its triples, the same on every backend.
    NotFound if absent, after ``if_missing(iri)`` had its say (it raises Gone for a withdrawn record)."""
    iri = record_name(kind, slug)
    graph, digest = store.read(iri, light=True)
    if digest is None:
        if if_missing is not None:
            if_missing(iri)
        raise _missing(kind, slug)
    return graph, f'"{digest}"'


def concept_graph(store: Store, scheme: str, slug: str | None = None) -> Graph:
    """A whole scheme (slug None) or one concept with the concepts narrower than it."""
    if not SLUG.fullmatch(scheme) or (slug is not None and not SLUG.fullmatch(slug)):
        raise NotFound("Concept IRIs are /concept/<scheme>/<slug> with lower-case slugs.")
    scheme_graph = store.graph(CONCEPT + scheme)
    if not len(scheme_graph):
        raise NotFound(f"No concept scheme '{scheme}'. See /api/concepts for the schemes.")
    if slug is None:
        return with_prefixes(scheme_graph)
    concept = URIRef(f"{CONCEPT}{scheme}/{slug}")
    graph = Graph()
    for triple in scheme_graph.triples((concept, None, None)):
        graph.add(triple)
    if not len(graph):
        raise NotFound(f"No concept '{slug}' in the scheme '{scheme}'.")
    for narrower in scheme_graph.subjects(SKOS.broader, concept):
        graph.add((concept, SKOS.narrower, narrower))
    return with_prefixes(graph)


def ontology_graph(store: Store) -> Graph:
    return with_prefixes(store.graph(ONTOLOGY_GRAPH))


def etag(graph: Graph) -> str:
    """A strong validator: the hash of the sorted N-Triples (blank nodes do not occur in records)."""
    lines = sorted(line for line in graph.serialize(format="nt").splitlines() if line.strip())
    return '"' + hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:32] + '"'
