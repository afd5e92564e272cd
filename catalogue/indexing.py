"""The in-memory indexes of the catalogue, built from the store and brought up to date record by record.

A publish or a withdrawal changes one record (and the ones published along with it): :func:`updated` reads
what those records contribute to each index, with the same queries as a full build bound to each record
(``?initiative``, ``?actor``, ``?g``), and makes the next :class:`Indexes` from the previous one, sharing
whatever did not change. What a change reaches:

- an initiative: its facet entry, text document, similarity profile and flows, and its own labels;
- an actor: its labels, organisation links and places, its actor types, and every initiative that names it
  (their entries hold the actor's type and its name in their text);
- a source: its title (labels);
- anything else (vocabularies, places, the ontology), or a change not said: a full :func:`build`.

The property test (tests/test_incremental_indexes.py) checks after random sequences of changes that the
result answers like a fresh build. The one difference it allows: Tantivy counts a replaced document in its
BM25 statistics until segments merge, so text scores drift slightly (same matches, same tiers) until
:func:`compact_text` builds the text index afresh from the documents it holds, which the catalogue does when
replaced documents pass :data:`COMPACT_SHARE` of the index.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rdflib import URIRef

from . import queries
from .concepts import ConceptIndex
from .facets import FacetIndex, read_entries, read_places
from .labels import Labels
from .mapping import municipality_regions, place_points
from .matchmaking import Matchmaker, read_flows
from .namespaces import ID
from .similarity import SimilarityIndex, read_profiles
from .store import Store
from .text_search import TextIndex, build_text_index, named_concepts, text_document

INITIATIVE, ACTOR, SOURCE = ID + "initiative/", ID + "actor/", ID + "source/"
#: Share of replaced documents in the text index after which it is built afresh (see the module's docstring).
COMPACT_SHARE = 0.05
#: The least number of replaced documents that calls for building the text index afresh.
COMPACT_LEAST = 200


@dataclass(frozen=True)
class Indexes:
    """Every index of one state of the catalogue: readers take the whole object, so they never mix states."""
    labels: Labels
    index: FacetIndex  # with .text, the TextIndex of the same state
    concepts: ConceptIndex
    similarity: SimilarityIndex
    matchmaker: Matchmaker
    points: dict[str, tuple[float, float]]
    regions: dict[str, str]  # municipality -> county


def build(store: Store, similarity_weights: dict[str, float] | None = None) -> Indexes:
    """Every index from the whole store."""
    labels = Labels.build(store)
    index = FacetIndex.build(store, labels)
    concepts = ConceptIndex.build(store)
    index.text = build_text_index(index, concepts, labels)
    points, regions = place_points(store), municipality_regions(store)
    similarity = SimilarityIndex.build(store, concepts, labels, points, _municipalities(index), similarity_weights,
                                       _counties(index))
    matchmaker = Matchmaker.build(store, concepts, labels, points, _municipalities(index), regions)
    return Indexes(labels, index, concepts, similarity, matchmaker, points, regions)


def incremental(records: list[str] | None) -> bool:
    """Whether a change of ``records`` can be applied record by record (initiatives, actors, sources)."""
    return records is not None and all(r.startswith((INITIATIVE, ACTOR, SOURCE)) for r in records)


def updated(previous: Indexes, store: Store, records: list[str]) -> Indexes:
    """The indexes after ``records`` (initiatives, actors, sources: see :func:`incremental`) changed in the store."""
    actors = {r for r in records if r.startswith(ACTOR)}
    initiatives = {r for r in records if r.startswith(INITIATIVE)}
    old = previous.index
    for actor in actors:  # the initiatives that name a changed actor hold its type and its name
        for facet in ("actor_direct", "funder"):
            initiatives |= old.postings.get(facet, {}).get(actor, set())
    labels = previous.labels.updated(store, records)
    hierarchy, places = old.hierarchy, old.places
    if actors:
        parts = [row for actor in sorted(actors) for row in queries.select(store, "index_actor_parts", part=URIRef(actor))]
        hierarchy, places = old.hierarchy.with_parts(actors, parts), read_places(store)
    entries = {}
    for iri in sorted(initiatives):
        entries[iri] = read_entries(store, hierarchy, URIRef(iri)).get(iri)  # None: no longer published
    index = old.updated(entries, known=labels.known(), hierarchy=hierarchy, places=places)
    documents = {iri: None if entry is None else text_document(entry, previous.concepts, labels)
                 for iri, entry in entries.items()}
    index.text = old.text.updated(documents, named_concepts(index, previous.concepts))
    municipalities, counties = _municipalities(index), _counties(index)
    profiles = {}
    for iri in entries:
        profiles[iri] = read_profiles(store, previous.points, municipalities, counties, URIRef(iri)).get(iri)
    similarity = previous.similarity.updated(profiles)
    similarity.labels = labels
    similarity.reasons = type(previous.similarity.reasons)(labels)
    flows = [flow for iri in sorted(entries) for flow in read_flows(store, URIRef(iri))]
    matchmaker = previous.matchmaker.updated(store, set(entries), flows, municipalities, actors, labels)
    return replace(previous, labels=labels, index=index, similarity=similarity, matchmaker=matchmaker)


def needs_compacting(indexes: Indexes) -> bool:
    text = indexes.index.text
    return text.deleted >= max(COMPACT_LEAST, COMPACT_SHARE * max(text.size, 1))


def compact_text(indexes: Indexes) -> Indexes:
    """The same indexes with the text index built afresh from its documents (no store reads)."""
    index = indexes.index
    fresh = TextIndex(list(index.text.documents.values()), list(index.text.concepts.values()))
    new = index.updated({})
    new.text = fresh
    return replace(indexes, index=new)


def _municipalities(index: FacetIndex) -> dict[str, set[str]]:
    return _ByEntry(index, "municipality")


def _counties(index: FacetIndex) -> dict[str, set[str]]:
    return _ByEntry(index, "region")


class _ByEntry:
    """initiative -> its values of one facet, read from the facet index entries when asked (a dict's ``get``):
    no copy of 100 000 sets for each update."""

    def __init__(self, index: FacetIndex, facet: str) -> None:
        self.index, self.facet = index, facet

    def get(self, iri: str, default=None):
        entry = self.index.entries.get(iri)
        return set(entry.values.get(self.facet, ())) if entry is not None else default

    def __contains__(self, iri: str) -> bool:
        return iri in self.index.entries
