"""HTML pages: the home page listing the initiatives."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from catalogue.listing import list_initiatives
from catalogue.store import Store

from ..deps import get_store
from ..language import choose_language

router = APIRouter()


@router.get("/", name="home", include_in_schema=False)
def home(request: Request, lang: str | None = None, store: Store = Depends(get_store)):
    language = choose_language(lang, request.headers.get("accept-language"))
    items = list_initiatives(store, language)
    return request.app.state.templates.TemplateResponse(
        request, "home.html", {"lang": language, "initiatives": items}
    )
