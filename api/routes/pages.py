"""HTML pages: search with facets (the home page) and the map of initiatives.

Every link a search page makes (facet values, chips, sort, pages) is built from the search as
validated — known filters with resolved values, ``q`` as cut by :func:`api.edge.page_query_text`, a
known sort, the chosen language — never from the raw query string, so tracking parameters and a
pasted essay do not travel on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request

from catalogue.errors import BadRequest
from catalogue.facets import FACETS, SORTS
from catalogue.listing import search_initiatives
from catalogue.mapping import markers, place_points
from catalogue.service import Catalogue

from ..deps import get_catalogue
from ..edge import MAX_OFFSET, bounded_int, page_query_text
from ..language import request_page_language

router = APIRouter()
PAGE_SIZE = 20
#: Facets shown on the search page, in order, with their titles (sv, en); a facet without counted
#: values (e.g. municipality before the index counts it) is left out of the page.
SHOWN = {
    "resource": ("Resurstyp", "Resource type"),
    "region": ("Län", "County"),
    "municipality": ("Kommun", "Municipality"),
    "kind": ("Typ av initiativ", "Kind of initiative"),
    "status": ("Status", "Status"),
    "exchange_status": ("Utbytenas status", "Status of exchanges"),
    "actor_type": ("Aktörstyp", "Actor type"),
    "driver": ("Drivkrafter", "Drivers"),
    "barrier": ("Hinder", "Barriers"),
}
#: Every filter's title (sv, en), for the chips of active filters (a link may set one not shown as a facet).
TITLES = {
    **SHOWN,
    "resource_category": ("Resurskategori", "Resource category"),
    "actor": ("Aktör", "Actor"),
    "role": ("Roll", "Role"),
    "funder": ("Finansiär", "Funder"),
    "programme": ("Finansieringsprogram", "Funding programme"),
    "outcome": ("Resultat", "Outcome"),
}
#: Values of a facet listed before the rest fold under "Visa fler (N)" / "Show more (N)"; narrower
#: values under a broader one fold after CHILD_PREVIEW.
FACET_PREVIEW = 8
CHILD_PREVIEW = 5
#: Facets shown as their concept hierarchy (narrower values under broader ones).
TREES = ("resource", "kind", "actor_type", "driver", "barrier")
#: The sort orders offered, in the order of the sort control (relevance only when there is a q).
SORT_LABELS = {
    "relevance": ("Relevans", "Relevance"),
    "label": ("Namn A–Ö", "Name A–Z"),
    "-label": ("Namn Ö–A", "Name Z–A"),
    "-start_year": ("Startår, nyast först", "Start year, newest first"),
    "start_year": ("Startår, äldst först", "Start year, oldest first"),
}
#: How "matched because" names each kind of match (sv, en); ``{}`` is the matched label.
MATCH_REASONS = {
    "concept": ("begreppet {}", "the concept {}"),
    "name": ("namnet", "the name"),
    "description": ("beskrivningen", "the description"),
    "actor": ("aktören {}", "the actor {}"),
    "place": ("platsen {}", "the place {}"),
    "spelling": ("ett ord som stavas nästan likadant", "a word spelled nearly the same"),
}
#: Page numbers shown on each side of the current one.
PAGE_WINDOW = 2
PAGE_PARAMETERS = {*FACETS, "q", "lang", "offset", "sort"}


def _search_text(request: Request) -> tuple[str | None, bool]:
    return page_query_text(request.query_params.get("q"), request.app.state.settings.query_text_max)


@dataclass
class Search:
    """A validated search and the links that change it: ``filters`` are (facet, slug) pairs."""

    path: str
    lang: str
    q: str | None = None
    sort: str | None = None
    filters: list[tuple[str, str]] = field(default_factory=list)

    def pairs(self, filters=None, q: str | None | bool = True, sort: str | None | bool = True) -> list[tuple[str, str]]:
        """The query of this search, with ``filters``, ``q`` or ``sort`` replaced when given (False drops it);
        offset left out, lang last."""
        q = self.q if q is True else q
        sort = self.sort if sort is True else sort
        if sort == "relevance" and not q:
            sort = None
        return [*([("q", q)] if q else []), *(self.filters if filters is None else filters),
                *([("sort", sort)] if sort else []), ("lang", self.lang)]

    def href(self, offset: int = 0, **changes) -> str:
        pairs = self.pairs(**changes)
        return f"{self.path}?{urlencode([*pairs, *([('offset', offset)] if offset else [])])}"

    def toggle(self, facet: str, slug: str) -> str:
        pair = (facet, slug)
        return self.href(filters=[p for p in self.filters if p != pair] if pair in self.filters else [*self.filters, pair])


#: Longest unknown filter value repeated back in the page's notice.
IGNORED_VALUE_SHOWN = 60


def _known_filters(catalogue: Catalogue, params) -> tuple[dict[str, list[str]], list[tuple[str, str]]]:
    """The query string's filter values that name something in the catalogue, by facet, and the
    (facet, value) pairs left out: a shared link with a stale or mistyped value still opens the search
    (the page says what it left out); the JSON API refuses such a value with a 400."""
    filters: dict[str, list[str]] = {}
    ignored: list[tuple[str, str]] = []
    for facet in FACETS:
        filters[facet] = []
        for value in params.getlist(facet):
            if not value:
                continue
            try:
                catalogue.index.resolve(facet, value)
            except BadRequest:
                ignored.append((facet, value[:IGNORED_VALUE_SHOWN]))
                continue
            filters[facet].append(value)
    return filters, ignored


def _validated_filters(catalogue: Catalogue, filters: dict[str, list[str]]) -> list[tuple[str, str]]:
    """The known filter values as (facet, slug) pairs, each once, in the order given."""
    pairs = []
    for facet, namespace in FACETS.items():
        for value in filters.get(facet, []):
            if not value:
                continue
            iri = catalogue.index.resolve(facet, value)
            pair = (facet, iri[len(namespace):] if iri.startswith(namespace) else iri)
            if pair not in pairs:
                pairs.append(pair)
    return pairs


def _facet_values(search: Search, facet: str, counts: list[dict]) -> list[dict]:
    chosen = {slug for name, slug in search.filters if name == facet}
    return [{**value, "selected": value["slug"] in chosen, "href": search.toggle(facet, value["slug"])} for value in counts]


def _tree(values: list[dict], catalogue: Catalogue) -> list[dict]:
    """Counted resource types nested under their counted broader types (the SKOS hierarchy)."""
    by_iri = {v["iri"]: {**v, "children": []} for v in values}
    roots = []
    for iri, node in by_iri.items():
        concept = catalogue.concepts.concepts.get(iri)
        parent = next((b for b in sorted(concept.broader) if b in by_iri), None) if concept else None
        (by_iri[parent]["children"] if parent else roots).append(node)
    return roots


def _any_selected(values: list[dict]) -> bool:
    return any(v["selected"] or _any_selected(v.get("children", [])) for v in values)


def _fold(values: list[dict], preview: int = FACET_PREVIEW) -> dict:
    """Values as ``{"shown", "rest", "open"}``: the first ``preview`` shown, the rest folded (open when a
    chosen value is among them), each value's narrower values folded the same way after CHILD_PREVIEW."""
    nodes = [{**v, "folded": _fold(v["children"], CHILD_PREVIEW) if v.get("children") else None} for v in values]
    if len(nodes) <= preview + 2:  # folding one or two values would take as much room as showing them
        return {"shown": nodes, "rest": [], "open": False}
    return {"shown": nodes[:preview], "rest": nodes[preview:], "open": _any_selected(values[preview:])}


def _chips(catalogue: Catalogue, search: Search) -> list[dict]:
    """The active filters as chips: the facet's title, the value's label and a link without it."""
    sv = search.lang == "sv"
    chips = []
    for facet, slug in search.filters:
        title_sv, title_en = TITLES.get(facet, (facet, facet))
        iri = slug if slug.startswith(("http://", "https://")) else FACETS[facet] + slug
        chips.append({"facet": facet, "title": title_sv if sv else title_en,
                      "label": catalogue.labels.get(iri, search.lang),
                      "href": search.href(filters=[p for p in search.filters if p != (facet, slug)])})
    return chips


def _pages(search: Search, total: int, limit: int, offset: int) -> dict:
    """"1–20 av 42" and the page links: previous, the first page's number, the numbers around the current
    one, the last page's number, next (a gap between numbers that do not follow each other)."""
    last = max(1, -(-total // limit))
    current = min(offset // limit + 1, last)
    shown = sorted({1, last, *range(max(1, current - PAGE_WINDOW), min(last, current + PAGE_WINDOW) + 1)})
    numbers, before = [], 0
    for number in shown:
        if number > before + 1:
            numbers.append({"gap": True})
        numbers.append({"number": number, "href": search.href(offset=(number - 1) * limit), "current": number == current and offset < total})
        before = number
    link = lambda number: search.href(offset=(number - 1) * limit)
    return {
        "start": offset + 1 if offset < total else 0,
        "end": min(offset + limit, total),
        "current": current,
        "last": last,
        "numbers": numbers if last > 1 or offset else [],
        "past_end": offset >= total > 0,
        "first_href": link(1),
        "previous_href": link(current - 1) if current > 1 else None,
        "next_href": link(current + 1) if current < last else None,
    }


def _number(n: int, lang: str) -> str:
    """A whole number the page's way: 1 234 on Swedish pages (a no-break space), 1,234 on English ones."""
    return f"{n:,}".replace(",", "\u00a0" if lang == "sv" else ",")


def marked(text: str, highlights: list[list[int]]) -> list[dict]:
    """``text`` as parts, ``{"text", "mark"}``, the ``[start, end)`` spans of ``highlights`` marked. The
    template escapes each part, so markup in a record's text stays text, and only <mark> is ours."""
    parts, at = [], 0
    for start, end in sorted(highlights):
        start, end = max(start, at), min(end, len(text))
        if start >= end:
            continue
        if start > at:
            parts.append({"text": text[at:start], "mark": False})
        parts.append({"text": text[start:end], "mark": True})
        at = end
    if at < len(text):
        parts.append({"text": text[at:], "mark": False})
    return parts


def _reasons(matched: list[dict], lang: str) -> list[str]:
    """"Matched because" in words: ``begreppet Tekniskt vatten``, ``namnet`` (kinds without a wording are left out)."""
    reasons = []
    for match in matched or []:
        wording = MATCH_REASONS.get(match.get("kind"))
        if wording is None or ("{}" in wording[0] and not match.get("label")):
            continue
        reason = (wording[0] if lang == "sv" else wording[1]).format(match.get("label", ""))
        if reason not in reasons:
            reasons.append(reason)
    return reasons


def _explained(items: list[dict], lang: str) -> list[dict]:
    """Each result with its snippet as marked parts (and the snippet's language) and its reasons in words."""
    explained = []
    for item in items:
        snippet = item.get("snippet") or {}
        explained.append({**item, "snippet_parts": marked(snippet.get("text") or "", snippet.get("highlights") or []),
                          "snippet_lang": snippet.get("lang"), "reasons": _reasons(item.get("matched"), lang)})
    return explained


def search_context(request: Request, catalogue: Catalogue, lang: str, limit: int) -> dict:
    params = request.query_params  # unknown parameters (utm_*, fbclid …) are ignored: links use Search
    offset = bounded_int(params.get("offset") or "0", "offset", 0, MAX_OFFSET)
    filters, ignored = _known_filters(catalogue, params)
    q, q_cut = _search_text(request)
    sort = params.get("sort") if params.get("sort") in SORTS else None  # a shared link's odd sort: the default
    result = search_initiatives(catalogue, filters, q, None, None, sort, lang, limit, offset)
    search = Search(path=request.url.path, lang=lang, q=q, sort=sort, filters=_validated_filters(catalogue, filters))
    sv = lang == "sv"
    facets = []
    for facet, (title_sv, title_en) in SHOWN.items():
        values = _facet_values(search, facet, result["facets"].get(facet, []))
        shown = _tree(values, catalogue) if facet in TREES else values
        facets.append({
            "name": facet,
            "title": title_sv if sv else title_en,
            "values": shown,
            "folded": _fold(shown),
            "open": any(v["selected"] for v in values),
        })
    pages = _pages(search, result["total"], limit, offset)
    chosen_sort = sort or ("relevance" if q else "label")
    return {
        "lang": lang,
        "q": q or "",
        "q_cut": request.app.state.settings.query_text_max if q_cut else None,
        "ignored": [{"title": TITLES.get(facet, (facet, facet))[0 if sv else 1], "value": value} for facet, value in ignored],
        "result": {**result, "items": _explained(result["items"], lang)},
        "facets": facets,
        "chips": _chips(catalogue, search),
        "clear_href": search.href(filters=[], q=False, sort=False),
        "q_remove_href": search.href(q=False) if q else None,
        "selected": search.filters,
        "query": urlencode(search.pairs()),
        "search": search,
        "page_parameters": search.pairs(),  # base.html's language switch: no unknown parameter in it
        "sort": chosen_sort,
        "sorts": [{"value": value, "label": labels[0 if sv else 1], "selected": value == chosen_sort}
                  for value, labels in SORT_LABELS.items() if value in SORTS and (q or value != "relevance")],
        "pages": pages,
        "total_text": _number(result["total"], lang),
        "suggestions": [{"text": s, "href": search.href(q=s, sort=False)} for s in result.get("suggestions") or []],
        "previous": pages["previous_href"],
        "next": pages["next_href"],
    }


@router.get("/", name="home", include_in_schema=False)
def home(request: Request, catalogue: Catalogue = Depends(get_catalogue)):
    """Search: a text box, facets with counts, and the matching initiatives; every search is a URL."""
    lang = request_page_language(request)
    context = search_context(request, catalogue, lang, PAGE_SIZE)
    return request.app.state.templates.TemplateResponse(request, "home.html", context)


@router.get("/map", name="map", include_in_schema=False)
def map_page(request: Request, catalogue: Catalogue = Depends(get_catalogue)):
    """The initiatives of a search on a map of Sweden (municipality-level points) with the search's
    facets and chips; the base map and its tiles come from _basemap.html (the ``map_tiles`` global)."""
    lang = request_page_language(request)
    context = search_context(request, catalogue, lang, limit=500)
    placed, unplaced = markers(context["result"]["items"], place_points(catalogue.store))
    context.update({"markers": placed, "unplaced": unplaced})
    return request.app.state.templates.TemplateResponse(request, "map.html", context)
