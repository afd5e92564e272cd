"""SPARQL 1.1 Graph Store HTTP Protocol at /graph-store (indirect ?graph= / ?default, and direct paths).

Reads are public; writes need a curator token (a reviewer's writes are published at once, a
curator's stay drafts). What a graph may hold is the policy's business (app.state.graph_store,
see catalogue/graph_store.py): in the catalogue every graph is a validated, versioned record.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from rdflib import Graph

from catalogue.errors import BadRequest, InvalidData, NotAcceptable, NotFound, UnsupportedMediaType
from catalogue.iris import checked_iri
from catalogue.rdf_input import Budget, parse_body

from ..auth import require
from ..deps import public_base
from ..negotiation import best_match
from ..withdrawn import refuse_withdrawn_record
from .curation import read_body, run_write

router = APIRouter(tags=["Graph Store Protocol"])
PATH = "/graph-store"
READ_FORMATS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}
WRITE_FORMATS = {**READ_FORMATS, "application/x-turtle": "turtle", "text/plain": "nt"}


def _graph_name(request: Request, path: str | None) -> tuple[bool, str | None]:
    """(is_endpoint_itself, graph IRI or None for the default graph)."""
    if path:
        return False, checked_iri(str(request.url).split("?", 1)[0], "path")
    params = request.query_params
    if "graph" in params and "default" in params:
        raise BadRequest("Give either ?graph=<IRI> or ?default, not both.", parameter="graph")
    if "graph" in params:
        return False, checked_iri(params["graph"], "graph")
    if "default" in params:
        return False, None
    return True, None


def _parse(body: bytes, content_type: str | None, base: str, budget: Budget) -> Graph:
    media_type = (content_type or "").split(";")[0].strip().lower()
    if media_type not in WRITE_FORMATS:
        raise UnsupportedMediaType(
            f"Send RDF as one of {', '.join(WRITE_FORMATS)} or multipart/form-data (Content-Type was {media_type or 'missing'}).",
            accepted=list(WRITE_FORMATS),
        )
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidData(f"The body is not UTF-8 text: {error}.") from error
    return parse_body(text, WRITE_FORMATS[media_type], base, budget)


async def _bodies(request: Request) -> list[tuple[bytes, str]]:
    """(bytes, media type) of each RDF part of a write: the body, or each file of a multipart form."""
    await read_body(request)  # enforces the size limit before parsing
    content_type = request.headers.get("content-type", "")
    if content_type.lower().startswith("multipart/form-data"):
        form = await request.form()
        return [(await part.read(), part.content_type or "text/turtle") for _, part in form.multi_items()
                if hasattr(part, "read")]
    return [(await request.body(), content_type)]


def _payload(bodies: list[tuple[bytes, str]], base: str, budget: Budget) -> Graph:
    graph = Graph()
    for body, content_type in bodies:
        graph += _parse(body, content_type, base, budget)
    return graph


def _represent(request: Request, graph: Graph) -> Response:
    chosen = best_match(request.headers.get("accept") or "text/turtle", list(READ_FORMATS))
    if chosen is None:
        raise NotAcceptable(f"Ask for one of: {', '.join(READ_FORMATS)}.", accepted=list(READ_FORMATS))
    body = graph.serialize(format=READ_FORMATS[chosen], encoding="utf-8")  # HEAD: api.head drops it
    return Response(body, media_type=f"{chosen}; charset=utf-8", headers={"Vary": "Accept"})


async def _handle(request: Request, path: str | None) -> Response:
    policy = request.app.state.graph_store
    endpoint, graph_name = _graph_name(request, path)
    method = request.method
    if method == "GET":  # and HEAD, which api.head answers as GET without the body
        if endpoint:
            raise BadRequest("Name a graph: ?graph=<IRI> or ?default.", parameter="graph")
        graph = policy.get(graph_name)
        if graph is None:
            if graph_name:
                refuse_withdrawn_record(request, graph_name)  # a withdrawn record's graph: 410
            raise NotFound(f"No graph <{graph_name}>.")
        return _represent(request, graph)
    account = require("curator")(request)
    if_match = request.headers.get("if-match")
    base = f"{public_base(request)}{PATH}"
    if method == "DELETE":
        if endpoint:
            raise BadRequest("Name the graph to delete: ?graph=<IRI> or ?default.", parameter="graph")
        await run_write(request, lambda budget: policy.delete(graph_name, account, if_match))
        return Response(status_code=204)
    bodies = await _bodies(request)  # parsed, validated and stored in a worker thread (run_write)
    if method == "PUT":
        if endpoint:
            raise BadRequest("Name the graph to replace: ?graph=<IRI> or ?default.", parameter="graph")
        created = await run_write(request, lambda budget: policy.put(
            graph_name, _payload(bodies, graph_name or base, budget), account, if_match, budget))
        return Response(status_code=201 if created else 204)
    if endpoint:  # POST to the endpoint itself: a new graph
        graph_name = await run_write(request, lambda budget: policy.create(
            _payload(bodies, base, budget), account, base, budget))
        return Response(status_code=201, headers={"Location": graph_name})
    created = await run_write(request, lambda budget: policy.post(
        graph_name, _payload(bodies, graph_name or base, budget), account, if_match, budget))
    return Response(status_code=201 if created else 204)


METHODS = ["GET", "HEAD", "PUT", "POST", "DELETE"]


async def graph_store(request: Request):
    """Indirect identification: `?graph=<IRI>` or `?default`; POST to the bare endpoint creates a record."""
    return await _handle(request, None)


async def graph_store_direct(path: str, request: Request):
    """Direct identification: the request URL is the graph's name."""
    return await _handle(request, path)


# One route per method, so that each operation has its own operationId in the OpenAPI schema
# (one route with five methods gives all five the same id, and client generators reject that).
for _method in METHODS:
    router.add_api_route(PATH, graph_store, methods=[_method], name="graph_store",
                         operation_id=f"graph_store_{_method.lower()}")
    router.add_api_route(PATH + "/{path:path}", graph_store_direct, methods=[_method], name="graph_store_direct",
                         operation_id=f"graph_store_direct_{_method.lower()}")
