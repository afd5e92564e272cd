"""Review pages: the curator's dashboard, a record's history with the changes between versions,
and restoring an earlier version. Login, sessions and the edit form are in
:mod:`api.routes.curator_pages`.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from catalogue.curation import Curation
from catalogue.errors import BadRequest
from catalogue.labels import slug_of
from catalogue.namespaces import ID
from catalogue.service import Catalogue
from catalogue.sessions import COOKIE

from ..deps import get_catalogue
from .curation import get_curation, run_write
from .curator_pages import _LoginNeeded, _kind, _lang, _page, _session, _to_login

router = APIRouter(include_in_schema=False)


@router.get("/curate", name="curate")
def curate_home(request: Request, catalogue: Catalogue = Depends(get_catalogue)):
    try:
        account, csrf = _session(request)
    except _LoginNeeded:
        return _to_login(request)
    lang = _lang(request)
    pending = request.app.state.curation.pending()
    initiatives = sorted(((slug_of(g), catalogue.labels.get(g, lang)) for g in catalogue.store.graph_names()
                          if g.startswith(f"{ID}initiative/")), key=lambda p: p[1].casefold())
    return _page(request, "curate.html", {"lang": lang, "account": account, "csrf": csrf,
                                          "pending": pending, "initiatives": initiatives})


@router.get("/curate/{kind}/{slug}/history", name="history_page")
def history_page(kind: str, slug: str, request: Request, catalogue: Catalogue = Depends(get_catalogue),
                 curation: Curation = Depends(get_curation)):
    try:
        account, csrf = _session(request)
    except _LoginNeeded:
        return _to_login(request)
    _kind(kind)
    lang = _lang(request)
    versions = curation.history(kind, slug)
    rows = []
    for previous, version in zip([None, *versions[:-1]], versions):
        diff = curation.diff(kind, slug, previous.number, version.number) if previous else None
        rows.append({"version": version, "diff": diff})
    return _page(request, "history.html", {"lang": lang, "kind": kind, "slug": slug, "rows": list(reversed(rows)),
                                           "account": account, "csrf": csrf, "current": versions[-1],
                                           "saved": request.query_params.get("saved")})


@router.post("/curate/{kind}/{slug}/restore")
async def restore_version(kind: str, slug: str, request: Request, curation: Curation = Depends(get_curation)):
    form = await request.form()
    account = request.app.state.sessions.check_csrf(request.cookies.get(COOKIE), form.get("csrf"))
    number = form.get("version") or ""
    if not number.isdigit():
        raise BadRequest("Choose the version to restore.", parameter="version")
    lang = _lang(request)
    version = await run_write(request, lambda budget: curation.restore(
        kind, slug, int(number), account.name, form.get("message") or "", form.get("etag")))
    saved = f"&saved={version.number}" if version.changed else ""  # restoring what is there stores nothing (#20)
    return RedirectResponse(f"/curate/{kind}/{slug}/history?lang={lang}{saved}", status_code=303)
