"""HTML pages: search with facets (the home page) and the map of initiatives."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request

from catalogue.facets import FACETS
from catalogue.labels import slug_of
from catalogue.listing import search_initiatives
from catalogue.mapping import markers, place_points
from catalogue.service import Catalogue

from ..deps import get_catalogue
from ..edge import MAX_OFFSET, bounded_int, page_query_text
from ..language import request_page_language

router = APIRouter()
PAGE_SIZE = 20
#: Facets shown on the search page, in order, with their titles (sv, en).
SHOWN = {
    "resource": ("Resurstyp", "Resource type"),
    "region": ("Län", "County"),
    "kind": ("Typ av initiativ", "Kind of initiative"),
    "status": ("Status", "Status"),
    "exchange_status": ("Utbytenas status", "Status of exchanges"),
    "actor_type": ("Aktörstyp", "Actor type"),
    "driver": ("Drivkrafter", "Drivers"),
    "barrier": ("Hinder", "Barriers"),
}
PAGE_PARAMETERS = {*FACETS, "q", "lang", "offset", "sort"}


def _query(request: Request) -> list[tuple[str, str]]:
    """The page's own parameters for its links: offset left out, unknown ones (utm_*, fbclid …) dropped,
    q as searched (cut to SYMBIOS_QUERY_TEXT_MAX) and lang as chosen (sv-SE → sv), last."""
    q = _search_text(request)[0]
    kept = [(k, v) for k, v in request.query_params.multi_items() if k in PAGE_PARAMETERS - {"offset", "q", "lang"} and v != ""]
    return [*([("q", q)] if q else []), *kept, ("lang", request_page_language(request))]


def _search_text(request: Request) -> tuple[str | None, bool]:
    return page_query_text(request.query_params.get("q"), request.app.state.settings.query_text_max)


def _toggle(pairs: list[tuple[str, str]], facet: str, slug: str) -> str:
    pair = (facet, slug)
    changed = [p for p in pairs if p != pair] if pair in pairs else [*pairs, pair]
    return "/?" + urlencode(changed)


def _facet_values(pairs, facet: str, counts: list[dict]) -> list[dict]:
    chosen = {slug_of(v) for k, v in pairs if k == facet}
    return [{**value, "selected": value["slug"] in chosen, "href": _toggle(pairs, facet, value["slug"])} for value in counts]


def _tree(values: list[dict], catalogue: Catalogue) -> list[dict]:
    """Counted resource types nested under their counted broader types (the SKOS hierarchy)."""
    by_iri = {v["iri"]: {**v, "children": []} for v in values}
    roots = []
    for iri, node in by_iri.items():
        concept = catalogue.concepts.concepts.get(iri)
        parent = next((b for b in sorted(concept.broader) if b in by_iri), None) if concept else None
        (by_iri[parent]["children"] if parent else roots).append(node)
    return roots


def search_context(request: Request, catalogue: Catalogue, lang: str, limit: int) -> dict:
    params = request.query_params  # unknown parameters (utm_*, fbclid …) are ignored: see _query
    offset = bounded_int(params.get("offset") or "0", "offset", 0, MAX_OFFSET)
    filters = {facet: params.getlist(facet) for facet in FACETS}
    q, q_cut = _search_text(request)
    result = search_initiatives(catalogue, filters, q, None, None, params.get("sort") or None, lang, limit, offset)
    pairs = _query(request)
    facets = []
    for facet, (title_sv, title_en) in SHOWN.items():
        values = _facet_values(pairs, facet, result["facets"].get(facet, []))
        facets.append({
            "name": facet,
            "title": title_sv if lang == "sv" else title_en,
            "values": _tree(values, catalogue) if facet == "resource" else values,
            "open": any(v["selected"] for v in values),
        })
    base = urlencode(pairs)
    return {
        "lang": lang,
        "q": q or "",
        "q_cut": request.app.state.settings.query_text_max if q_cut else None,
        "result": result,
        "facets": facets,
        "selected": [(k, v) for k, v in pairs if k in FACETS],
        "query": base,
        "page_parameters": pairs,  # base.html's language switch: no unknown parameter in it
        "previous": f"/?{urlencode([*pairs, ('offset', max(0, offset - limit))])}" if offset > 0 else None,
        "next": f"/?{urlencode([*pairs, ('offset', offset + limit)])}" if offset + limit < result["total"] else None,
    }


@router.get("/", name="home", include_in_schema=False)
def home(request: Request, catalogue: Catalogue = Depends(get_catalogue)):
    """Search: a text box, facets with counts, and the matching initiatives; every search is a URL."""
    lang = request_page_language(request)
    context = search_context(request, catalogue, lang, PAGE_SIZE)
    return request.app.state.templates.TemplateResponse(request, "home.html", context)


@router.get("/map", name="map", include_in_schema=False)
def map_page(request: Request, catalogue: Catalogue = Depends(get_catalogue)):
    """The initiatives of a search on a map of Sweden (municipality-level points)."""
    lang = request_page_language(request)
    context = search_context(request, catalogue, lang, limit=500)
    placed, unplaced = markers(context["result"]["items"], place_points(catalogue.store))
    settings = request.app.state.settings
    context.update({"markers": placed, "unplaced": unplaced,
                    "tiles": {"url": settings.map_tiles, "attribution": settings.map_attribution}})
    return request.app.state.templates.TemplateResponse(request, "map.html", context)
