"""The catalogue as the web layer sees it: the store plus indexes that follow it."""

from __future__ import annotations

import uuid

from .concepts import ConceptIndex
from .facets import FacetIndex
from .labels import Labels
from .mapping import municipality_regions, place_points
from .matchmaking import Matchmaker
from .similarity import SimilarityIndex
from .store import Store
from .text_search import build_text_index


class Catalogue:
    """Store, labels and the indexes that follow it (facets, concepts, text, similarity); :meth:`refresh` after writes."""

    def __init__(self, store: Store, similarity_weights: dict[str, float] | None = None) -> None:
        self.store = store
        self.similarity_weights = similarity_weights
        self.refresh()

    def refresh(self) -> None:
        self.version = uuid.uuid4().hex[:16]  # changes whenever the published catalogue may have changed
        self.labels = Labels.build(self.store)
        self.index = FacetIndex.build(self.store, self.labels)
        self.concepts = ConceptIndex.build(self.store)
        self.index.text = build_text_index(self.index, self.concepts, self.labels)
        places = {iri: set(entry.values.get("municipality", ())) for iri, entry in self.index.entries.items()}
        points = place_points(self.store)
        self.similarity = SimilarityIndex.build(self.store, self.concepts, self.labels, points, places,
                                                self.similarity_weights)
        self.matchmaker = Matchmaker.build(self.store, self.concepts, self.labels, points, places,
                                           municipality_regions(self.store))
