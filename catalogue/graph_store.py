"""What the SPARQL 1.1 Graph Store HTTP Protocol may do to which graph: the write policies.

The HTTP layer (api/routes/graph_store.py) speaks the protocol; a *policy* decides what a
graph is. :class:`RecordGraphs` is the catalogue's: a graph is a record, and every write goes
through :class:`~catalogue.curation.Curation` — validated, versioned, conflict-safe — exactly
like a write through the JSON API. :class:`ScratchGraphs` accepts any graph without checks; it
exists for protocol conformance runs and sandboxes, never for the published catalogue.
"""

from __future__ import annotations

import uuid

from rdflib import Graph

from .accounts import Account
from .curation import Curation
from .errors import BadRequest, ForbiddenOperation, NotFound, PreconditionFailed
from .namespaces import ID
from .rdf_input import Budget
from .records import SLUG
from .store import Store

EDITABLE_KINDS = ("initiative", "actor")


class ScratchGraphs:
    """Any graph, any triples, no validation and no history (conformance tests only)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.default = Graph()

    def get(self, graph: str | None) -> Graph | None:
        if graph is None:
            return self.default
        return self.store.graph(graph) if self.store.has_graph(graph) else None

    def put(self, graph: str | None, data: Graph, account: Account, if_match: str | None,
            budget: Budget | None = None) -> bool:
        if graph is None:
            self.default = data
            return False
        created = not self.store.has_graph(graph)
        self.store.replace_graphs({graph: data})
        return created

    def post(self, graph: str | None, data: Graph, account: Account, if_match: str | None,
             budget: Budget | None = None) -> bool:
        current = self.get(graph)
        merged = (current or Graph()) + data
        return self.put(graph, merged, account, if_match)

    def delete(self, graph: str | None, account: Account, if_match: str | None) -> None:
        if graph is None:
            self.default = Graph()
            return
        if not self.store.has_graph(graph):
            raise NotFound(f"No graph <{graph}>.")
        self.store.replace_graphs({}, drop=[graph])

    def create(self, data: Graph, account: Account, base: str, budget: Budget | None = None) -> str:
        graph = f"{base}/graphs/{uuid.uuid4().hex}"
        self.store.replace_graphs({graph: data})
        return graph


class RecordGraphs:
    """The catalogue's policy: one graph per initiative or actor record, written as curation."""

    def __init__(self, curation: Curation) -> None:
        self.curation = curation

    def _record(self, graph: str | None) -> tuple[str, str]:
        if graph is None:
            raise ForbiddenOperation(
                "The catalogue has no default graph to write: every record is its own named graph. "
                "Name the record's IRI with ?graph=."
            )
        kind, _, slug = graph.removeprefix(ID).partition("/")
        if not graph.startswith(ID) or kind not in EDITABLE_KINDS or not SLUG.fullmatch(slug):
            raise ForbiddenOperation(
                f"<{graph}> is not an initiative or actor record. Graphs here are records, e.g. "
                f"{ID}initiative/<slug>; places, sources and the vocabulary are edited in data/ and ontology/."
            )
        return kind, slug

    def get(self, graph: str | None) -> Graph | None:
        if graph is None:
            return Graph()  # the catalogue keeps everything in named graphs
        store = self.curation.store
        return store.graph(graph) if store.has_graph(graph) else None

    def _version_tag(self, kind: str, slug: str, if_match: str | None) -> str | None:
        """The If-Match to use: the client's, or the published version's when nothing is pending."""
        if if_match:
            return if_match
        try:
            latest = self.curation.current(kind, slug)
        except NotFound:
            return None
        if latest.state in ("draft", "in-review"):
            raise PreconditionFailed(
                f"The {kind} {slug!r} has an unpublished {latest.state} version by {latest.author}. "
                "Send its ETag as If-Match to replace it knowingly.",
                current=latest.summary(),
            )
        return latest.etag

    def _write(self, kind: str, slug: str, data: Graph, account: Account, if_match: str | None, message: str,
               budget: Budget | None = None) -> bool:
        tag = self._version_tag(kind, slug, if_match)
        created = tag is None
        version = self.curation.save(kind, slug, data, account.name, message, tag, create=created, budget=budget)
        if account.may("reviewer"):
            self.curation.transition(kind, slug, "publish", account.name, message, version.etag, budget=budget)
        return created

    def put(self, graph: str | None, data: Graph, account: Account, if_match: str | None,
            budget: Budget | None = None) -> bool:
        kind, slug = self._record(graph)
        return self._write(kind, slug, data, account, if_match, "Replaced through the Graph Store Protocol", budget)

    def post(self, graph: str | None, data: Graph, account: Account, if_match: str | None,
             budget: Budget | None = None) -> bool:
        kind, slug = self._record(graph)
        try:
            current = self.curation.current(kind, slug).graph()
        except NotFound:
            current = Graph()
        return self._write(kind, slug, current + data, account, if_match, "Merged through the Graph Store Protocol",
                           budget)

    def delete(self, graph: str | None, account: Account, if_match: str | None) -> None:
        kind, slug = self._record(graph)
        tag = self._version_tag(kind, slug, if_match)
        if tag is None or not self.curation.store.has_graph(graph):
            raise NotFound(f"No published record <{graph}>.")
        self.curation.transition(kind, slug, "withdraw", account.name, "Withdrawn through the Graph Store Protocol", tag)

    def create(self, data: Graph, account: Account, base: str, budget: Budget | None = None) -> str:
        subjects = {str(s).split("#", 1)[0] for s in data.subjects() if str(s).startswith(ID)}
        if len(subjects) != 1:
            raise BadRequest(
                "POST to the Graph Store creates one record: the body must describe exactly one record IRI, "
                f"e.g. <{ID}initiative/my-hub> (found {len(subjects)})."
            )
        graph = subjects.pop()
        kind, slug = self._record(graph)
        try:
            existing = self.curation.current(kind, slug)
        except NotFound:
            existing = None
        if existing is not None:
            raise PreconditionFailed(f"<{graph}> exists already: PUT or POST to ?graph= to change it.",
                                     current=existing.summary())
        self._write(kind, slug, data, account, None, "Created through the Graph Store Protocol", budget)
        return graph
