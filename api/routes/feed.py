"""The change feed at /feed: a Linked Data Event Stream of published changes, plus a JSON view."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from catalogue.feed import page_json, read_page, stream_graph

from ..deps import public_base
from ..edge import Page, one_of
from ..representation import RDF_FORMATS, documented, represent

router = APIRouter(tags=["Change feed"])


def _feed(request: Request, suffix: str | None, number: int | None) -> Response:
    base = public_base(request)
    feed_url, dump_url = f"{base}/feed", f"{base}/export/catalogue.trig"
    settings = request.app.state.settings
    page = read_page(request.app.state.database, number, settings.feed_page_size) if number is not None else None
    graph = stream_graph(feed_url, dump_url, page)
    response = represent(
        request, graph, "/feed", suffix,
        json=lambda: page_json(page, feed_url) if page else {"feed": feed_url, "first": f"{feed_url}?page=1"},
    )
    immutable = page is not None and page.immutable
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable" if immutable else "public, max-age=10"
    return response


@router.get("/feed", name="feed", responses=documented(*RDF_FORMATS, "json", cached=False))
def feed(request: Request, page: Page = None):
    """The event stream (LDES 1.0); `?page=N` gives the members, oldest first. JSON by Accept for people."""
    return _feed(request, None, page)


@router.get("/feed.{suffix}", name="feed_format", responses=documented(*RDF_FORMATS, "json", cached=False))
def feed_format(request: Request, suffix: str = one_of((*RDF_FORMATS, "json"), "The format."), page: Page = None):
    """The event stream in one format: .ttl .jsonld .nt .rdf .json."""
    return _feed(request, suffix, page)
