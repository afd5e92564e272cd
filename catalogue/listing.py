"""Lists of records for pages and the API."""

from __future__ import annotations

from dataclasses import dataclass

from . import queries
from .facets import FACETS, fold
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


def summary(catalogue, entry, lang: str) -> dict:
    """The key facts of one initiative in a search result."""
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
    }


def search_initiatives(catalogue, filters: dict[str, list[str]], q: str | None, started_before: int | None,
                       started_after: int | None, sort: str | None, lang: str, limit: int, offset: int) -> dict:
    """Initiatives matching every filter (values of one filter OR-ed), with facet counts: for the API and pages."""
    filters = {facet: filters.get(facet, []) for facet in FACETS}
    sort = sort or ("relevance" if q else "label")
    result = catalogue.index.search(filters, q, started_before, started_after, sort, lang, limit, offset)
    return {
        "total": result.total,
        "limit": limit,
        "offset": offset,
        "lang": lang,
        "items": [summary(catalogue, entry, lang) for entry in result.items],
        "facets": {
            facet: [{**catalogue.labels.ref(iri, lang), "count": count} for iri, count in counts]
            for facet, counts in result.facets.items()
        },
    }
