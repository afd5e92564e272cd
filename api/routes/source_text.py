"""A source's text for the quote picker of the edit form (#20 item 3).

``GET /curate/sources/{slug}/text`` answers ``{title, text, sections, pages}`` so the picker can
show the text, search it and name where a passage stands; ``GET /curate/sources/{slug}/quote?start=&end=``
turns a picked range (character offsets, end exclusive) into the evidence the form stores: the
quote as the write's check reads it, its prefix and suffix, and the locator ("Bilaga A15", "s. 4").
Both need a curator's browser session; errors come in the one error shape (401 without a session,
404 for an unknown source or one without a text, 400 naming a range outside the text).
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

from catalogue.curation import Curation
from catalogue.errors import BadRequest, Unauthorized
from catalogue.quotes import SourceText
from catalogue.sessions import COOKIE
from catalogue.source_sections import outline, picked

from ..auth import check_role
from ..responses import JSONResponse
from .curation import get_curation
from .suggestions import source_text

router = APIRouter(include_in_schema=False)


def _curator(request: Request) -> None:
    found = request.app.state.sessions.find(request.cookies.get(COOKIE))
    if found is None:
        raise Unauthorized("Log in first: your session has ended.")
    check_role(found[0], "curator", "Reading a source's text")


@router.get("/curate/sources/{slug}/text", name="source_text")
async def source_text_for_picker(slug: str, request: Request, curation: Curation = Depends(get_curation)):
    _curator(request)

    def work() -> dict:
        iri, text = source_text(request, curation, slug)
        return {"source": iri, "title": curation.source_info(iri).title, "text": text, **outline(text)}
    return JSONResponse({"ok": True, **await run_in_threadpool(work)})


def _offset(value: str | None, name: str) -> int:
    if value is None or not value.isdigit() or len(value) > 9:
        raise BadRequest(f"'{name}' must be a character offset in the source's text (a whole number 0 or more).",
                         parameter=name)
    return int(value)


@router.get("/curate/sources/{slug}/quote", name="source_quote")
async def quote_for_picker(slug: str, request: Request, curation: Curation = Depends(get_curation)):
    _curator(request)
    start = _offset(request.query_params.get("start"), "start")
    end = _offset(request.query_params.get("end"), "end")

    def work() -> dict:
        _, text = source_text(request, curation, slug)
        if not start < end <= len(text):
            raise BadRequest(f"The range {start}–{end} is not inside the source's text (0–{len(text)}, the end after "
                             "the start): pick the quote in the text again.", parameter="end")
        answer = picked(text, SourceText.of(text), start, end)
        if not answer["quote"]:
            raise BadRequest("The picked range holds no text: pick the words of the quote.", parameter="start")
        return answer
    return JSONResponse({"ok": True, **await run_in_threadpool(work)})
