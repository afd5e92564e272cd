"""Curation API: create, edit, review, publish, withdraw and restore records, with history.

Every write needs a token (``Authorization: Bearer``) and, except a create, the ETag of the
version it edits (``If-Match``). Bodies are Turtle, JSON-LD, N-Triples, or JSON in the shape GET
returns (catalogue/json_record.py: an edit of the current version, texts in ``?lang=``). Drafts and their
history are visible to curators only; the public sees published versions.
"""

from __future__ import annotations

import asyncio
from typing import Callable, TypeVar

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from rdflib import URIRef
from rdflib.namespace import RDF

from catalogue.accounts import Account
from catalogue.curation import Curation, Version, parse_record
from catalogue.errors import BadRequest, InvalidData, PayloadTooLarge
from catalogue.json_record import record_from_json
from catalogue.namespaces import record_iri
from catalogue.provenance import history_graph
from catalogue.rdf_input import Budget
from catalogue.records import RECORD_CLASSES, SLUG
from catalogue.resources import record_name

from ..auth import require
from ..edge import VersionNumber, parse_json, version_query
from ..representation import RDF_FORMATS, documented, represent
from ..responses import JSONResponse

router = APIRouter(prefix="/api", tags=["Curation"])
COLLECTIONS = {"initiatives": "initiative", "actors": "actor"}
#: The body of a create or an edit, for the OpenAPI: one record in RDF, or JSON in the shape GET answers.
RECORD_BODY = {"requestBody": {"required": True, "content": {
    **{media_type: {"schema": {"type": "string"}} for media_type in ("text/turtle", "application/ld+json",
                                                                     "application/n-triples")},
    "application/json": {"schema": {"type": "object"}}}}}
T = TypeVar("T")


async def get_curation(request: Request) -> Curation:
    return request.app.state.curation


async def read_body(request: Request) -> bytes:
    limit = request.app.state.settings.max_body_bytes
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"The body is {declared} bytes; records are limited to {limit} bytes.", limit=limit)
    body = await request.body()
    if len(body) > limit:
        raise PayloadTooLarge(f"The body is {len(body)} bytes; records are limited to {limit} bytes.", limit=limit)
    return body


async def run_write(request: Request, work: Callable[[Budget], T]) -> T:
    """``work`` (a write's parsing, validation and storing) in one of the app's write threads, never
    on the event loop: at most SYMBIOS_WRITE_WORKERS at once (the others wait their turn, leaving
    the threads of the read routes alone), each within the write limits (SYMBIOS_MAX_BODY_TRIPLES,
    SYMBIOS_WRITE_TIMEOUT), counted from when it starts."""
    settings = request.app.state.settings
    return await asyncio.get_running_loop().run_in_executor(
        request.app.state.write_workers, lambda: work(Budget.from_settings(settings)))


def _version_response(version: Version, status: int = 200, location: str | None = None) -> JSONResponse:
    headers = {"ETag": version.etag}
    if location:
        headers["Location"] = location
    return JSONResponse({"ok": True, "record": version.record, **version.summary()}, status_code=status, headers=headers)


def _record(kind: str, slug: str | None, body: bytes, request: Request, curation: Curation, budget: Budget):
    """(slug, graph) of the record a write body describes (``slug`` None: a new record, named by
    the body): RDF as it is, or JSON applied to the current version."""
    if (request.headers.get("content-type") or "").split(";")[0].strip().lower() != "application/json":
        base = record_name(kind, slug) if slug is not None else record_iri(kind, "")  # 404 for what cannot be a slug
        graph = parse_record(body, request.headers.get("content-type"), base, budget)
        return slug or _slug_of_new_record(kind, graph), graph
    data = parse_json(body, f'the record as GET /api/{kind}s/<slug> gives it', invalid=InvalidData)
    lang = request.query_params.get("lang") or request.headers.get("content-language") or "sv"
    if lang not in ("sv", "en"):
        raise BadRequest(f"Texts in a JSON body are Swedish or English: ?lang=sv or ?lang=en, not {lang!r}.",
                         parameter="lang", accepted=["sv", "en"])
    if slug is None:  # a new record: the body names it
        slug = str(data.get("slug") or str(data.get("iri") or "").rsplit("/", 1)[-1]) if isinstance(data, dict) else ""
        if not SLUG.fullmatch(slug):
            raise InvalidData(f"A new {kind} in JSON needs a \"slug\" (lower-case letters, digits and hyphens).", path="slug")
        return slug, record_from_json(data, kind, slug, None, lang)
    return slug, record_from_json(data, kind, slug, curation.current(kind, slug).graph(), lang)


def _slug_of_new_record(kind: str, graph) -> str:
    prefix = record_iri(kind, "")
    subjects = {
        str(s) for cls in RECORD_CLASSES[kind] for s in graph.subjects(RDF.type, cls)
        if isinstance(s, URIRef) and str(s).startswith(prefix)
    }
    slugs = sorted(s[len(prefix):] for s in subjects if SLUG.fullmatch(s[len(prefix):]))
    if len(slugs) != 1:
        raise InvalidData(
            f"The body must describe exactly one {kind} with an IRI like <{prefix}my-slug> "
            f"(found {len(slugs)}).",
        )
    return slugs[0]


def _routes(collection: str, kind: str) -> None:
    base = f"/{collection}"

    @router.post(base, status_code=201, name=f"create_{kind}", summary=f"Create a {kind} (as a draft)",
                 openapi_extra=RECORD_BODY)
    async def create(request: Request, message: str = "", account: Account = Depends(require("curator")),
                     curation: Curation = Depends(get_curation)):
        body = await read_body(request)

        def write(budget: Budget):
            slug, graph = _record(kind, None, body, request, curation, budget)
            return slug, curation.save(kind, slug, graph, account.name, message or f"Created {kind}", None,
                                       create=True, budget=budget)
        slug, version = await run_write(request, write)
        return _version_response(version, 201, location=f"/api/{collection}/{slug}/draft")

    @router.put(base + "/{slug}", name=f"update_{kind}", summary=f"Save a new draft of a {kind} (If-Match required)",
                openapi_extra=RECORD_BODY)
    async def update(slug: str, request: Request, message: str = "", account: Account = Depends(require("curator")),
                     curation: Curation = Depends(get_curation)):
        body = await read_body(request)

        def write(budget: Budget):
            _, graph = _record(kind, slug, body, request, curation, budget)
            return curation.save(kind, slug, graph, account.name, message, request.headers.get("if-match"),
                                 budget=budget)
        return _version_response(await run_write(request, write))

    def transition_route(action: str, role: str):
        def transition(slug: str, request: Request, message: str = "", account: Account = Depends(require(role)),
                       curation: Curation = Depends(get_curation)):
            version = curation.transition(kind, slug, action, account.name, message, request.headers.get("if-match"))
            return _version_response(version)
        return transition

    router.add_api_route(base + "/{slug}", transition_route("withdraw", "curator"), methods=["DELETE"],
                         name=f"withdraw_{kind}", summary=f"Withdraw a {kind} from publication")
    router.add_api_route(base + "/{slug}/submit", transition_route("submit", "curator"), methods=["POST"],
                         name=f"submit_{kind}", summary=f"Submit the draft of a {kind} for review")
    router.add_api_route(base + "/{slug}/publish", transition_route("publish", "reviewer"), methods=["POST"],
                         name=f"publish_{kind}", summary=f"Publish the latest draft of a {kind}")

    @router.post(base + "/{slug}/restore", name=f"restore_{kind}", summary=f"Restore an earlier version of a {kind} as a new draft")
    def restore(slug: str, request: Request, version: int = version_query("The version to restore"), message: str = "",
                account: Account = Depends(require("curator")), curation: Curation = Depends(get_curation)):
        restored = curation.restore(kind, slug, version, account.name, message, request.headers.get("if-match"))
        return _version_response(restored)

    @router.get(base + "/{slug}/draft", name=f"draft_{kind}", summary=f"The latest version of a {kind}, in any state",
                response_class=Response, responses=documented("ttl", cached=False))
    def draft(slug: str, account: Account = Depends(require("curator")), curation: Curation = Depends(get_curation)):
        version = curation.current(kind, slug)
        return _turtle(version)

    @router.get(base + "/{slug}/history", name=f"history_{kind}", summary=f"Every version of a {kind}",
                responses=documented("json", *RDF_FORMATS))
    def history(slug: str, request: Request, account: Account = Depends(require("curator")),
                curation: Curation = Depends(get_curation)):
        """JSON by default; PROV-O as Turtle, JSON-LD, N-Triples or RDF/XML by Accept."""
        versions = curation.history(kind, slug)
        return represent(request, history_graph(versions), f"/api/{collection}/{slug}/history", None,
                         json=lambda: {"record": versions[-1].record, "versions": [v.summary() for v in versions]},
                         default="json")

    @router.get(base + "/{slug}/versions/{number}", name=f"version_{kind}", summary=f"One version of a {kind}, as Turtle",
                response_class=Response, responses=documented("ttl", cached=False))
    def version(slug: str, number: VersionNumber, account: Account = Depends(require("curator")),
                curation: Curation = Depends(get_curation)):
        return _turtle(curation.version(kind, slug, number))

    @router.get(base + "/{slug}/diff", name=f"diff_{kind}", summary=f"Triples added and removed between two versions of a {kind}")
    def diff(slug: str, older: int = version_query("The older version", alias="from"),
             to: int = version_query("The newer version"),
             account: Account = Depends(require("curator")), curation: Curation = Depends(get_curation)):
        return curation.diff(kind, slug, older, to)


def _turtle(version: Version) -> Response:
    body = version.graph().serialize(format="turtle", encoding="utf-8")
    return Response(body, media_type="text/turtle", headers={
        "ETag": version.etag, "Symbios-Version": str(version.number), "Symbios-State": version.state,
    })


for _collection, _kind in COLLECTIONS.items():
    _routes(_collection, _kind)
