"""Curation API: create, edit, review, publish, withdraw and restore records, with history.

Every write needs a token (``Authorization: Bearer``) and, except a create, the ETag of the
version it edits (``If-Match``). Bodies are Turtle, JSON-LD, N-Triples, or JSON in the shape GET
returns (catalogue/json_record.py, texts in ``?lang=``). ``PUT`` replaces the record; ``PATCH`` with
``application/merge-patch+json`` (RFC 7396) changes only the fields it names. A write that changes
nothing stores no version and answers ``"changed": false`` with the current version (#20). Drafts
and their history are visible to curators only; the public sees published versions.
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
from catalogue.errors import BadRequest, InvalidData, PayloadTooLarge, UnsupportedMediaType
from catalogue.json_record import MERGE_PATCH, record_from_json, record_from_patch
from catalogue.namespaces import record_iri
from catalogue.provenance import history_graph
from catalogue.rdf_input import Budget
from catalogue.records import RECORD_CLASSES, SLUG
from catalogue.resources import record_name
from catalogue.service import Catalogue
from catalogue.views import actor_view, initiative_view

from ..auth import require
from ..deps import get_catalogue
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
#: The body of a partial edit, for the OpenAPI: a JSON merge patch of the JSON form.
PATCH_BODY = {"requestBody": {"required": True, "content": {MERGE_PATCH: {"schema": {
    "type": "object", "description": "RFC 7396: the fields to change, in the shape GET /api/{collection}/{slug} "
                                     "returns; null removes a field; arrays replace.",
    "example": {"start_year": 2021, "end_year": None}}}}}}
VIEWS = {"initiative": initiative_view, "actor": actor_view}
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
    return JSONResponse({"ok": True, "record": version.record, "changed": version.changed, **version.summary()},
                        status_code=status, headers=headers)


def _media_type(request: Request) -> str:
    return (request.headers.get("content-type") or "").split(";")[0].strip().lower()


def _json_lang(request: Request) -> str:
    lang = request.query_params.get("lang") or request.headers.get("content-language") or "sv"
    if lang not in ("sv", "en"):
        raise BadRequest(f"Texts in a JSON body are Swedish or English: ?lang=sv or ?lang=en, not {lang!r}.",
                         parameter="lang", accepted=["sv", "en"])
    return lang


def _new_record(kind: str, body: bytes, request: Request, budget: Budget):
    """(slug, graph) of the new record a create's body describes and names: RDF, or JSON with a slug."""
    if _media_type(request) != "application/json":
        graph = parse_record(body, request.headers.get("content-type"), record_iri(kind, ""), budget)
        return _slug_of_new_record(kind, graph), graph
    data = parse_json(body, f'the record as GET /api/{kind}s/<slug> gives it', invalid=InvalidData)
    lang = _json_lang(request)
    slug = str(data.get("slug") or str(data.get("iri") or "").rsplit("/", 1)[-1]) if isinstance(data, dict) else ""
    if not SLUG.fullmatch(slug):
        raise InvalidData(f"A new {kind} in JSON needs a \"slug\" (lower-case letters, digits and hyphens).", path="slug")
    return slug, record_from_json(data, kind, slug, None, lang)


def _replace(kind: str, slug: str, body: bytes, request: Request, curation: Curation, author: str, message: str,
             budget: Budget) -> Version:
    """A PUT: the body is the whole record — RDF as it is, or JSON replacing what the JSON form shows
    (statements it cannot show are kept)."""
    if_match = request.headers.get("if-match")
    if _media_type(request) != "application/json":
        graph = parse_record(body, request.headers.get("content-type"), record_name(kind, slug), budget)  # 404: no slug
        return curation.save(kind, slug, graph, author, message, if_match, budget=budget)
    data = parse_json(body, f'the record as GET /api/{kind}s/<slug> gives it', invalid=InvalidData)
    lang = _json_lang(request)
    return curation.edit(kind, slug, lambda current: record_from_json(data, kind, slug, current.graph(), lang),
                         author, message, if_match, budget)


def _patch(kind: str, slug: str, body: bytes, request: Request, curation: Curation, catalogue: Catalogue,
           author: str, message: str, budget: Budget) -> Version:
    """A PATCH: the JSON merge patch applied to the JSON form of the current version."""
    patch = parse_json(body, '{"start_year": 2021}', invalid=InvalidData)
    lang = _json_lang(request)

    def view(graph):
        return VIEWS[kind](catalogue.store, catalogue.labels, slug, lang, graph)
    return curation.edit(kind, slug, lambda current: record_from_patch(patch, kind, slug, current.graph(), lang, view),
                         author, message, request.headers.get("if-match"), budget)


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
            slug, graph = _new_record(kind, body, request, budget)
            return slug, curation.save(kind, slug, graph, account.name, message or f"Created {kind}", None,
                                       create=True, budget=budget)
        slug, version = await run_write(request, write)
        return _version_response(version, 201, location=f"/api/{collection}/{slug}/draft")

    @router.put(base + "/{slug}", name=f"update_{kind}", summary=f"Replace a {kind} with a new draft (If-Match required)",
                openapi_extra=RECORD_BODY)
    async def update(slug: str, request: Request, message: str = "", account: Account = Depends(require("curator")),
                     curation: Curation = Depends(get_curation)):
        body = await read_body(request)
        return _version_response(await run_write(
            request, lambda budget: _replace(kind, slug, body, request, curation, account.name, message, budget)))

    @router.patch(base + "/{slug}", name=f"patch_{kind}", openapi_extra=PATCH_BODY,
                  summary=f"Change some fields of a {kind} as a new draft (JSON merge patch, If-Match required)")
    async def patch(slug: str, request: Request, message: str = "", account: Account = Depends(require("curator")),
                    curation: Curation = Depends(get_curation), catalogue: Catalogue = Depends(get_catalogue)):
        if _media_type(request) != MERGE_PATCH:
            raise UnsupportedMediaType(
                f"Send a partial edit as a JSON merge patch, Content-Type: {MERGE_PATCH} (was "
                f"{_media_type(request) or 'missing'}); to replace the whole record, use PUT.", accepted=[MERGE_PATCH])
        body = await read_body(request)
        return _version_response(await run_write(
            request, lambda budget: _patch(kind, slug, body, request, curation, catalogue, account.name, message, budget)))

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
