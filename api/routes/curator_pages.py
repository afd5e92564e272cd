"""Curator pages: log in, edit a record in a form derived from the shapes, review, history, restore.

The forms post back to the server (no JavaScript needed). A session cookie (HttpOnly,
SameSite=Strict, Secure when the deployment is https, Max-Age of the session) carries the login;
every post carries the session's CSRF token, the login form one bound to a pre-session cookie.
Each action checks the account's role (publishing needs a reviewer). Saving goes through the same
curation layer as the API: validated against the shapes (problems shown next to their field, in
the page's language), versioned, and refused if someone saved in between.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from rdflib import RDF, Graph, URIRef

from catalogue.curation import Curation
from catalogue.errors import BadRequest, Conflict, ForbiddenOperation, InvalidData, NotFound, PreconditionFailed, Unauthorized
from catalogue.forms import (apply_form, blank_entry, current_evidence, current_values, evidence_values, form_fields,
                             form_groups, group_items, item_keys)
from catalogue.loading import read_shapes
from catalogue.namespaces import SYM, record_iri
from catalogue.rdf_input import Budget
from catalogue.records import SLUG
from catalogue.review_data import with_drafts
from catalogue.review_diff import changes_since
from catalogue.service import Catalogue
from catalogue.sessions import COOKIE, LIFETIME, LOGIN_COOKIE, LOGIN_LIFETIME, check_login_csrf, login_csrf, new_pre_session

from ..auth import check_role
from ..deps import get_catalogue
from ..language import request_page_language
from .curation import get_curation, run_write
from .inline_actor import _records, concept_tree

router = APIRouter(include_in_schema=False)
CLASSES = {"initiative": SYM.Initiative, "actor": SYM.Actor, "source": SYM.SourceDocument}
#: What the edit form's buttons do, and the least role each needs.
ACTIONS = {"save": "curator", "submit": "curator", "publish": "reviewer"}


def _lang(request: Request) -> str:
    return request_page_language(request)


def _session(request: Request):
    found = request.app.state.sessions.find(request.cookies.get(COOKIE))
    if found is None:
        raise _LoginNeeded()
    return found


class _LoginNeeded(Exception):
    pass


def _page(request: Request, template: str, context: dict, status: int = 200) -> Response:
    return request.app.state.templates.TemplateResponse(request, template, context, status_code=status)


def _to_login(request: Request) -> RedirectResponse:
    return RedirectResponse(f"/login?next={quote(str(request.url.path))}", status_code=303)


def _kind(kind: str) -> URIRef:
    if kind not in CLASSES:
        raise NotFound(f"Records of kind {kind!r} are not edited here; initiatives, actors and sources are.")
    return CLASSES[kind]


def _fields(request: Request, kind: str):
    """The form's fields and its groups (the record's parts: roles, exchanges …), from the shapes."""
    shapes = read_shapes(request.app.state.settings.shapes_dir)
    return form_fields(shapes, _kind(kind)), form_groups(shapes, _kind(kind))


def _all_fields(fields, groups):
    """Every field of the form, the groups' (and their nested groups') too."""
    found = list(fields)
    for group in groups:
        found += _all_fields(group.fields, group.groups)
    return found


def _options(request: Request, catalogue: Catalogue, fields, lang: str) -> dict[str, list[dict]]:
    """Choices for pickers: a scheme's concepts in tree order (with their depth), or the records of a
    kind (published ones and drafts, such as an actor just made), each with the names it is found by."""
    options = {}  # keyed "concept:<scheme>" or "record:<kind>": each read once (a read of records lists the store's graphs and the drafts)
    for f in fields:
        key = f"{f.widget}:{f.scheme or f.record_kind}"
        if f.widget == "concept" and key not in options:
            options[key] = concept_tree(catalogue, f.scheme, lang)
        elif f.widget == "record" and key not in options:
            options[key] = _records(catalogue, request.app.state.curation, f.record_kind, lang)
    return options


def _sources(request: Request, catalogue: Catalogue, lang: str) -> list[dict]:
    """The sources an evidence block may cite, by title: published ones and ones still drafts (just added)."""
    return _records(catalogue, request.app.state.curation, "source", lang)


def _evidence_keys(graph: Graph | None, fields) -> dict[str, str]:
    """Evidence node -> the field key it supports, so a problem with a quote shows at its field."""
    if graph is None:
        return {}
    keys = {URIRef(f.path): f.key for f in fields if f.evidence}
    return {str(e): keys[p] for e, p in graph.subject_objects(SYM.supportsProperty) if p in keys}


def _form_context(request, catalogue, kind, slug, lang, form_shape, values, version, account, csrf, problems=(), notice=None,
                  unchanged=False, graph: Graph | None = None, form=None, written: Graph | None = None):
    fields, groups = form_shape
    subject = URIRef(record_iri(kind, slug))
    base = graph if graph is not None else Graph()
    shown = written if written is not None else base

    def field_label(f) -> str:
        return (catalogue.labels.get(f.path, lang) if f.shared_name else None) or f.name(lang)

    labelled = [{"field": f, "label": field_label(f)} for f in fields]
    items = {g.key: group_items(shown, base, subject, g, form) for g in groups}
    nodes = item_keys(items, groups)
    by_field: dict[str, list[dict]] = {}
    general = []
    keys = {f.path: f.key for f in fields}
    evidence_keys = _evidence_keys(shown, fields)  # the refused write's new evidence too
    holders = {str(e): str(h) for h, e in shown.subject_objects(SYM.evidence) if str(h) in nodes}
    for problem in problems:
        focus, path = problem.get("focus") or "", problem.get("path") or ""
        if focus in nodes:  # a part of the record: the item's field, its evidence, or the item itself
            name, group, _ = nodes[focus]
            inner = {f.path: f.key for f in group.fields}
            key = f"{name}.{inner[path]}" if path in inner else f"{name}.ev" if path == str(SYM.evidence) and group.evidence else name
        elif focus in holders:  # an item's evidence (a quote not in the source)
            name, group, _ = nodes[holders[focus]]
            key = f"{name}.ev" if group.evidence else name
        else:
            key = evidence_keys.get(focus) or keys.get(path)
        bucket = by_field.setdefault(key, []) if key else general
        if all(p["message_en"] != problem["message_en"] for p in bucket):  # one shape, several checks: say it once
            bucket.append(problem)
    sources = _sources(request, catalogue, lang)
    options = _options(request, catalogue, _all_fields(fields, groups), lang)
    return {
        "lang": lang, "kind": kind, "slug": slug, "fields": labelled, "values": values,
        "groups": groups, "items": items, "field_label": field_label,
        "templates": {g.key: blank_entry(subject, g, f"{g.key}.") for g in groups},
        "options": options, "version": version, "account": account,
        "csrf": csrf, "problems": by_field, "general": general, "notice": notice, "unchanged": unchanged,
        "summary": _summary(by_field, labelled, groups, items, nodes, field_label, lang),
        "problem_items": {name for name, _, _ in nodes.values() if by_field.get(name)},
        "problems_under": lambda name: any(key.startswith(name + ".") for key in by_field),
        "titles": _titles(groups, items, options, lang),
        "sources": sources, "source_names": {o["iri"]: o["label"] for o in sources},
        "evidence": current_evidence(base, subject, fields) if graph is not None else {},
        "evidence_values": evidence_values(fields, form) if form is not None else {},
        "message": (form.get("message") or "") if form is not None else "",
    }


def _titles(groups, items, options, lang) -> dict[str, str]:
    """A line per item for its folded heading, from what it holds: the names of the actors and
    concepts chosen, then a number or a year, then the start of its description ("Ragnsells, E.ON,
    Bränslen, Befintligt")."""
    names = {o["iri"]: o["label"] for choices in options.values() for o in choices}
    titles = {}

    def walk(group, entries):
        for entry in entries:
            if entry["blank"]:
                continue
            parts = []
            for f in group.fields:
                value = entry["values"].get(f.key)
                if f.widget in ("record", "concept"):
                    parts += [names.get(v, "") for v in value if names.get(v)]
                elif f.widget in ("integer", "number", "string") and value:
                    parts.append(str(value))
                elif f.widget == "text" and value and not parts:
                    text = value.get(lang) or value.get("sv") or ""
                    parts.append(text[:60] + ("…" if len(text) > 60 else "")) if text else None
            titles[entry["name"]] = ", ".join(parts[:5])
            for nested in group.groups:
                walk(nested, entry["groups"][nested.key])
    for group in groups:
        walk(group, items[group.key])
    return titles


def _summary(by_field, labelled, groups, items, nodes, field_label, lang) -> list[dict]:
    """The problems for the summary at the top, in the form's order, each with the field it links to."""
    found = [{"key": e["field"].key, "label": e["label"], "problem": p} for e in labelled for p in by_field.get(e["field"].key, [])]

    def walk(group, entries, title):
        for entry in entries:
            if entry["blank"]:
                continue
            name = entry["name"]
            heading = f"{title}{group.item_name(lang)} {entry['number'] + 1}" if not title else f"{title}{group.item_name(lang).lower()}"
            found.extend({"key": name, "label": heading, "problem": p} for p in by_field.get(name, []))
            for f in group.fields:
                found.extend({"key": f"{name}.{f.key}", "label": f"{heading} – {field_label(f)}", "problem": p}
                             for p in by_field.get(f"{name}.{f.key}", []))
            for nested in group.groups:
                walk(nested, entry["groups"][nested.key], f"{heading} – ")
            found.extend({"key": f"{name}.ev", "label": f"{heading} – {'belägg' if lang == 'sv' else 'evidence'}", "problem": p}
                         for p in by_field.get(f"{name}.ev", []))
    for group in groups:
        walk(group, items[group.key], "")
    return found


def _cookie_flags(request: Request) -> dict:
    """HttpOnly, SameSite=Strict, and Secure when the public address is https (SYMBIOS_BASE_IRI: behind
    a proxy the app sees plain http) or the request itself is."""
    secure = request.url.scheme == "https" or request.app.state.settings.base_iri.lower().startswith("https://")
    return {"httponly": True, "samesite": "strict", "secure": secure}


def _login_page(request: Request, next: str, error: str | None = None, status: int = 200) -> Response:
    """The login form, its CSRF token bound to the browser's pre-session cookie (kept across reloads)."""
    pre_session = request.cookies.get(LOGIN_COOKIE) or new_pre_session()
    response = _page(request, "login.html", {"lang": _lang(request), "next": next, "error": error,
                                             "csrf": login_csrf(pre_session)}, status=status)
    response.set_cookie(LOGIN_COOKIE, pre_session, max_age=int(LOGIN_LIFETIME.total_seconds()), path="/login",
                        **_cookie_flags(request))
    return response


@router.get("/login", name="login")
def login_form(request: Request, next: str = "/curate"):
    return _login_page(request, next)


@router.post("/login")
async def login(request: Request):
    form = await request.form()
    target = form.get("next") or "/curate"
    if not target.startswith("/") or target.startswith("//"):
        target = "/curate"  # never redirect to another site
    try:
        check_login_csrf(request.cookies.get(LOGIN_COOKIE), form.get("csrf"))
        session, _ = request.app.state.sessions.login(form.get("token") or "")
    except (ForbiddenOperation, Unauthorized) as error:
        return _login_page(request, target, error.message, status=error.status)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(COOKIE, session, max_age=int(LIFETIME.total_seconds()), path="/", **_cookie_flags(request))
    response.delete_cookie(LOGIN_COOKIE, path="/login", **_cookie_flags(request))
    return response


@router.post("/logout")
async def logout(request: Request):
    form = await request.form()
    sessions = request.app.state.sessions
    sessions.check_csrf(request.cookies.get(COOKIE), form.get("csrf"))
    sessions.logout(request.cookies.get(COOKIE))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(COOKIE, path="/", **_cookie_flags(request))
    return response


@router.get("/curate/new", name="new_record")
def new_record(request: Request, kind: str = "initiative", slug: str = ""):
    """The "new record" form on /curate: check the slug, then open an empty edit form for it."""
    _kind(kind)
    if not SLUG.fullmatch(slug):
        raise BadRequest(f"{slug!r} cannot name a record: use lower-case letters, digits and hyphens, e.g. "
                         "'biogas-hub-ystad'.", parameter="slug")
    return RedirectResponse(f"/curate/{kind}/{slug}?create=1&lang={_lang(request)}", status_code=303)


@router.get("/curate/{kind}/{slug}", name="edit")
def edit_form(kind: str, slug: str, request: Request, create: bool = False, catalogue: Catalogue = Depends(get_catalogue),
              curation: Curation = Depends(get_curation)):
    try:
        account, csrf = _session(request)
    except _LoginNeeded:
        return _to_login(request)
    lang = _lang(request)
    form_shape = _fields(request, kind)
    version = _current_or_new(curation, kind, slug, create)
    graph = version.graph() if version else Graph()
    values = current_values(graph, URIRef(record_iri(kind, slug)), form_shape[0])
    return _page(request, "edit.html", _form_context(request, catalogue, kind, slug, lang, form_shape, values,
                                                     version, account, csrf, graph=graph))


def _current_or_new(curation: Curation, kind: str, slug: str, create: bool):
    """The version a form edits; None for a record being created (which must not exist yet)."""
    try:
        version = curation.current(kind, slug)
    except NotFound:
        if create:
            return None
        raise
    if create:
        raise Conflict(f"The {kind} {slug!r} exists already: edit it at /curate/{kind}/{slug}.")
    return version


@router.post("/curate/{kind}/{slug}")
async def save_form(kind: str, slug: str, request: Request, catalogue: Catalogue = Depends(get_catalogue),
                    curation: Curation = Depends(get_curation)):
    form = await request.form()
    lang = _lang(request)
    try:
        account = request.app.state.sessions.check_csrf(request.cookies.get(COOKIE), form.get("csrf"))
    except Unauthorized:
        return _to_login(request)
    csrf = form.get("csrf")
    action = form.get("action") or "save"
    if action not in ACTIONS:
        raise BadRequest(f"Unknown action {action!r}: the form saves, submits or publishes. Nothing was saved.",
                         parameter="action", accepted=list(ACTIONS))
    check_role(account, ACTIONS[action], action.capitalize())
    form_shape = _fields(request, kind)
    fields, groups = form_shape
    subject = URIRef(record_iri(kind, slug))
    creating = bool(form.get("create"))
    current = _current_or_new(curation, kind, slug, creating)
    base = current.graph() if current else Graph().add((subject, RDF.type, _kind(kind)))
    graph = apply_form(base, subject, fields, form, groups)
    message = form.get("message") or ""

    def save(budget: Budget):
        saved = curation.save(kind, slug, graph, account.name, message or ("Created" if creating else ""),
                              form.get("etag"), create=creating, budget=budget)
        if action in ("submit", "publish"):
            saved = curation.transition(kind, slug, action, account.name, message, saved.etag, budget=budget)
        return saved

    try:
        version = await run_write(request, save)
    except InvalidData as error:
        values = current_values(graph, subject, fields)
        context = _form_context(request, catalogue, kind, slug, lang, form_shape, values, current, account, csrf,
                                problems=error.details.get("problems", []), graph=base, form=form, written=graph)
        return _page(request, "edit.html", context)  # the form again, with each problem at its field, nothing lost
    except PreconditionFailed:  # someone saved in between: say what they changed; nothing of ours is stored
        values = current_values(graph, subject, fields)
        notice = ("Någon har sparat posten sedan du öppnade den. Dina ändringar är inte sparade: öppna posten igen och gör om dem."
                  if lang == "sv" else "Someone saved this record since you opened it. Your changes are not saved: reopen it and redo them.")
        labels = with_drafts(catalogue.labels, curation)
        conflict = changes_since(curation, kind, slug, form.get("etag") or "", labels, read_shapes(request.app.state.settings.shapes_dir),
                                 lang).as_dict(lang)
        context = _form_context(request, catalogue, kind, slug, lang, form_shape, values, current, account, csrf, notice=notice,
                                graph=base, form=form, written=graph)
        return _page(request, "edit.html", {**context, "conflict": conflict}, status=409)
    if not version.changed:  # nothing to store: say so, and no "+0 / −0" version (#20)
        values = current_values(version.graph(), subject, fields)
        return _page(request, "edit.html", _form_context(request, catalogue, kind, slug, lang, form_shape, values, version,
                                                         account, csrf, unchanged=True, graph=version.graph()))
    return RedirectResponse(f"/curate/{kind}/{slug}/history?lang={lang}&saved={version.number}", status_code=303)
