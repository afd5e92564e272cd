"""Filtering and facet counting over the initiatives, from an in-memory index.

The index is built from two SPARQL queries (``index_facet_values.rq``, ``index_texts.rq``) and
answers a filtered, faceted, sorted page of initiatives with set operations only, so it stays
fast at 100k initiatives. Hierarchies are expanded when the index is built: an initiative that
exchanges low-temperature waste heat is also found under waste heat, heat and energy.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from . import queries
from .errors import BadRequest
from .labels import Labels
from .namespaces import CONCEPT, ID
from .store import Store

#: Filter parameter -> the IRI namespace its slugs live in.
FACETS = {
    "resource": CONCEPT + "resource-types/",
    "resource_category": CONCEPT + "resource-types/",
    "exchange_status": CONCEPT + "exchange-status/",
    "actor": ID + "actor/",
    "actor_type": CONCEPT + "actor-types/",
    "role": CONCEPT + "actor-roles/",
    "municipality": ID + "place/",
    "region": ID + "place/",
    "kind": CONCEPT + "initiative-kinds/",
    "status": CONCEPT + "initiative-status/",
    "barrier": CONCEPT + "barrier-types/",
    "driver": CONCEPT + "driver-types/",
    "funder": ID + "actor/",
    "programme": CONCEPT + "funding-programmes/",
}
#: Facets whose counts a search response carries.
COUNTED = ("resource", "resource_category", "region", "kind", "status", "barrier", "driver", "actor_type", "exchange_status")
SORTS = ("label", "-label", "start_year", "-start_year", "relevance")


def fold(text: str) -> str:
    """Case- and accent-insensitive form: 'Stenungssund' and 'stenungssund' match, 'ö' matches 'o'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass
class Entry:
    iri: str
    labels: dict[str, str] = field(default_factory=dict)
    texts: list[tuple[str, str | None, str]] = field(default_factory=list)  # (field, language, text)
    start_year: int | None = None
    values: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


@dataclass
class SearchResult:
    total: int
    items: list[Entry]
    facets: dict[str, list[tuple[str, int]]]


class FacetIndex:
    """All initiatives with their facet values, labels and searchable text."""

    def __init__(self, entries: dict[str, Entry], known: set[str] | frozenset = frozenset()) -> None:
        self.entries = entries
        self.known = known  # every concept and record IRI: a filter on one of them is valid, if empty
        self.text = None  # the ranked text index (catalogue.text_search.TextIndex), set by Catalogue
        self.postings: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for iri, entry in entries.items():
            for facet, values in entry.values.items():
                for value in values:
                    self.postings[facet][value].add(iri)

    @classmethod
    def build(cls, store: Store, labels: Labels) -> "FacetIndex":
        entries: dict[str, Entry] = {}

        def entry(iri: str) -> Entry:
            return entries.setdefault(iri, Entry(iri))

        for row in queries.select(store, "index_texts"):
            item = entry(str(row["initiative"]))
            field_name = str(row["field"])
            if field_name == "startYear":
                try:
                    item.start_year = int(row["year"])
                except (TypeError, ValueError):
                    pass
                continue
            text = row["text"]
            if field_name == "label" and getattr(text, "language", None):
                item.labels[text.language] = str(text)
            item.texts.append((field_name, getattr(text, "language", None), str(text)))
        for row in queries.select(store, "index_facet_values"):
            entry(str(row["initiative"])).values[str(row["facet"])].add(str(row["value"]))
        return cls(entries, labels.known())

    # -- filters ---------------------------------------------------------------

    def resolve(self, facet: str, value: str) -> str:
        """A filter value (slug or full IRI) as an IRI, or a 400 naming the parameter."""
        namespace = FACETS[facet]
        iri = value if value.startswith(("http://", "https://")) else namespace + value
        known = self.postings[facet]
        if iri not in known and iri not in self.known:
            examples = sorted(v[len(namespace):] for v in known)[:12]
            raise BadRequest(
                f"Unknown value {value!r} for '{facet}'. Use a slug or IRI under {namespace}"
                + (f", e.g. {', '.join(examples)}." if examples else "."),
                parameter=facet,
                accepted=examples,
            )
        return iri

    def search(
        self,
        filters: dict[str, list[str]],
        q: str | None = None,
        started_before: int | None = None,
        started_after: int | None = None,
        sort: str = "label",
        lang: str = "sv",
        limit: int = 50,
        offset: int = 0,
    ) -> SearchResult:
        selected = set(self.entries)
        for facet, values in filters.items():
            if not values:
                continue
            matching: set[str] = set()
            for value in values:
                matching |= self.postings[facet].get(self.resolve(facet, value), set())
            selected &= matching
        if started_before is not None:
            selected = {i for i in selected if self.entries[i].start_year is not None and self.entries[i].start_year < started_before}
        if started_after is not None:
            selected = {i for i in selected if self.entries[i].start_year is not None and self.entries[i].start_year > started_after}
        scores: dict[str, float] = {}
        if q:
            if self.text is None:
                raise RuntimeError("The text index is not built: use Catalogue, which builds it with the facets.")
            scores = self.text.scores(q)
            selected &= set(scores)
        items = [self.entries[i] for i in selected]
        label = lambda e: fold(e.labels.get(lang) or e.labels.get("sv") or e.iri)
        if sort not in SORTS:
            raise BadRequest(f"Unknown sort {sort!r}. Use one of: {', '.join(SORTS)}.", parameter="sort", accepted=list(SORTS))
        if sort == "relevance" and q:
            items.sort(key=lambda e: (-scores[e.iri], label(e)))
        elif sort in ("start_year", "-start_year"):
            missing = 9999 if sort == "start_year" else -1
            items.sort(key=lambda e: (e.start_year if e.start_year is not None else missing, label(e)), reverse=sort.startswith("-"))
        else:
            items.sort(key=label, reverse=sort == "-label")
        facets = {}
        for facet in COUNTED:
            counter: Counter = Counter()
            for entry in items:
                counter.update(entry.values.get(facet, ()))
            facets[facet] = counter.most_common()
        return SearchResult(total=len(items), items=items[offset: offset + limit], facets=facets)
