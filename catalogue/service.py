"""The catalogue as the web layer sees it: the store plus indexes that follow it."""

from __future__ import annotations

from .concepts import ConceptIndex
from .facets import FacetIndex
from .labels import Labels
from .store import Store
from .text_search import build_text_index


class Catalogue:
    """Store, labels, facet index and concept index; call :meth:`refresh` after writes."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.refresh()

    def refresh(self) -> None:
        self.labels = Labels.build(self.store)
        self.index = FacetIndex.build(self.store, self.labels)
        self.concepts = ConceptIndex.build(self.store)
        self.index.text = build_text_index(self.index, self.concepts, self.labels)
