"""Lists of records for pages and the API."""

from __future__ import annotations

from dataclasses import dataclass

from . import queries
from .errors import BadRequest
from .facets import FACETS, fold, place_key
from .search_answers import Explainer, matched, snippet, suggestions
from .store import Store


@dataclass
class InitiativeSummary:
    iri: str
    slug: str
    label: str
    status: str | None
    start_year: int | None
    places: str


def list_initiatives(store: Store, lang: str = "sv") -> list[InitiativeSummary]:
    items = []
    for row in queries.select(store, "list_initiatives"):
        iri = str(row["initiative"])
        label = row.get(f"label_{lang}") or row["label_sv"]
        status = row.get(f"status_{lang}") or row.get("status_sv")
        year = row.get("start_year")
        items.append(
            InitiativeSummary(
                iri=iri,
                slug=iri.rsplit("/", 1)[-1],
                label=str(label),
                status=None if status is None else str(status),
                start_year=None if year is None else int(year),
                places=str(row.get("places", "")),
            )
        )
    items.sort(key=lambda item: item.label.casefold())
    return items


def list_actor_summaries(catalogue, lang: str = "sv", actor_type: str | None = None, q: str | None = None,
                         limit: int = 100, offset: int = 0) -> dict:
    """Actors with their types and the number of initiatives each takes part in, by name: those of
    ``actor_type`` (a slug or IRI; narrower types match too) whose name in either language holds
    ``q`` (accent- and case-insensitive). An unknown actor type is a 400 naming the accepted ones."""
    wanted = catalogue.index.resolve("actor_type", actor_type) if actor_type else None
    needle = fold(q) if q else None
    items = []
    for row in queries.select(catalogue.store, "list_actors"):
        actor = str(row["actor"])
        types = str(row.get("types", "")).split()
        if wanted and not any(wanted in catalogue.index.hierarchy.up(t) for t in types):
            continue
        if needle and not any(needle in fold(name) for name in catalogue.labels.names.get(actor, {}).values()):
            continue
        items.append({**catalogue.labels.ref(actor, lang),
                      "actor_types": [catalogue.labels.ref(t, lang) for t in types],
                      "initiatives": int(row["initiatives"])})
    items.sort(key=lambda item: item["label"].casefold())
    return {"total": len(items), "limit": limit, "offset": offset, "items": items[offset:offset + limit]}


def summary(catalogue, entry, lang: str, explainer: Explainer | None = None) -> dict:
    """The key facts of one initiative in a search result, with a snippet, and why it matched the query
    (``matched``, empty without one): see :mod:`catalogue.search_answers`."""
    ref = lambda iri: catalogue.labels.ref(iri, lang)
    return {
        "iri": entry.iri,
        "slug": entry.iri.rsplit("/", 1)[-1],
        "label": entry.labels.get(lang) or entry.labels.get("sv"),
        "kind": [ref(i) for i in sorted(entry.values.get("kind_direct", ()))],
        "status": next((ref(i) for i in sorted(entry.values.get("status", ()))), None),
        "start_year": entry.start_year,
        "places": [ref(i) for i in sorted(entry.values.get("municipality", set()) | entry.values.get("region", set()))],
        "resource_types": [ref(i) for i in sorted(entry.values.get("resource_direct", ()))],
        "snippet": snippet(explainer, entry, lang),
        "matched": matched(explainer, entry, catalogue.labels, lang) if explainer is not None else [],
    }


def search_initiatives(catalogue, filters: dict[str, list[str]], q: str | None, started_before: int | None,
                       started_after: int | None, sort: str | None, lang: str, limit: int, offset: int,
                       actor_parts: bool = True, outcome_min: float | None = None,
                       outcome_unit: str | None = None) -> dict:
    """Initiatives matching every filter (values of one filter OR-ed), with facet counts: for the API and pages.
    With a query that finds nothing, ``suggestions`` holds other queries that would ("did you mean")."""
    filters = {facet: filters.get(facet, []) for facet in FACETS}
    sort = sort or ("relevance" if q else "label")
    search = lambda text, size, start: catalogue.index.search(filters, text, started_before, started_after, sort, lang,
                                                              size, start, actor_parts, outcome_min, outcome_unit)
    result = search(q, limit, offset)
    explainer = Explainer(catalogue.index.text, result.match) if result.match is not None else None
    answer = {
        "total": result.total,
        "limit": limit,
        "offset": offset,
        "lang": lang,
        "items": [summary(catalogue, entry, lang, explainer) for entry in result.items],
        "facets": {
            facet: [{**catalogue.labels.ref(iri, lang), "count": count} for iri, count in counts]
            for facet, counts in result.facets.items()
        },
    }
    if q and result.total == 0:
        answer["suggestions"] = suggestions(catalogue.index.text, q, lambda text: search(text, 0, 0).total > 0)
    return answer


PLACE_KINDS = ("municipality", "county")


def _name_rank(key: str, names) -> int | None:
    """0 if a name is ``key`` (as :func:`place_key` compares), 1 if a word of one starts with it, 2 if one
    holds it, else None."""
    keys = {place_key(name) for name in names}
    if key in keys:
        return 0
    if any(k.startswith(key) or f" {key}" in f" {k}" for k in keys):
        return 1
    if any(key in k for k in keys):
        return 2
    return None


def list_places(catalogue, q: str | None = None, kind: str | None = None, lang: str = "sv",
                limit: int = 50, offset: int = 0) -> dict:
    """Municipalities and counties whose name holds ``q`` (accent- and case-insensitive; exact names first,
    then names that start with it), of ``kind``, each with its slug, IRI, page, county, and the number of
    initiatives there and of actors there (located there or taking part in an initiative there)."""
    if kind is not None and kind not in PLACE_KINDS:
        raise BadRequest(f"Unknown kind {kind[:40]!r}. Use one of: {', '.join(PLACE_KINDS)}.", parameter="kind",
                         accepted=list(PLACE_KINDS))
    index = catalogue.index
    key = place_key(q) if q else ""
    found = []
    for place in index.places.values():
        if kind is not None and place.kind != kind:
            continue
        rank = _name_rank(key, place.names) if key else 0
        if rank is None:
            continue
        facet = "municipality" if place.kind == "municipality" else "region"
        initiatives = index.postings.get(facet, {}).get(place.iri, set())
        actors = set(place.actors)
        for iri in initiatives:
            actors |= index.entries[iri].values.get("actor_direct", set())
        slug = place.iri.rsplit("/", 1)[-1]
        found.append((rank, fold(catalogue.labels.get(place.iri, lang)), {
            **catalogue.labels.ref(place.iri, lang),
            "kind": place.kind,
            "url": f"/id/place/{slug}",
            "county": catalogue.labels.ref(place.county, lang) if place.county else None,
            "initiatives": len(initiatives),
            "actors": len(actors),
        }))
    found.sort(key=lambda item: item[:2])
    items = [item for _, _, item in found]
    return {"total": len(items), "limit": limit, "offset": offset, "items": items[offset:offset + limit]}
