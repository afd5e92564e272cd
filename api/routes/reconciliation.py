"""The W3C Entity Reconciliation API (v0.2) at /reconcile: for OpenRefine and other spreadsheet tools.

GET /reconcile without parameters is the service manifest; ``queries`` (GET or a POST form) is a
batch of reconciliation queries; ``extend`` a data extension query. Suggest, preview, view and the
data extension's property proposals have their own paths, named in the manifest. Every answer
carries CORS headers (the protocol requires them; no JSONP). The work runs in the thread pool:
the first request after a publish builds the service's entities.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse

from catalogue import __version__
from catalogue.errors import BadRequest
from catalogue.reconciliation import PREVIEW_HEIGHT, PREVIEW_WIDTH, Reconciliation, page_path

from ..deps import public_base
from ..language import choose_language
from ..responses import JSONResponse

router = APIRouter(prefix="/reconcile", tags=["Reconciliation"])

#: Most suggestions one may skip with ``cursor``.
MAX_CURSOR = 10_000
Lang = Annotated[str | None, Query(description="sv or en; default from Accept-Language, else sv.")]
Cursor = Annotated[int, Query(ge=0, le=MAX_CURSOR, description="Suggestions to skip (10 are given at a time).")]
QUERIES = "A reconciliation query batch (JSON): {\"q0\": {\"query\": \"Borealis AB\", \"type\": \"…#Actor\"}}."
EXTEND = "A data extension query (JSON): {\"ids\": [\"<IRI>\"], \"properties\": [{\"id\": \"municipality\"}]}."


def _service(request: Request) -> Reconciliation:
    settings = request.app.state.settings
    return Reconciliation(request.app.state.catalogue.reconciliation_entities(), settings.reconcile_batch_size,
                          settings.reconcile_max_candidates, settings.query_text_max)


def _check(request: Request, allowed: set[str]) -> None:
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        hint = " JSONP is not offered: this service allows cross-origin requests (CORS)." if "callback" in unknown else ""
        raise BadRequest(f"Unknown parameter {unknown[0][:40]!r}. Accepted: {', '.join(sorted(allowed))}.{hint}",
                         parameter=unknown[0][:40], accepted=sorted(allowed))


def _answer(request: Request, queries: str | None, extend: str | None, lang: str | None) -> JSONResponse:
    language = choose_language(lang, request.headers.get("accept-language"))
    if queries is not None and extend is not None:
        raise BadRequest("Send either 'queries' or 'extend', not both.", parameter="extend")
    service = _service(request)
    if queries is not None:
        body = service.reconcile(queries, language)
    elif extend is not None:
        body = service.extend(extend, language)
    else:
        body = service.manifest(public_base(request), language, __version__)
    return JSONResponse(body, headers={"Cache-Control": "no-cache", "Vary": "Accept-Language"})


@router.get("", name="reconcile")
def reconcile_get(request: Request, queries: Annotated[str | None, Query(description=QUERIES)] = None,
                  extend: Annotated[str | None, Query(description=EXTEND)] = None, lang: Lang = None):
    """Without parameters: the service manifest. With `queries`: their candidates. With `extend`: property values."""
    _check(request, {"queries", "extend", "lang"})
    return _answer(request, queries, extend, lang)


@router.post("", name="reconcile_post")
def reconcile_post(request: Request, queries: Annotated[str | None, Form(description=QUERIES)] = None,
                   extend: Annotated[str | None, Form(description=EXTEND)] = None, lang: Lang = None):
    """Reconciliation queries or a data extension query in a form (application/x-www-form-urlencoded)."""
    _check(request, {"lang"})
    return _answer(request, queries, extend, lang)


def _prefix(request: Request, prefix: str) -> str:
    limit = request.app.state.settings.query_text_max
    if len(prefix) > limit:
        raise BadRequest(f"'prefix' has more than {limit} characters (SYMBIOS_QUERY_TEXT_MAX).", parameter="prefix",
                         limit=limit)
    return prefix


def _language(request: Request, lang: str | None) -> str:
    return choose_language(lang, request.headers.get("accept-language"))


Prefix = Annotated[str, Query(min_length=1, description="What the user has typed.")]


# Suggest clients send parameters of their own (OpenRefine: type_strict, spell …): those are ignored.
@router.get("/suggest/entity", name="reconcile_suggest_entity")
def suggest_entity(request: Request, prefix: Prefix, cursor: Cursor = 0,
                   type: Annotated[list[str], Query(description="Only entities of these types.")] = [],  # noqa: B006
                   lang: Lang = None):
    """Actors, initiatives, places and concepts whose names start with (or hold) `prefix`."""
    return JSONResponse(_service(request).suggest_entities(_prefix(request, prefix), cursor, type[:20],
                                                           _language(request, lang)))


@router.get("/suggest/type", name="reconcile_suggest_type")
def suggest_type(request: Request, prefix: Prefix, cursor: Cursor = 0, lang: Lang = None):
    """The types (actor, initiative, municipality, county, each concept scheme) named like `prefix`."""
    return JSONResponse(_service(request).suggest_types(_prefix(request, prefix), cursor, _language(request, lang)))


@router.get("/suggest/property", name="reconcile_suggest_property")
def suggest_property(request: Request, prefix: Prefix, cursor: Cursor = 0,
                     type: Annotated[str | None, Query(description="Only properties of this type.")] = None,
                     lang: Lang = None):
    """The properties (for constraints and data extension) named like `prefix`."""
    return JSONResponse(_service(request).suggest_properties(_prefix(request, prefix), cursor, type,
                                                             _language(request, lang)))


@router.get("/properties", name="reconcile_properties")
def propose_properties(request: Request, type: Annotated[str, Query(description="A type's id.")],
                       limit: Annotated[int | None, Query(ge=1, le=100, description="Most properties.")] = None,
                       lang: Lang = None):
    """The properties data extension can fetch for entities of `type`."""
    _check(request, {"type", "limit", "lang"})
    return JSONResponse(_service(request).propose_properties(type, limit, _language(request, lang)))


Id = Annotated[str, Query(min_length=1, max_length=1000, description="An entity's id (its IRI).")]


@router.get("/preview", name="reconcile_preview")
def preview(request: Request, id: Id, lang: Lang = None):
    """A small HTML page about one entity, for a client's preview frame."""
    _check(request, {"id", "lang"})
    language = _language(request, lang)
    data = _service(request).preview(id, language)
    response = request.app.state.templates.TemplateResponse(
        request, "reconcile_preview.html",
        {"lang": language, "entity": data, "page": public_base(request) + data["path"],
         "width": PREVIEW_WIDTH, "height": PREVIEW_HEIGHT})
    # Shown in a frame of another origin (OpenRefine): this page alone may be framed. It has no form, link
    # or script that acts for a user, so being framed by anyone cannot make it do anything.
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors *")
    return response


@router.get("/view", name="reconcile_view")
def view(request: Request, id: Id):
    """The page of one entity (the manifest's view template): a redirect to it."""
    _check(request, {"id"})
    entity = _service(request).entity(id)
    return RedirectResponse(page_path(entity.iri), status_code=303)
