"""Create an actor from inside another record's form (#20 item 2).

``GET /curate/actors/inline`` answers the "New actor" dialog (an HTML fragment the edit form's
script puts in the page: name, actor type, places and the evidence that names the actor);
``POST /curate/actors/inline`` takes what the curator typed there as JSON and saves it as a new
actor *draft* through the curation layer (validated, quote checked, versioned like every write),
answering the new actor's IRI and label so the script can add it to the page's actor pickers.
Both need a curator's browser session; the POST also its CSRF token (header ``X-CSRF-Token``).
Errors come in the one error shape: 422 with ``problems`` each naming its dialog ``field``, 409
when an actor of that name exists already (the problem's ``value`` is that actor).
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from rdflib import URIRef
from rdflib.namespace import SKOS

from catalogue.curation import Curation, kind_of
from catalogue.errors import Conflict, InvalidData, NotFound, PreconditionFailed, Unauthorized
from catalogue.inline_actor import ACTOR_TYPES, actor_graph, field_of, name_key, problem, read_request, unique_slug
from catalogue.labels import slug_of
from catalogue.namespaces import ID, record_iri
from catalogue.places import fold
from catalogue.service import Catalogue
from catalogue.sessions import COOKIE

from ..auth import check_role
from ..deps import get_catalogue
from ..edge import parse_json
from ..language import request_page_language
from ..responses import JSONResponse
from .curation import get_curation, read_body, run_write

router = APIRouter(include_in_schema=False)
PATH = "/curate/actors/inline"
#: Tries at a free slug when another curator takes the one chosen between the check and the save.
SLUG_TRIES = 3


def _account(request: Request):
    found = request.app.state.sessions.find(request.cookies.get(COOKIE))
    if found is None:
        raise Unauthorized("Log in first: your session has ended.")
    check_role(found[0], "curator", "Creating an actor")
    return found


def _search(*names: str) -> str:
    """The text a picker searches: every name, lower-case and without accents."""
    return " ".join(dict.fromkeys(fold(n) for n in names if n))


def _records(catalogue: Catalogue, curation: Curation, kind: str, lang: str) -> list[dict]:
    """Published records of ``kind`` and the ones still drafts or in review, by label."""
    prefix = f"{ID}{kind}/"
    found = {iri: catalogue.labels.names.get(iri, {}) for iri in catalogue.store.graph_names() if iri.startswith(prefix)}
    for version in curation.pending():
        if version.record.startswith(prefix) and version.record not in found:
            graph = version.graph()
            found[version.record] = {o.language: str(o) for p in (SKOS.prefLabel, URIRef("http://purl.org/dc/terms/title"))
                                     for o in graph.objects(URIRef(version.record), p) if getattr(o, "language", None)}
    options = [{"iri": iri, "label": names.get(lang) or names.get("sv") or names.get("en") or slug_of(iri),
                "search": _search(*names.values())} for iri, names in found.items()]
    return sorted(options, key=lambda o: fold(o["label"]))


def _actor_types(catalogue: Catalogue, lang: str) -> list[dict]:
    return concept_tree(catalogue, ACTOR_TYPES, lang)


def concept_tree(catalogue: Catalogue, scheme: str, lang: str) -> list[dict]:
    """The scheme's concepts in tree order (each after its broader one, by name), with their depth."""
    concepts = catalogue.concepts.find(catalogue.labels, slug_of(scheme), None, lang, current_only=True)
    known = {c["iri"] for c in concepts}
    below: dict[str | None, list[dict]] = {}
    for c in concepts:
        parent = next((b["iri"] for b in c["broader"] if b["iri"] in known), None)
        below.setdefault(parent, []).append(c)
    ordered: list[dict] = []

    def walk(parent: str | None, depth: int) -> None:
        for c in sorted(below.get(parent, []), key=lambda c: fold(c["label"])):
            ordered.append({"iri": c["iri"], "label": c["label"], "depth": depth,
                            "search": _search(c["labels"].get("sv", ""), c["labels"].get("en", ""),  # sv first, whatever the store's order
                                              *c["labels"].values(), *c["alt_labels"])})
            walk(c["iri"], depth + 1)
    walk(None, 0)
    return ordered


@router.get(PATH)
def inline_actor_dialog(request: Request, catalogue: Catalogue = Depends(get_catalogue),
                        curation: Curation = Depends(get_curation)):
    """The dialog, in the page's language, with the session's CSRF token."""
    _, csrf = _account(request)
    lang = request_page_language(request)
    context = {"lang": lang, "csrf": csrf, "actor_types": _actor_types(catalogue, lang),
               "places": _records(catalogue, curation, "place", lang),
               "sources": _records(catalogue, curation, "source", lang)}
    return request.app.state.templates.TemplateResponse(request, "_inline_actor.html", context)


def _existing(catalogue: Catalogue, curation: Curation, name: str) -> str | None:
    """An actor, published or not, already called ``name`` (in either language)."""
    wanted = name_key(name)
    for iri, names in catalogue.labels.names.items():
        if iri.startswith(f"{ID}actor/") and "#" not in iri and any(name_key(n) == wanted for n in names.values()):
            return iri
    for version in curation.pending():
        if kind_of(version.record) == "actor":
            labels = version.graph().objects(URIRef(version.record), SKOS.prefLabel)
            if any(name_key(str(label)) == wanted for label in labels):
                return version.record
    return None


def _taken(catalogue: Catalogue, curation: Curation):
    graphs = set(catalogue.store.graph_names())

    def taken(slug: str) -> bool:
        if record_iri("actor", slug) in graphs:
            return True
        try:
            curation.history("actor", slug)
        except NotFound:
            return False
        return True
    return taken


@router.post(PATH)
async def create_inline_actor(request: Request, catalogue: Catalogue = Depends(get_catalogue),
                              curation: Curation = Depends(get_curation)):
    account = request.app.state.sessions.check_csrf(request.cookies.get(COOKIE), request.headers.get("x-csrf-token"))
    check_role(account, "curator", "Creating an actor")
    lang = request_page_language(request)
    actor = read_request(parse_json(await read_body(request), "the new actor: name, actor_type, places, evidence",
                                    invalid=InvalidData))
    for name in filter(None, (actor.name_sv, actor.name_en)):
        same = _existing(catalogue, curation, name)
        if same:
            label = catalogue.labels.get(same, lang) if same in catalogue.labels.names else name
            raise Conflict(f"An actor called {name!r} exists already: choose it in the list instead.",
                           parameter="name_sv", problems=[problem(
                               "name_sv" if name == actor.name_sv else "name_en",
                               f"Det finns redan en aktör som heter {label}. Välj den i listan i stället.",
                               f"There is already an actor called {label}. Choose it in the list instead.", same)])

    def save(budget):
        for _ in range(SLUG_TRIES):
            slug = unique_slug(actor.name_sv, _taken(catalogue, curation))
            try:
                return slug, curation.save("actor", slug, actor_graph(slug, actor), account.name,
                                           f"Created from the edit form: {actor.name_sv}", None, create=True, budget=budget)
            except PreconditionFailed:
                continue  # someone took the slug in between: the next free one
        raise Conflict("Could not find a free record name for the actor; try again.", parameter="name_sv")

    try:
        slug, version = await run_write(request, save)
    except InvalidData as error:
        found = [{**p, "field": p.get("field") or field_of(p)} for p in error.details.get("problems", [])]
        raise InvalidData(error.message, problems=found) from None
    iri = record_iri("actor", slug)
    label = actor.name_en if lang == "en" and actor.name_en else actor.name_sv
    body = {"ok": True, "record": iri, "slug": slug, "label": label, "search": _search(actor.name_sv, actor.name_en),
            "edit": f"/curate/actor/{slug}?lang={lang}", **version.summary()}
    return JSONResponse(body, status_code=201, headers={"ETag": version.etag, "Location": f"/curate/actor/{slug}"})
