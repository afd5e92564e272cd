"""Suggestions from a source's text for the edit form (#20 item 4).

``GET /curate/suggestions/sources`` lists the sources a curator may ask suggestions of (published
or drafts, by title in the page's language: the panel's choice of source).
``POST /curate/sources/{slug}/suggestions`` with a JSON body ``{start?, end?, section?, limit?}``
answers ``{suggestions: [...], sections: [...], truncated}`` (see :mod:`catalogue.suggestions` for
one suggestion's shape). Nothing is stored: the curator accepts a suggestion in the form, and the
form's save checks it like every write. Needs a curator's browser session and its CSRF token
(header ``X-CSRF-Token``); errors come in the one error shape (401 without a session, 404 for an
unknown source, 422 naming the field of a wrong range or section).
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

from catalogue.curation import Curation
from catalogue.errors import InvalidData, NotFound, Unauthorized
from catalogue.evidence_check import SourceInfo
from catalogue.loading import read_shapes
from catalogue.namespaces import record_iri
from catalogue.service import Catalogue
from catalogue.sessions import COOKIE
from catalogue.suggestion_requests import answer, read_request
from catalogue.suggestions import Lexicon

from ..auth import check_role
from ..deps import get_catalogue
from ..edge import parse_json
from ..language import request_page_language
from ..responses import JSONResponse
from .curation import get_curation, read_body
from .inline_actor import _records

router = APIRouter(include_in_schema=False)


def lexicon_of(request: Request, catalogue: Catalogue) -> Lexicon:
    """The lexicon of the published catalogue, built again when the catalogue has changed."""
    cached = getattr(request.app.state, "suggestion_lexicon", None)
    if cached is None or cached[0] != catalogue.version:
        cached = (catalogue.version, Lexicon.build(catalogue.store, read_shapes(request.app.state.settings.shapes_dir)))
        request.app.state.suggestion_lexicon = cached
    return cached[1]


def source_text(request: Request, curation: Curation, slug: str) -> tuple[str, str]:
    """(source IRI, its text): NotFound for an unknown source or one without a text."""
    iri = record_iri("source", slug)
    info = curation.source_info(iri)
    if info is None:
        raise NotFound(f"No source {slug!r}. See /curate/sources for the list.")
    if info.file_name is None:
        raise NotFound(f"The source {info.title!r} has no text yet: add its text first.")
    return iri, request.app.state.source_texts.read(info.file_name)


@router.get("/curate/suggestions/sources")
def suggestion_sources(request: Request, catalogue: Catalogue = Depends(get_catalogue),
                       curation: Curation = Depends(get_curation)):
    found = request.app.state.sessions.find(request.cookies.get(COOKIE))
    if found is None:
        raise Unauthorized("Log in first: your session has ended.")
    check_role(found[0], "curator", "Suggestions from a source")
    lang = request_page_language(request)
    sources = [{"iri": o["iri"], "slug": o["iri"].rsplit("/", 1)[-1], "label": o["label"]}
               for o in _records(catalogue, curation, "source", lang)
               if (curation.source_info(o["iri"]) or SourceInfo("", None)).file_name]
    return JSONResponse({"ok": True, "sources": sources})


@router.post("/curate/sources/{slug}/suggestions")
async def source_suggestions(slug: str, request: Request, catalogue: Catalogue = Depends(get_catalogue),
                             curation: Curation = Depends(get_curation)):
    account = request.app.state.sessions.check_csrf(request.cookies.get(COOKIE), request.headers.get("x-csrf-token"))
    check_role(account, "curator", "Suggestions from a source")
    most = request.app.state.settings.suggestions_limit
    body = await read_body(request)
    asked = read_request(parse_json(body, '{"section": "Bilaga A4"}', invalid=InvalidData) if body.strip() else {}, most)
    lang = request_page_language(request)

    def work() -> dict:
        iri, text = source_text(request, curation, slug)
        return answer(lexicon_of(request, catalogue), text, iri, asked, most)
    return JSONResponse({"ok": True, "lang": lang, **await run_in_threadpool(work)})
