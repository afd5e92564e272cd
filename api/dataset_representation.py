"""Represent a dataset (a default graph and named graphs) in the format a client asked for.

TriG, N-Quads and JSON-LD keep the named graphs; Turtle, N-Triples and RDF/XML, which have none,
get the union of all graphs. Negotiation, the ETag (304 on If-None-Match), Vary and the alternates
in Link work as for single graphs (:mod:`api.representation`); the change feed uses it, whose
members are named graphs (see :mod:`catalogue.feed`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from fastapi import Request
from fastapi.responses import Response
from rdflib import Dataset, Graph

from catalogue.errors import NotAcceptable
from catalogue.jsonld import compacted, context_url
from catalogue.rdf_input import CONTEXT_IRI

from .deps import public_base
from .negotiation import best_match
from .responses import JSONResponse

#: suffix -> (media type, rdflib format, keeps named graphs), in the order of preference when a client
#: likes several equally: Turtle for ``*/*`` (people, curl), the quad formats for who names them (LDES clients).
DATASET_FORMATS = {
    "ttl": ("text/turtle", "turtle", False),
    "trig": ("application/trig", "trig", True),
    "nq": ("application/n-quads", "nquads", True),
    "jsonld": ("application/ld+json", "json-ld", True),
    "nt": ("application/n-triples", "nt", False),
    "rdf": ("application/rdf+xml", "xml", False),
}
JSON = ("application/json", None, False)
#: The suffixes of the dataset formats, for a route's path parameter.
DATASET_SUFFIXES = tuple(DATASET_FORMATS)


def union(dataset: Dataset) -> Graph:
    """Every triple of every graph of ``dataset`` in one graph, with its prefixes."""
    graph = Graph()
    for prefix, namespace in dataset.namespaces():
        graph.bind(prefix, namespace)
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def serialize(dataset: Dataset, suffix: str, context: str = CONTEXT_IRI) -> bytes:
    """``dataset`` in the format of ``suffix`` (a key of :data:`DATASET_FORMATS`); JSON-LD names the
    published ``context`` by its address (catalogue.jsonld, #22 item 6)."""
    _, rdflib_format, quads = DATASET_FORMATS[suffix]
    if not quads:
        return union(dataset).serialize(format=rdflib_format, encoding="utf-8")
    if suffix == "jsonld":
        return compacted(dataset, context)
    return dataset.serialize(format=rdflib_format, encoding="utf-8")


def represent_dataset(request: Request, dataset: Callable[[], Dataset], path: str, suffix: str | None,
                      json: Callable[[], dict]) -> Response:
    """Answer with ``dataset()`` in the chosen format (``suffix`` overrides Accept), or ``json()`` for JSON."""
    formats = {**DATASET_FORMATS, "json": JSON}
    if suffix is not None:
        if suffix not in formats:
            raise NotAcceptable(f"No '.{suffix}' representation here. Available: {', '.join('.' + s for s in formats)}.",
                                accepted=list(formats))
        chosen = suffix
    else:
        by_type = {media: s for s, (media, _, _) in formats.items()}
        media = best_match(request.headers.get("accept"), list(by_type))
        if media is None:
            raise NotAcceptable(f"None of the formats in Accept is available. Ask for one of: {', '.join(by_type)}.",
                                accepted=list(by_type))
        chosen = by_type[media]
    if chosen == "json":
        response: Response = JSONResponse(json())
        body = response.body
    else:
        body = serialize(dataset(), chosen, context_url(public_base(request)))
        response = Response(body, media_type=formats[chosen][0])
    tag = f'"{hashlib.sha256(body).hexdigest()[:32]}-{chosen}"'
    query = f"?{request.url.query}" if request.url.query else ""
    headers = {
        "Vary": "Accept",
        "ETag": tag,
        "Link": ", ".join(f'<{path}.{s}{query}>; rel="alternate"; type="{media}"' for s, (media, _, _) in formats.items()),
    }
    if tag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=headers)
    response.headers.update(headers)
    return response
