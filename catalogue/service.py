"""The catalogue as the web layer sees it: the store plus indexes that follow it."""

from __future__ import annotations

import threading
import uuid

from .concepts import ConceptIndex
from .facets import FacetIndex
from .labels import Labels
from .mapping import municipality_regions, place_points
from .matchmaking import Matchmaker
from .reconciliation import build as build_reconciliation
from .similarity import SimilarityIndex
from .store import Store
from .text_search import build_text_index


class Catalogue:
    """Store, labels and the indexes that follow it (facets, concepts, text, similarity); :meth:`refresh` after writes."""

    def __init__(self, store: Store, similarity_weights: dict[str, float] | None = None) -> None:
        self.store = store
        self.similarity_weights = similarity_weights
        self._reconciliation = None
        self._reconciliation_lock = threading.Lock()
        self.refresh()

    def refresh(self) -> None:
        """Rebuild every index from the store, then swap them in together (requests meanwhile use the old ones)."""
        labels = Labels.build(self.store)
        index = FacetIndex.build(self.store, labels)
        concepts = ConceptIndex.build(self.store)
        index.text = build_text_index(index, concepts, labels)
        places = {iri: set(entry.values.get("municipality", ())) for iri, entry in index.entries.items()}
        points = place_points(self.store)
        regions = {iri: set(entry.values.get("region", ())) for iri, entry in index.entries.items()}
        similarity = SimilarityIndex.build(self.store, concepts, labels, points, places, self.similarity_weights, regions)
        matchmaker = Matchmaker.build(self.store, concepts, labels, points, places, municipality_regions(self.store))
        self.labels, self.index, self.concepts, self.similarity, self.matchmaker = (
            labels, index, concepts, similarity, matchmaker)
        self.version = uuid.uuid4().hex[:16]  # changes whenever the published catalogue may have changed

    def reconciliation_entities(self):
        """The reconciliation service's entities (catalogue.reconciliation) for the current version: built on
        first use after a change, in the caller's thread (a worker, never the event loop), once at a time."""
        found = self._reconciliation
        if found is not None and found.version == self.version:
            return found
        with self._reconciliation_lock:
            found = self._reconciliation
            if found is None or found.version != self.version:
                found = self._reconciliation = build_reconciliation(self)
        return found
