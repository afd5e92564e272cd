"""The change feed at /feed: a Linked Data Event Stream of published changes, plus a JSON view."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from catalogue.feed import page_json, read_page, stream_dataset

from ..dataset_representation import DATASET_FORMATS, DATASET_SUFFIXES, represent_dataset
from ..deps import public_base
from ..edge import Page, one_of

router = APIRouter(tags=["Change feed"])
_RESPONSES = {200: {"description": "The stream, or one page of it, in the format asked for (Accept, or the suffix). "
                                   "TriG, N-Quads and JSON-LD give each member in its own named graph; Turtle, "
                                   "N-Triples and RDF/XML the union of the graphs.",
                    "content": {media: {} for media, _, _ in DATASET_FORMATS.values()} | {"application/json": {}}},
              404: {"description": "A page after the last; the error names the last page."}}


def _feed(request: Request, suffix: str | None, number: int | None) -> Response:
    base = public_base(request)
    feed_url, dump_url = f"{base}/feed", f"{base}/export/catalogue.trig"
    settings = request.app.state.settings
    page = read_page(request.app.state.database, number, settings.feed_page_size, feed_url) if number is not None else None
    response = represent_dataset(
        request, lambda: stream_dataset(feed_url, dump_url, page), "/feed", suffix,
        json=lambda: page_json(page, feed_url) if page else {"feed": feed_url, "first": f"{feed_url}?page=1"},
    )
    immutable = page is not None and page.immutable
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable" if immutable else "public, max-age=10"
    return response


@router.get("/feed", name="feed", response_class=Response, responses=_RESPONSES)
def feed(request: Request, page: Page = None):
    """The event stream (LDES 1.0); `?page=N` gives the members, oldest first. JSON by Accept for people."""
    return _feed(request, None, page)


@router.get("/feed.{suffix}", name="feed_format", response_class=Response, responses=_RESPONSES)
def feed_format(request: Request, suffix: str = one_of((*DATASET_SUFFIXES, "json"), "The format."), page: Page = None):
    """The event stream in one format: .trig .nq .jsonld .ttl .nt .rdf .json."""
    return _feed(request, suffix, page)
