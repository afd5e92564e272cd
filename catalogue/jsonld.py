"""JSON-LD as Symbios serves it: compacted with the published context and referring to it (#22 item 6).

Every JSON-LD representation (records, concepts, the ontology, the catalogue description, the
change feed) is compacted with exactly the context that ``/context.jsonld`` serves
(:func:`published_context`: the catalogue's prefixes and those of the vocabularies its descriptions
and its feed use) and names it by its absolute address on the deployment's
public base, instead of inlining a dump of prefixes. So every compact IRI and term a document
uses is defined by the published context (what no prefix there covers stays a full IRI), and a
client that fetches the context expands the document to the same graph as its Turtle.
"""

from __future__ import annotations

import json

from rdflib import Dataset, Graph

from .namespaces import PREFIXES

#: Prefixes of the vocabularies the catalogue's own descriptions (/catalog, /.well-known/void) and
#: the change feed (/feed) use, besides the catalogue's (catalogue.namespaces.PREFIXES).
DESCRIPTION_PREFIXES = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "void": "http://rdfs.org/ns/void#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "tree": "https://w3id.org/tree#",
    "ldes": "https://w3id.org/ldes#",
}


def published_context() -> dict:
    """The project's JSON-LD context document, as /context.jsonld serves it."""
    return {"@context": {**PREFIXES, **{k: v for k, v in DESCRIPTION_PREFIXES.items() if k not in PREFIXES}}}


def context_url(public_base: str) -> str:
    """The address of the published context under ``public_base`` (no trailing slash)."""
    return f"{public_base.rstrip('/')}/context.jsonld"


def compacted(data: Graph | Dataset, url: str) -> bytes:
    """``data`` as JSON-LD compacted with the published context, which ``@context`` names by ``url``
    (named graphs of a Dataset are kept, as ``@graph`` nodes with their ``@id``)."""
    published = published_context()["@context"]
    document = json.loads(data.serialize(format="json-ld", context=published, auto_compact=True))
    if isinstance(document, list):  # rdflib leaves out @context when nothing was compacted
        document = {"@graph": document}
    document.pop("@context", None)
    if isinstance(document.get("@graph"), list):
        document["@graph"] = _default_graph_lifted(document["@graph"])
    return json.dumps({"@context": url, **document}, ensure_ascii=False, indent=2).encode("utf-8")


def _default_graph_lifted(items: list) -> list:
    """rdflib writes a Dataset's default graph as ``{"@graph": [...]}`` inside the top-level
    ``@graph``: to a JSON-LD processor that is a graph named by a new blank node, so the default
    graph's triples (a feed's tree:member links) would land in an anonymous named graph. Its
    nodes go to the top level instead, where JSON-LD puts the default graph."""
    lifted: list = []
    for item in items:
        if isinstance(item, dict) and set(item) == {"@graph"}:
            nodes = item["@graph"]
            lifted.extend(nodes if isinstance(nodes, list) else [nodes])
        else:
            lifted.append(item)
    return lifted
