"""Review pages: the curator's dashboard, a record's history with the changes between versions in
words (catalogue/review_diff.py), reviewing a draft against the published version (submit,
publish, send back), and restoring an earlier version. Login, sessions and the edit form are in
:mod:`api.routes.curator_pages`.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from catalogue.curation import TRANSITIONS, Curation
from catalogue.errors import BadRequest, PreconditionFailed, Unauthorized
from catalogue.loading import read_shapes
from catalogue.review_data import KINDS, dashboard_view, history_view, with_drafts
from catalogue.review_diff import changes_since
from catalogue.service import Catalogue
from catalogue.sessions import COOKIE

from ..auth import check_role
from ..deps import get_catalogue
from ..edge import page_query_text
from .curation import get_curation, run_write
from .curator_pages import _LoginNeeded, _kind, _lang, _page, _session, _to_login

router = APIRouter(include_in_schema=False)
#: What the review buttons do, and the least role each needs ("return": send a record in review back
#: to draft, offered when the curation layer has that transition).
REVIEW_ACTIONS = {"submit": "curator", "publish": "reviewer", "return": "reviewer"}


def _shapes(request: Request):
    return read_shapes(request.app.state.settings.shapes_dir)


@router.get("/curate", name="curate")
def curate_home(request: Request, catalogue: Catalogue = Depends(get_catalogue)):
    try:
        account, csrf = _session(request)
    except _LoginNeeded:
        return _to_login(request)
    lang = _lang(request)
    q, _ = page_query_text(request.query_params.get("q"), request.app.state.settings.query_text_max)
    kind = request.query_params.get("kind") if request.query_params.get("kind") in KINDS else None
    view = dashboard_view(request.app.state.curation, catalogue.store.graph_names(), catalogue.labels, lang, q, kind)
    return _page(request, "curate.html", {"lang": lang, "account": account, "csrf": csrf, "view": view,
                                          "kinds": KINDS,
                                          "page_parameters": [(n, v) for n, v in (("q", q), ("kind", kind)) if v]})


def _history(request: Request, catalogue: Catalogue, curation: Curation, kind: str, slug: str, account, csrf,
             conflict=None, status: int = 200):
    _kind(kind)
    lang = _lang(request)
    view = history_view(curation, kind, slug, catalogue.labels, _shapes(request), lang)
    return _page(request, "history.html", {
        "lang": lang, "kind": kind, "slug": slug, "view": view, "account": account, "csrf": csrf,
        "saved": request.query_params.get("saved"), "done": request.query_params.get("done"),
        "may_return": "return" in TRANSITIONS, "conflict": conflict}, status=status)


@router.get("/curate/{kind}/{slug}/history", name="history_page")
def history_page(kind: str, slug: str, request: Request, catalogue: Catalogue = Depends(get_catalogue),
                 curation: Curation = Depends(get_curation)):
    try:
        account, csrf = _session(request)
    except _LoginNeeded:
        return _to_login(request)
    return _history(request, catalogue, curation, kind, slug, account, csrf)


@router.post("/curate/{kind}/{slug}/review")
async def review_record(kind: str, slug: str, request: Request, catalogue: Catalogue = Depends(get_catalogue),
                        curation: Curation = Depends(get_curation)):
    """Submit a draft, publish it, or send a record in review back to draft, from its history page."""
    form = await request.form()
    try:
        account = request.app.state.sessions.check_csrf(request.cookies.get(COOKIE), form.get("csrf"))
    except Unauthorized:
        return _to_login(request)
    _kind(kind)
    action = form.get("action") or ""
    if action not in REVIEW_ACTIONS or action not in TRANSITIONS:
        raise BadRequest(f"Unknown action {action!r}: a record is submitted, published or sent back. Nothing changed.",
                         parameter="action", accepted=[a for a in REVIEW_ACTIONS if a in TRANSITIONS])
    check_role(account, REVIEW_ACTIONS[action], action.capitalize())
    lang = _lang(request)
    etag = form.get("etag") or ""
    try:
        version = await run_write(request, lambda budget: curation.transition(
            kind, slug, action, account.name, form.get("message") or "", etag, budget=budget))
    except PreconditionFailed:  # someone saved since the page was read: show what they changed
        labels = with_drafts(catalogue.labels, curation)
        conflict = changes_since(curation, kind, slug, etag, labels, _shapes(request), lang).as_dict(lang)
        return await run_in_threadpool(_history, request, catalogue, curation, kind, slug, account, form.get("csrf"),
                                       conflict, 409)
    done = f"&done={action}" if version.changed else ""
    return RedirectResponse(f"/curate/{kind}/{slug}/history?lang={lang}{done}", status_code=303)


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
