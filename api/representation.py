"""Represent a graph in the format a client asked for: Accept, or a suffix that overrides it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime

from fastapi import Request
from fastapi.responses import Response
from rdflib import Graph

from catalogue.errors import NotAcceptable
from catalogue.jsonld import compacted, context_url
from catalogue.resources import etag

from .deps import public_base
from .negotiation import best_match
from .responses import JSONResponse

#: suffix -> (media type, rdflib format); html and json are rendered by callbacks.
FORMATS = {
    "html": ("text/html", None),
    "ttl": ("text/turtle", "turtle"),
    "jsonld": ("application/ld+json", "json-ld"),
    "nt": ("application/n-triples", "nt"),
    "rdf": ("application/rdf+xml", "xml"),
    "json": ("application/json", None),
}
CONTEXT_URL = "/context.jsonld"
#: The RDF formats every graph is offered in.
RDF_FORMATS = ("ttl", "jsonld", "nt", "rdf")


def documented(*formats: str, media_types: tuple[str, ...] = (), cached: bool = True) -> dict:
    """The ``responses`` an operation declares in the OpenAPI: its 200 in each of ``formats`` (suffixes
    of :data:`FORMATS`) and ``media_types``, and a 304 when it answers If-None-Match. Give the route
    ``response_class=Response`` when it does not answer JSON, so no JSON 200 is declared besides."""
    types = [FORMATS[f][0] for f in formats] + list(media_types)
    responses: dict = {200: {"description": "The resource in the format asked for (Accept, or the suffix).",
                             "content": {t: {} for t in types}}}
    if cached:
        responses[304] = {"description": "Not modified: the ETag in If-None-Match is still current."}
    return responses



def choose_format(request: Request, suffix: str | None, offered: list[str]) -> str:
    if suffix is not None:
        if suffix not in offered:
            raise NotAcceptable(f"No '.{suffix}' representation here. Available: {', '.join('.' + s for s in offered)}.",
                                accepted=offered)
        return suffix
    by_type = {FORMATS[s][0]: s for s in offered}
    chosen = best_match(request.headers.get("accept"), list(by_type))
    if chosen is None:
        raise NotAcceptable(
            f"None of the formats in Accept is available. Ask for one of: {', '.join(by_type)}.",
            accepted=list(by_type),
        )
    return by_type[chosen]


def represent(
    request: Request,
    graph: Graph | Callable[[], Graph],
    path: str,
    suffix: str | None,
    html: Callable[[], Response] | None = None,
    json: Callable[[], dict] | None = None,
    default: str | None = None,
    last_modified: datetime | None = None,
    tag: str | None = None,
    variant: str | None = None,
) -> Response:
    """Answer with the chosen representation, alternates in Link, Vary: Accept and an ETag (304 if unchanged).

    ``default`` is the format a client gets when it accepts anything (e.g. ``*/*``). ``graph``
    may be a function that builds it, called only for an RDF format or when no ``tag`` is given.
    Each format gets its own entity tag; the HTML and JSON views also depend on ``variant`` (their
    language and the labels of other records: the catalogue's version), and vary by Accept-Language.
    """
    offered = [s for s in FORMATS if (s != "html" or html) and (s != "json" or json)]
    if default in offered:
        offered.remove(default)
        offered.insert(0, default)
    fmt = choose_format(request, suffix, offered)
    built: list[Graph] = []

    def the_graph() -> Graph:
        if not built:
            built.append(graph() if callable(graph) else graph)
        return built[0]

    core = (tag or etag(the_graph())).strip('"')
    tag = f'"{core}-{fmt}-{variant}"' if variant and fmt in ("html", "json") else f'"{core}-{fmt}"'
    headers = {
        "Vary": "Accept, Accept-Language" if variant and (html or json) else "Accept",
        "ETag": tag,
        "Link": ", ".join(f'<{path}.{s}>; rel="alternate"; type="{FORMATS[s][0]}"' for s in offered if s != "html"),
    }
    if last_modified is not None:
        headers["Last-Modified"] = format_datetime(last_modified.astimezone(timezone.utc), usegmt=True)
    if tag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=headers)
    since = request.headers.get("if-modified-since")
    if last_modified is not None and since and "if-none-match" not in request.headers:
        try:
            if last_modified.replace(microsecond=0) <= parsedate_to_datetime(since):
                return Response(status_code=304, headers=headers)
        except (TypeError, ValueError):
            pass  # an unreadable date is ignored, as HTTP says
    media_type, rdflib_format = FORMATS[fmt]
    if fmt == "html":
        response = html()
    elif fmt == "json":
        response = JSONResponse(json())
    elif fmt == "jsonld":
        # compacted with the published context, named by its address (#22 item 6)
        response = Response(compacted(the_graph(), context_url(public_base(request))), media_type=media_type)
    else:
        response = Response(the_graph().serialize(format=rdflib_format, encoding="utf-8"), media_type=media_type)
    response.headers.update(headers)
    return response

