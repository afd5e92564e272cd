"""The catalogue as the web layer sees it: the store plus indexes that follow it."""

from __future__ import annotations

import logging
import threading
import time
import uuid

from . import indexing
from .reconciliation import build as build_reconciliation
from .store import Store

log = logging.getLogger("symbios")


class Catalogue:
    """Store, labels and the indexes that follow it (facets, concepts, text, similarity, matchmaking).

    After a write, :meth:`changed` names the records that changed and the indexes follow them record by
    record (:mod:`catalogue.indexing`); :meth:`refresh` builds everything from the store. Either way the
    new indexes are swapped in at once: a request meanwhile uses the previous ones, whole."""

    def __init__(self, store: Store, similarity_weights: dict[str, float] | None = None) -> None:
        self.store = store
        self.similarity_weights = similarity_weights
        self._reconciliation = None
        self._reconciliation_lock = threading.Lock()
        self._update_lock = threading.Lock()  # one update at a time; readers never wait for it
        self._compacting = False
        self.refresh()

    # the indexes of the current state (one reference: see Indexes)
    labels = property(lambda self: self._indexes.labels)
    index = property(lambda self: self._indexes.index)
    concepts = property(lambda self: self._indexes.concepts)
    similarity = property(lambda self: self._indexes.similarity)
    matchmaker = property(lambda self: self._indexes.matchmaker)

    def refresh(self) -> None:
        """Rebuild every index from the store, then swap them in together (requests meanwhile use the old ones)."""
        with self._update_lock:
            self._swap(indexing.build(self.store, self.similarity_weights))

    def changed(self, records: list[str] | None = None) -> None:
        """``records`` were published, withdrawn or replaced in the store (None: anything may have changed).
        Initiatives, actors and sources are followed record by record, anything else with a full build;
        called in the writer's thread (a worker, never the event loop), one update at a time."""
        if not indexing.incremental(records):
            self.refresh()
            return
        with self._update_lock:
            started = time.perf_counter()
            self._swap(indexing.updated(self._indexes, self.store, list(records)))
            log.debug("Indexes updated for %d record(s) in %.0f ms", len(records), (time.perf_counter() - started) * 1000)
            if indexing.needs_compacting(self._indexes) and not self._compacting:
                self._compacting = True
                threading.Thread(target=self._compact, name="symbios-compact-text", daemon=True).start()

    def compact_text(self) -> None:
        """Build the text index afresh from the documents it holds (see catalogue.indexing)."""
        with self._update_lock:
            self._swap(indexing.compact_text(self._indexes))

    def _compact(self) -> None:
        try:
            self.compact_text()
        finally:
            self._compacting = False

    def _swap(self, indexes: indexing.Indexes) -> None:
        self._indexes = indexes
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
