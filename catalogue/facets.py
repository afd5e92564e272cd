"""Filtering and facet counting over the initiatives, from an in-memory index.

The index is built from three SPARQL queries (``index_facet_values.rq``, ``index_texts.rq``,
``index_hierarchy.rq``) and answers a filtered, faceted, sorted page of initiatives with array
operations only (numpy: a filter is a boolean mask over the initiatives, a facet count one
``bincount``, a sort order is computed once per language), so it stays fast at 100k initiatives.
Hierarchies are expanded when the index is built: an initiative that exchanges low-temperature
waste heat is also found under waste heat, heat and energy. The expansion is done here, from the
``skos:broader`` links, rather than with ``skos:broader*`` paths in the query, which made the
query half again as slow (at 10k initiatives, 6.1 against 3.9 s for the query alone).
Likewise an actor that is part of another (``org:subOrganizationOf``, ``index_actor_parts.rq``)
counts for the whole organisation too: ``actor=rise`` finds what RISE Processum takes part in,
unless ``actor_parts`` is off (``actor_direct`` holds the actors as recorded) (#21).
Outcomes (``index_outcomes.rq``) are a filter by indicator, with a least value where the source
gives a number (#21).
"""

from __future__ import annotations

import bisect
import copy
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

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
    "outcome": CONCEPT + "indicators/",
}
#: Facets whose counts a search response carries.
COUNTED = ("resource", "resource_category", "region", "municipality", "kind", "status", "barrier", "driver", "actor_type",
           "exchange_status")
SORTS = ("label", "-label", "start_year", "-start_year", "relevance")
#: Facets whose concepts also count for every broader concept.
HIERARCHICAL = ("resource", "kind", "actor_type", "role", "barrier", "driver", "programme", "outcome")
UNITS = CONCEPT + "units/"


def fold(text: str) -> str:
    """Case- and accent-insensitive form: 'Stenungssund' and 'stenungssund' match, 'ö' matches 'o'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass
class Place:
    """A municipality or county: its names (any language), its county, the actors located there."""
    iri: str
    kind: str  # "municipality" or "county"
    names: set[str] = field(default_factory=set)
    county: str | None = None
    actors: set[str] = field(default_factory=set)


#: The place filters and the kind of place each names.
PLACE_FACETS = {"municipality": "municipality", "region": "county"}


def place_key(name: str) -> str:
    """A place name as compared: folded, without ' kommun' or ' län' and a genitive s
    ('Stenungsunds kommun', 'stenungsund' -> 'stenungsund'; 'Västra Götalands län' -> 'vastra gotaland')."""
    key = " ".join(fold(name).replace("-", " ").split())
    for suffix in (" kommun", " lan", " municipality", " county"):
        key = key.removesuffix(suffix)
    return key.removesuffix("s")


@dataclass
class Entry:
    iri: str
    labels: dict[str, str] = field(default_factory=dict)
    texts: list[tuple[str, str | None, str]] = field(default_factory=list)  # (field, language, text)
    start_year: int | None = None
    values: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    outcomes: list[tuple[str, str | None, float | None]] = field(default_factory=list)  # (indicator, unit, value)


class Column:
    """One facet as arrays: for each of its values, the ordinals of the initiatives that have it."""

    def __init__(self, posting: dict[str, set[str]], ordinal: dict[str, int]) -> None:
        values = sorted(posting)
        sizes = [len(posting[value]) for value in values]
        rows = np.fromiter((ordinal[iri] for value in values for iri in posting[value]), dtype=np.int64,
                           count=int(sum(sizes)))
        self._set(values, rows, np.repeat(np.arange(len(values)), sizes))

    def _set(self, values: list[str], rows: np.ndarray, value_of_row: np.ndarray) -> None:
        self.values = values
        self.position = {value: number for number, value in enumerate(values)}
        self.rows, self.value_of_row = rows, value_of_row  # sorted by value
        self.offsets = np.concatenate(([0], np.cumsum(np.bincount(value_of_row, minlength=len(values)), dtype=np.int64)))

    def updated(self, changed: np.ndarray, added: dict[str, list[int]]) -> "Column":
        """A new column without the entries of the ``changed`` ordinals and with ``added`` (value -> ordinals):
        the cost follows the column's size in array operations, not the catalogue in Python."""
        keep = ~np.isin(self.rows, changed)
        rows, value_of_row = self.rows[keep], self.value_of_row[keep]
        values = self.values
        if any(value not in self.position for value in added):
            values = sorted({*self.values, *added})
            position = {value: number for number, value in enumerate(values)}
            if self.values:
                value_of_row = np.array([position[v] for v in self.values], dtype=np.int64)[value_of_row]
        else:
            position = self.position
        new_values = np.array([position[v] for v, ordinals in added.items() for _ in ordinals], dtype=np.int64)
        new_rows = np.array([n for ordinals in added.values() for n in ordinals], dtype=np.int64)
        order = np.argsort(new_values, kind="stable")
        new_values, new_rows = new_values[order], new_rows[order]
        where = np.searchsorted(value_of_row, new_values, side="right")
        column = object.__new__(Column)
        column._set(values, np.insert(rows, where, new_rows), np.insert(value_of_row, where, new_values))
        return column

    def rows_of(self, value: str) -> np.ndarray:
        number = self.position.get(value)
        return self.rows[self.offsets[number]:self.offsets[number + 1]] if number is not None else self.rows[:0]

    def counts(self, selected: np.ndarray) -> list[tuple[str, int]]:
        """(value, number of selected initiatives with it), most frequent first, zeros left out."""
        counts = np.bincount(self.value_of_row[selected[self.rows]], minlength=len(self.values))
        found = np.flatnonzero(counts)
        return [(self.values[i], int(counts[i])) for i in found[np.argsort(-counts[found], kind="stable")]]


class Hierarchy:
    """The concepts' skos:broader links, to expand an initiative's facet values upwards."""

    def __init__(self, rows) -> None:
        self.broader: dict[str, set[str]] = defaultdict(set)
        self.tops: set[str] = set()
        for row in rows:
            if "broader" in row:
                self.broader[str(row["concept"])].add(str(row["broader"]))
            if "top" in row:
                self.tops.add(str(row["concept"]))
        self._up: dict[str, frozenset[str]] = {}
        self.wholes: dict[str, set[str]] = defaultdict(set)  # actor -> the organisations it is part of
        self._whole: dict[str, frozenset[str]] = {}

    def up(self, concept: str) -> frozenset[str]:
        """The concept and every concept above it (``skos:broader*``), computed once per concept."""
        found = self._up.get(concept)
        if found is None:
            seen, todo = {concept}, [concept]
            while todo:
                for broader in self.broader.get(todo.pop(), ()):
                    if broader not in seen:
                        seen.add(broader)
                        todo.append(broader)
            found = self._up[concept] = frozenset(seen)
        return found

    def add_parts(self, rows) -> None:
        """The actors' ``org:subOrganizationOf`` links (rows ``?part ?whole``)."""
        for row in rows:
            self.wholes[str(row["part"])].add(str(row["whole"]))
        self._whole.clear()

    def with_parts(self, actors: set[str], rows) -> "Hierarchy":
        """A copy where the ``org:subOrganizationOf`` links of ``actors`` are the ones in ``rows`` (``?part ?whole``)."""
        new = copy.copy(self)
        new.wholes = defaultdict(set, {part: wholes for part, wholes in self.wholes.items() if part not in actors})
        for row in rows:
            new.wholes[str(row["part"])].add(str(row["whole"]))
        new._whole = {}
        return new

    def within(self, actor: str) -> frozenset[str]:
        """The actor and every organisation it is part of, at any depth."""
        found = self._whole.get(actor)
        if found is None:
            seen, todo = {actor}, [actor]
            while todo:
                for whole in self.wholes.get(todo.pop(), ()):
                    if whole not in seen:
                        seen.add(whole)
                        todo.append(whole)
            found = self._whole[actor] = frozenset(seen)
        return found

    def expand(self, values: dict[str, set[str]]) -> None:
        """Keep the recorded resource types and kinds (``resource_direct``, ``kind_direct``, shown in
        results), add the broader concepts of every hierarchical facet, and the top resource
        categories (``resource_category``)."""
        for facet in ("resource", "kind"):
            if facet in values:
                values[facet + "_direct"] = set(values[facet])
        for facet in HIERARCHICAL:
            if facet in values:
                values[facet] = {above for value in values[facet] for above in self.up(value)}
        if "resource" in values:
            values["resource_category"] = values["resource"] & self.tops
        if "actor" in values:
            values["actor_direct"] = set(values["actor"])
            values["actor"] = {whole for actor in values["actor"] for whole in self.within(actor)}


@dataclass
class SearchResult:
    total: int
    items: list[Entry]
    facets: dict[str, list[tuple[str, int]]]
    match: object = None  # the text match (catalogue.text_search.TextMatch) when there was a query


def outcome_value(value, low, high) -> float | None:
    """The number an outcome is filtered by: its value, else the top of its range, else its least value."""
    for number in (value, high, low):
        if number is not None:
            try:
                return float(number)
            except (TypeError, ValueError):
                continue
    return None


def read_entries(store: Store, hierarchy: "Hierarchy", initiative=None) -> dict[str, Entry]:
    """The entries of every initiative (``initiative``: of that one only, an IRI node), their values expanded
    through ``hierarchy``: the same three queries either way, so an entry read alone equals one read with all."""
    entries: dict[str, Entry] = {}

    def entry(iri: str) -> Entry:
        return entries.setdefault(iri, Entry(iri))

    if initiative is None:
        rows = lambda name: queries.select_all(store, name)  # noqa: E731
    else:
        rows = lambda name: queries.select(store, name, initiative=initiative)  # noqa: E731
    for row in rows("index_texts"):
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
    for row in rows("index_facet_values"):
        entry(str(row["initiative"])).values[str(row["facet"])].add(str(row["value"]))
    for row in rows("index_outcomes"):
        item, indicator = entry(str(row["initiative"])), str(row["indicator"])
        item.values["outcome"].add(indicator)
        unit = row.get("unit")
        item.outcomes.append((indicator, None if unit is None else str(unit),
                              outcome_value(*(getattr(row.get(k), "toPython", lambda: None)() for k in ("value", "min", "max")))))
    for item in entries.values():
        item.texts.sort(key=lambda text: (text[0], text[1] or "", text[2]))  # the store's order is not the same alone
        item.outcomes.sort(key=lambda o: (o[0], o[1] or "", -1e300 if o[2] is None else o[2]))
        hierarchy.expand(item.values)
    return entries


def read_hierarchy(store: Store) -> "Hierarchy":
    hierarchy = Hierarchy(queries.select(store, "index_hierarchy"))
    hierarchy.add_parts(queries.select(store, "index_actor_parts"))
    return hierarchy


def read_places(store: Store) -> dict[str, Place]:
    places: dict[str, Place] = {}
    for row in queries.select(store, "index_places"):
        place = places.setdefault(str(row["place"]), Place(str(row["place"]), str(row["kind"])))
        if row.get("label") is not None:
            place.names.add(str(row["label"]))
        if row.get("county") is not None:
            place.county = str(row["county"])
        if row.get("actor") is not None:
            place.actors.add(str(row["actor"]))
    return places


def postings_of(entries) -> dict[str, dict[str, set[str]]]:
    postings: dict[str, dict[str, set[str]]] = {}
    for iri, entry in entries.items():
        for facet, values in entry.values.items():
            posting = postings.setdefault(facet, {})
            for value in values:
                posting.setdefault(value, set()).add(iri)
    return postings


#: The sort orders kept, each ascending: "-label" is "label" read backwards, "-start_year" its own key read backwards.
_BASE_SORT = {"label": ("label", False), "-label": ("label", True),
              "start_year": ("start_year", False), "-start_year": ("-start_year", True)}


class FacetIndex:
    """All initiatives with their facet values, labels and searchable text.

    An index is never changed once built: :meth:`updated` makes the next one, sharing what did not change, so a
    reader holding an index sees it whole. Each initiative keeps its ordinal (its row in every array) for the
    index's life; a withdrawn one is a row that is no longer ``alive``."""

    def __init__(self, entries: dict[str, Entry], known: set[str] | frozenset = frozenset()) -> None:
        self.entries = entries
        self.known = known  # every concept and record IRI: a filter on one of them is valid, if empty
        self.text = None  # the ranked text index (catalogue.text_search.TextIndex), set by Catalogue
        self.hierarchy = Hierarchy([])  # the concepts' broader links, set by build
        self.postings = postings_of(entries)  # facet -> value -> IRIs; never changed in place (see updated)
        self.iris = list(entries)
        self.ordinal = {iri: number for number, iri in enumerate(self.iris)}
        self.alive = np.ones(len(self.iris), dtype=bool)
        self.columns = {facet: Column(posting, self.ordinal) for facet, posting in self.postings.items()}
        self.years = np.array([np.nan if e.start_year is None else e.start_year for e in entries.values()], dtype=float)
        self._orders: dict[tuple[str, str], tuple[list, np.ndarray]] = {}  # (base sort, lang) -> (keys, ordinals)
        self._label_folds: dict[str, list[str]] = {}
        self._outcomes: dict[str, tuple[np.ndarray, np.ndarray, list[str | None]]] | None = None
        self.places: dict[str, Place] = {}  # every municipality and county, set by build

    @classmethod
    def build(cls, store: Store, labels: Labels) -> "FacetIndex":
        hierarchy = read_hierarchy(store)
        index = cls(read_entries(store, hierarchy), labels.known())
        index.hierarchy = hierarchy
        index.places = read_places(store)
        return index

    def updated(self, changes: dict[str, "Entry | None"], known=None, hierarchy=None, places=None) -> "FacetIndex":
        """The next index: ``changes`` maps an initiative's IRI to its new entry (None: withdrawn); ``known``,
        ``hierarchy`` and ``places`` replace this index's when given. The cost follows the changed entries and
        array sizes, not a rebuild: postings and columns of untouched values are shared."""
        new = copy.copy(self)
        new.entries, new.iris, new.ordinal = dict(self.entries), list(self.iris), dict(self.ordinal)
        touched: dict[str, set[str]] = defaultdict(set)
        changed = []
        for iri, entry in changes.items():
            for old_or_new in (self.entries.get(iri), entry):
                if old_or_new is not None:
                    for facet, values in old_or_new.values.items():
                        touched[facet] |= values
            number = new.ordinal.get(iri)
            if number is None:
                if entry is None:
                    continue
                number = new.ordinal[iri] = len(new.iris)
                new.iris.append(iri)
            changed.append(number)
            if entry is None:
                new.entries.pop(iri, None)
            else:
                new.entries[iri] = entry
        grown = len(new.iris) - len(self.iris)
        new.alive = np.concatenate((self.alive, np.zeros(grown, dtype=bool)))
        new.years = np.concatenate((self.years, np.full(grown, np.nan)))
        for number in changed:
            entry = new.entries.get(new.iris[number])
            new.alive[number] = entry is not None
            new.years[number] = np.nan if entry is None or entry.start_year is None else entry.start_year
        new.postings = dict(self.postings)
        rows = np.array(changed, dtype=np.int64)
        new.columns = dict(self.columns)
        for facet, values in touched.items():
            posting = dict(self.postings.get(facet, {}))
            added: dict[str, list[int]] = defaultdict(list)
            for value in values:
                holders = set(posting.get(value, ())) - set(changes)
                for iri, entry in changes.items():
                    if entry is not None and value in entry.values.get(facet, ()):
                        holders.add(iri)
                        added[value].append(new.ordinal[iri])
                if holders:
                    posting[value] = holders
                else:
                    posting.pop(value, None)
            if posting:
                new.postings[facet] = posting
                column = self.columns.get(facet)
                new.columns[facet] = column.updated(rows, added) if column is not None else Column(posting, new.ordinal)
            else:
                new.postings.pop(facet, None)
                new.columns.pop(facet, None)
        new._label_folds = {}
        for lang, folds in list(self._label_folds.items()):
            folds = new._label_folds[lang] = folds + [""] * grown
            for number in changed:
                folds[number] = new._label_fold(number, lang)
        new._orders = {}
        for (base, lang), (keys, ordinals) in list(self._orders.items()):
            keys, ordinals = list(keys), ordinals.tolist()
            for number in changed:
                if number < len(self.iris) and self.alive[number]:
                    at = bisect.bisect_left(keys, self._sort_key(base, lang, number))
                    del keys[at], ordinals[at]
                if new.alive[number]:
                    key = new._sort_key(base, lang, number)
                    at = bisect.bisect_left(keys, key)
                    keys.insert(at, key)
                    ordinals.insert(at, number)
            new._orders[(base, lang)] = (keys, np.array(ordinals, dtype=np.int64))
        new._outcomes = None  # built again on the next outcome filter
        new.text = None  # set by the caller (Catalogue), which updates the text index with the facets
        if known is not None:
            new.known = known
        if hierarchy is not None:
            new.hierarchy = hierarchy
        if places is not None:
            new.places = places
        return new

    # -- filters ---------------------------------------------------------------

    def resolve(self, facet: str, value: str) -> str:
        """A filter value (slug or full IRI) as an IRI, or a 400 naming the parameter."""
        namespace = FACETS[facet]
        iri = value if value.startswith(("http://", "https://")) else namespace + value
        known = self.postings.get(facet, {})
        if iri not in known and iri not in self.known and facet in PLACE_FACETS:
            return self.place_named(facet, value)
        if iri not in known and iri not in self.known:
            examples = sorted(v[len(namespace):] for v in known)[:12]
            raise BadRequest(
                f"Unknown value {value!r} for '{facet}'. Use a slug or IRI under {namespace}"
                + (f", e.g. {', '.join(examples)}." if examples else "."),
                parameter=facet,
                accepted=examples,
            )
        return iri

    def place_named(self, facet: str, name: str) -> str:
        """The one municipality (or county, for ``region``) called ``name`` (accent- and case-insensitive,
        with or without 'kommun'/'län'), or a 400 listing the candidates."""
        kind, key = PLACE_FACETS[facet], place_key(name)
        places = [p for p in self.places.values() if p.kind == kind]
        exact = [p for p in places if key and key in {place_key(n) for n in p.names}]
        if len(exact) == 1:
            return exact[0].iri
        candidates = exact or [p for p in places if key and any(key in place_key(n) for n in p.names)]
        accepted = sorted(p.iri.rsplit("/", 1)[-1] for p in candidates)[:12]
        what = "municipality" if kind == "municipality" else "county"
        if accepted:
            raise BadRequest(f"{name[:80]!r} names more than one {what} or none exactly. Use one of these slugs: "
                             f"{', '.join(accepted)}.", parameter=facet, accepted=accepted)
        examples = sorted(p.iri.rsplit("/", 1)[-1] for p in places)[:12]
        raise BadRequest(f"No {what} called {name[:80]!r}. Use a slug, an IRI or a name, e.g. {', '.join(examples)} "
                         f"(see /api/places).", parameter=facet, accepted=examples)

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
        actor_parts: bool = True,
        outcome_min: float | None = None,
        outcome_unit: str | None = None,
    ) -> SearchResult:
        """A page of the initiatives matching every filter and ``q``. ``actor`` includes the actors'
        parts unless ``actor_parts`` is false; ``outcome_min`` keeps the initiatives with an outcome of
        one of the ``outcome`` indicators (or a narrower one) of at least that value (in ``outcome_unit``,
        which is needed when those outcomes come in several units)."""
        if sort not in SORTS:
            raise BadRequest(f"Unknown sort {sort!r}. Use one of: {', '.join(SORTS)}.", parameter="sort", accepted=list(SORTS))
        selected = self.alive.copy()
        for facet, values in filters.items():
            if not values:
                continue
            matching = np.zeros(len(self.iris), dtype=bool)
            column = self.columns.get("actor_direct" if facet == "actor" and not actor_parts else facet)
            for value in values:
                iri = self.resolve(facet, value)
                if column is not None:
                    matching[column.rows_of(iri)] = True
            selected &= matching
        if outcome_min is not None or outcome_unit is not None:
            selected &= self._outcome_mask(filters.get("outcome", []), outcome_min, outcome_unit)
        with np.errstate(invalid="ignore"):  # initiatives without a start year (NaN) match neither bound
            if started_before is not None:
                selected &= self.years < started_before
            if started_after is not None:
                selected &= self.years > started_after
        scores: dict[str, float] = {}
        match = None
        if q:
            if self.text is None:
                raise RuntimeError("The text index is not built: use Catalogue, which builds it with the facets.")
            match = self.text.match(q)
            scores = match.scores
            found = np.zeros(len(self.iris), dtype=bool)
            found[[self.ordinal[iri] for iri in scores if iri in self.ordinal]] = True
            selected &= found
        total = int(np.count_nonzero(selected))
        if sort == "relevance" and q:
            label = self._label_keys(lang)
            ranked = sorted(np.flatnonzero(selected).tolist(), key=lambda n: (-scores[self.iris[n]], label[n], self.iris[n]))
            page = ranked[offset: offset + limit]
        else:
            order = self._order("label" if sort == "relevance" else sort, lang)
            page = order[selected[order]][offset: offset + limit].tolist()
        facets = {facet: self.columns[facet].counts(selected) if facet in self.columns else [] for facet in COUNTED}
        return SearchResult(total=total, items=[self.entries[self.iris[n]] for n in page], facets=facets, match=match)

    def _outcome_mask(self, indicators: list[str], least: float | None, unit: str | None) -> np.ndarray:
        """The initiatives with an outcome of one of ``indicators`` (or a narrower one) in ``unit``, of at
        least ``least``; a 400 when no indicator is given, or the outcomes' units differ and none is named."""
        if not indicators:
            raise BadRequest("outcome_min and outcome_unit need outcome: the indicator whose value to compare, e.g. "
                             "outcome=jobs-created&outcome_min=10.", parameter="outcome")
        wanted = {self.resolve("outcome", value) for value in indicators}
        if self._outcomes is None:
            rows: dict[str, list[tuple[float, int, str | None]]] = defaultdict(list)
            for iri, entry in self.entries.items():
                for indicator, unit_iri, value in entry.outcomes:
                    if value is not None:
                        for above in self.hierarchy.up(indicator):
                            rows[above].append((value, self.ordinal[iri], unit_iri))
            self._outcomes = {k: (np.array([r[0] for r in v]), np.array([r[1] for r in v], dtype=np.int64), [r[2] for r in v])
                              for k, v in rows.items()}
        found = [self._outcomes[i] for i in sorted(wanted) if i in self._outcomes]
        units = sorted({u for _, _, us in found for u in us if u})
        if unit is not None:
            unit_iri = unit if unit.startswith(("http://", "https://")) else UNITS + unit
            if unit_iri not in units:
                raise BadRequest(f"No outcome of that indicator is given in {unit!r}. Use one of: "
                                 f"{', '.join(u[len(UNITS):] for u in units) or '(none has a number)'}.",
                                 parameter="outcome_unit", accepted=[u[len(UNITS):] for u in units])
        elif len(units) > 1:
            raise BadRequest(f"The outcomes of that indicator come in several units; name one with outcome_unit: "
                             f"{', '.join(u[len(UNITS):] for u in units)}.", parameter="outcome_unit",
                             accepted=[u[len(UNITS):] for u in units])
        mask = np.zeros(len(self.iris), dtype=bool)
        for values, ordinals, unit_iris in found:
            keep = np.array([unit is None or u == unit_iri for u in unit_iris], dtype=bool)
            if least is not None:
                keep &= values >= least
            mask[ordinals[keep]] = True
        return mask

    def _label_fold(self, number: int, lang: str) -> str:
        entry = self.entries.get(self.iris[number])
        return "" if entry is None else fold(entry.labels.get(lang) or entry.labels.get("sv") or entry.iri)

    def _label_keys(self, lang: str) -> list[str]:
        """Each initiative's label in ``lang``, folded for sorting (by ordinal), computed once."""
        if lang not in self._label_folds:
            self._label_folds[lang] = [self._label_fold(number, lang) for number in range(len(self.iris))]
        return self._label_folds[lang]

    def _sort_key(self, base: str, lang: str, number: int) -> tuple:
        """The key of one initiative in a sort order: ties broken by IRI, so that every index built from the
        same records orders them alike."""
        label, year, iri = self._label_keys(lang)[number], self.years[number], self.iris[number]
        if base == "label":
            return (label, iri)
        missing = np.isnan(year)
        return (9999 if missing else int(year)) if base == "start_year" else (-1 if missing else int(year)), label, iri

    def _order(self, sort: str, lang: str) -> np.ndarray:
        """The ordinals of the live initiatives in a sort order, computed once per (sort, language) and kept up
        to date by :meth:`updated`."""
        base, backwards = _BASE_SORT[sort]
        if (base, lang) not in self._orders:
            keyed = sorted((self._sort_key(base, lang, n), n) for n in np.flatnonzero(self.alive).tolist())
            self._orders[(base, lang)] = ([key for key, _ in keyed], np.array([n for _, n in keyed], dtype=np.int64))
        ordinals = self._orders[(base, lang)][1]
        return ordinals[::-1] if backwards else ordinals
