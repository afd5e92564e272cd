"""/sparql: the SPARQL 1.1 Protocol endpoint (query only), its service description and HTML page."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool
from fastapi.responses import Response

from catalogue.errors import BadRequest, ForbiddenOperation, NotAcceptable, UnsupportedMediaType
from catalogue.examples import example_queries
from catalogue.service_description import service_description
from catalogue.store.public import PublicQueries
from catalogue.store.results import BOOLEAN_FORMATS

from ..deps import get_public_queries, public_base
from ..language import page_language
from ..negotiation import best_match, prefers_html

router = APIRouter(tags=["SPARQL"])

SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
}
#: An ASK answer's formats: the SPARQL 1.1 CSV and TSV results formats are defined for SELECT only,
#: and a bare "true" is read by no CSV/TSV results parser (rdflib's read every document as a table).
ASK_TYPES = {t: f for t, f in SELECT_TYPES.items() if f in BOOLEAN_FORMATS}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/n-quads": "nquads",
    "application/trig": "trig",
}
DESCRIPTION_TYPES = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/rdf+xml": "xml", "application/n-triples": "nt"}
FORM = "application/x-www-form-urlencoded"
_FORM_NAMES = {"graph": "CONSTRUCT or DESCRIBE"}
#: Response header of an answer cut at the row cap (SYMBIOS_ROW_CAP), in every format.
TRUNCATED = "Symbios-Results-Truncated"
UPDATE_REFUSED = (
    "SPARQL Update is not accepted: /sparql is public and read-only. "
    "Curators change records through the curation API."
)


async def _answer(request: Request, public: PublicQueries, query: str, default_graphs: list[str],
                  named_graphs: list[str]) -> Response:
    accept = request.headers.get("accept")
    select_type = best_match(accept, list(SELECT_TYPES))
    graph_type = best_match(accept, list(GRAPH_TYPES))
    ask_type = best_match(accept, list(ASK_TYPES))
    settings = request.app.state.settings
    kind, body, truncated = await run_in_threadpool(
        public.answer, query, SELECT_TYPES.get(select_type or "", "json"), GRAPH_TYPES.get(graph_type or "", "turtle"),
        default_graphs, named_graphs, _query_base(settings), ASK_TYPES.get(ask_type or "", "json"),
    )
    media_type, offered = {"graph": (graph_type, GRAPH_TYPES), "ask": (ask_type, ASK_TYPES)}.get(
        kind, (select_type, SELECT_TYPES))
    if media_type is None:
        raise NotAcceptable(
            f"None of the formats in Accept fits the result of this {_FORM_NAMES.get(kind, kind.upper())} query. Ask for one of: {', '.join(offered)}."
            + (" (The CSV and TSV results formats are defined for SELECT only.)" if kind == "ask" else ""),
            accepted=list(offered),
        )
    if media_type == "application/json":
        media_type = "application/sparql-results+json"
    charset = "; charset=utf-8" if not media_type.endswith("xml") else ""
    headers = {"Vary": "Accept"}
    if truncated:  # JSON and XML results say it in their head too; CSV, TSV and RDF only here
        headers[TRUNCATED] = f"row-cap={settings.row_cap}"
    return Response(body, media_type=media_type + charset, headers=headers)


def _query_base(settings) -> str:
    """The base against which a query's relative IRIs resolve: this endpoint's public address from
    SYMBIOS_BASE_IRI, never from the request (a Host header is the client's to choose)."""
    return f"{(settings.base_iri or 'https://w3id.org/symbios/').rstrip('/')}/sparql"


def _utf8(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("The request body is not UTF-8. Send the query encoded as UTF-8.") from None


_GRAPH_URIS = {"type": "array", "items": {"type": "string", "format": "iri"}}
_QUERY_PARAMETERS = [
    {"name": "query", "in": "query", "required": False, "schema": {"type": "string"},
     "description": "A SPARQL 1.1 query (SELECT, ASK, CONSTRUCT or DESCRIBE). Without it: the service description, "
                    "or the query page for browsers."},
    {"name": "default-graph-uri", "in": "query", "required": False, "schema": _GRAPH_URIS, "style": "form",
     "explode": True, "description": "Graphs that make up the default graph (instead of FROM)."},
    {"name": "named-graph-uri", "in": "query", "required": False, "schema": _GRAPH_URIS, "style": "form",
     "explode": True, "description": "Graphs that GRAPH patterns may name (instead of FROM NAMED)."},
]
_ANSWERS = {200: {"description": "The query's results (SELECT, ASK) or triples (CONSTRUCT, DESCRIBE) in the format "
                                 "asked for by Accept; without a query, the service description or the query page. "
                                 "An answer cut at the row cap carries Symbios-Results-Truncated.",
                  "content": {t: {} for t in [*SELECT_TYPES, *GRAPH_TYPES, "text/html"]}},
            503: {"description": "The query ran past the time limit, or every query worker is busy (Retry-After)."}}
_FORM = {"type": "object", "required": ["query"], "properties": {
    "query": {"type": "string"}, "default-graph-uri": _GRAPH_URIS, "named-graph-uri": _GRAPH_URIS}}


@router.get("/sparql", name="sparql", response_class=Response, responses=_ANSWERS,
            openapi_extra={"parameters": _QUERY_PARAMETERS})
async def sparql_get(request: Request, public: PublicQueries = Depends(get_public_queries)):
    """SPARQL 1.1 Protocol query via GET; without `query`, the service description or the query page."""
    params = request.query_params
    if "update" in params:
        raise ForbiddenOperation(UPDATE_REFUSED)
    queries = params.getlist("query")
    if len(queries) > 1:
        raise BadRequest("Give the 'query' parameter once.", parameter="query")
    if not queries:
        if prefers_html(request.headers.get("accept")):
            lang = page_language(params.get("lang"), request.headers.get("accept-language"))
            return request.app.state.templates.TemplateResponse(
                request, "sparql.html", {"examples": example_queries(), "lang": lang}
            )
        media_type = best_match(request.headers.get("accept"), list(DESCRIPTION_TYPES)) or "text/turtle"
        graph = service_description(f"{public_base(request)}/sparql")
        return Response(graph.serialize(format=DESCRIPTION_TYPES[media_type], encoding="utf-8"), media_type=media_type)
    return await _answer(request, public, queries[0], params.getlist("default-graph-uri"), params.getlist("named-graph-uri"))


@router.post("/sparql", name="sparql_post", response_class=Response, responses=_ANSWERS,
             openapi_extra={"parameters": _QUERY_PARAMETERS[1:], "requestBody": {"required": True, "content": {
                 FORM: {"schema": _FORM}, "application/sparql-query": {"schema": {"type": "string"}}}}})
async def sparql_post(request: Request, public: PublicQueries = Depends(get_public_queries)):
    """SPARQL 1.1 Protocol query via POST (form or application/sparql-query)."""
    raw_type = (request.headers.get("content-type") or "").lower()
    content_type = raw_type.split(";")[0].strip()
    charset = next((p.split("=", 1)[1].strip().strip('"') for p in raw_type.split(";")[1:] if p.strip().startswith("charset=")), "utf-8")
    if charset not in ("utf-8", "utf8"):
        raise UnsupportedMediaType(f"The request body must be UTF-8, not {charset}. Re-encode the query as UTF-8.")
    params = request.query_params
    if content_type == "application/sparql-update":
        raise ForbiddenOperation(UPDATE_REFUSED)
    if content_type == FORM:
        _utf8(await request.body())
        form = await request.form()
        if "update" in form:
            raise ForbiddenOperation(UPDATE_REFUSED)
        queries = form.getlist("query")
        if len(queries) != 1:
            raise BadRequest("Send exactly one 'query' field in the form.", parameter="query")
        defaults = form.getlist("default-graph-uri") + params.getlist("default-graph-uri")
        named = form.getlist("named-graph-uri") + params.getlist("named-graph-uri")
        return await _answer(request, public, str(queries[0]), [str(d) for d in defaults], [str(n) for n in named])
    if content_type == "application/sparql-query":
        if "query" in params:
            raise BadRequest("Send the query either in the body or as ?query=, not both.", parameter="query")
        query = _utf8(await request.body())
        return await _answer(request, public, query, params.getlist("default-graph-uri"), params.getlist("named-graph-uri"))
    raise UnsupportedMediaType(
        f"POST /sparql accepts application/x-www-form-urlencoded or application/sparql-query, not '{content_type or 'none'}'."
    )
