"""The store's façade, :class:`Store`: the one object the rest of Symbios reads and writes the
catalogue through, whichever backend runs (see :mod:`catalogue.store`)."""

from __future__ import annotations

import gc
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

from ..errors import ForbiddenOperation, StoreUnavailable
from ..iris import is_iri
from .protocol import GRAPH_FORMATS, Answer, answer
from .protocol import query_form as _query_form
from .remote import SCHEMES, Endpoints, RemoteStore, replace_update
from .terms import digest, graph_of, rdflib_rows, to_oxigraph, to_rdflib
from .text import bad_query, looks_like_update, mentions_service, names_dataset, with_values

INTERNAL = "urn:symbios:"  # graphs of Symbios' own bookkeeping, never part of the catalogue
_EMPTY = ox.Store()  # parses queries for the remote backend, with the embedded store's own parser
#: The triples several named graphs hold (catalogue/queries/triples_in_several_graphs.rq).
SHARED_TRIPLES = (Path(__file__).parents[1] / "queries" / "triples_in_several_graphs.rq").read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- terms


# ----------------------------------------------------------------------------- results


@dataclass
class SelectResult:
    """Rows of a SELECT query as dictionaries of rdflib terms (unbound variables absent)."""

    variables: list[str]
    rows: list[dict[str, Node]] = field(default_factory=list)

    def __iter__(self) -> Iterator[dict[str, Node]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)




# ----------------------------------------------------------------------------- store


def _open_error(path: Path, error: OSError) -> StoreUnavailable:
    """What is wrong with a store directory that does not open, and what to do, in one sentence each."""
    reason = str(error).split(": ", 1)[-1] if str(error).startswith("IO error") else (error.strerror or str(error))
    if "lock" in str(error).lower():
        return StoreUnavailable(
            f"The store at {path} is in use by another process (a running `symbios serve`?). Stop it first, "
            "or, for a backup, run `symbios backup FILE --server URL` against the running server.")
    return StoreUnavailable(
        f"The store directory {path} cannot be created or written ({reason}). Point SYMBIOS_STORE at a "
        "directory the user running Symbios may write, or give that user write access to it.")


class _Reopening:
    """Stands in for the embedded store while it is opened again after a failed write."""

    def __init__(self, location: str) -> None:
        self.location = location

    def __getattr__(self, name: str):
        raise StoreUnavailable(f"The store at {self.location} is being opened again after a failed write; "
                               "try again in a moment.", retry_after=1)


class Store:
    """A quad store holding the catalogue: one named graph per record, ontology and scheme."""

    def __init__(self, store: ox.Store | None, location: str | None, remote: RemoteStore | None = None) -> None:
        self._store = store
        self._remote = remote
        self.location = location
        self._write_failed = False  # a write failed (a full disk): reopen before the next one
        #: Changes with every write through this object: public query workers read a snapshot of it.
        self.generation = 0

    # -- opening ------------------------------------------------------------------

    @classmethod
    def from_settings(cls, settings) -> "Store":
        """The store the settings name: embedded (a directory or :memory:) or a remote server."""
        if str(settings.store).startswith(SCHEMES):
            endpoints = Endpoints.parse(settings.store, settings.store_update, settings.store_graph_store,
                                        settings.store_user, settings.store_password, settings.store_auth,
                                        settings.store_engine)
            return cls.remote(endpoints, settings.store)
        return cls.open(settings.store_location)

    @classmethod
    def remote(cls, endpoints: Endpoints, location: str | None = None) -> "Store":
        """A store on a SPARQL 1.1 server (queries, updates and the Graph Store Protocol)."""
        return cls(None, location or endpoints.query, RemoteStore(endpoints, location or endpoints.query))

    @property
    def is_remote(self) -> bool:
        return self._remote is not None

    @classmethod
    def open(cls, location: str | Path | None) -> "Store":
        """Open (or create) the embedded Oxigraph store at ``location``; None = in memory.
        A ``sparql+http(s)://`` location opens a remote server with its usual endpoints."""
        if location is None:
            return cls(ox.Store(), None)
        if str(location).startswith(SCHEMES):
            return cls.remote(Endpoints.parse(str(location)), str(location))
        path = Path(location)
        try:
            path.mkdir(parents=True, exist_ok=True)
            return cls(ox.Store(str(path)), str(path))
        except OSError as error:
            raise _open_error(path, error) from error

    def snapshot(self, path: str | Path) -> str:
        """Write what the store holds now to ``path`` for another process to read; return its kind:
        "directory" (a checkpoint of the on-disk store, mostly hard links, opened read-only) or "nquads"
        (an in-memory store's quads)."""
        if self._remote is not None:
            raise TypeError("A remote store is read on its server, not through snapshots.")
        if self.location:
            self._store.backup(str(path))
            return "directory"
        with open(path, "wb") as out:
            self._store.dump(out, format=ox.RdfFormat.N_QUADS)
        return "nquads"

    def checkpoint(self, directory: str | Path) -> "Store":
        """A consistent copy of the embedded on-disk store as it is now, in ``directory`` (a RocksDB
        checkpoint: hard links, made in an instant while the store serves), opened read-only, which
        is sound because nothing writes a checkpoint (a backup reads it)."""
        self._store.backup(str(directory))
        return Store(ox.Store.read_only(str(directory)), str(directory))

    def close(self) -> None:
        if self._remote is not None:
            self._remote.close()
            return
        self._store.flush()
        del self._store

    # -- reading ------------------------------------------------------------------

    def _guard(self, text: str) -> None:
        if looks_like_update(text):
            raise ForbiddenOperation(
                "Updates are not accepted here: this endpoint is read-only. "
                "Curators change records through the curation API."
            )

    def _remote_text(self, text: str, bindings: Mapping[str, Node] | None) -> str:
        """The query for the remote server, parsed here first by the embedded store's parser so
        that a syntax error gets the same 400 (with line and column) on every backend."""
        self._guard(text)
        final = with_values(text, bindings)
        try:
            _EMPTY.query(final, use_default_graph_as_union=True)
        except SyntaxError as error:
            raise bad_query(error, text) from error
        return final

    def _run(self, text: str, bindings: Mapping[str, Node] | None, **options: object):
        self._guard(text)
        try:
            return self._store.query(
                with_values(text, bindings), use_default_graph_as_union=not options.get("default_graph"), **options
            )
        except SyntaxError as error:
            raise bad_query(error, text) from error

    def select(self, text: str, bindings: Mapping[str, Node] | None = None) -> SelectResult:
        """Run a SELECT query with pre-bound variables; values never enter the query text."""
        if self._remote is not None:
            variables, rows = self._remote.solutions(self._remote_text(text, bindings))
            ordered = ([row.get(name) for name in variables] for row in rows)
            return SelectResult(variables, rdflib_rows(variables, ordered))
        solutions = self._run(text, bindings)
        variables = [v.value for v in solutions.variables]
        return SelectResult(variables, rdflib_rows(variables, solutions))

    def ask(self, text: str, bindings: Mapping[str, Node] | None = None) -> bool:
        if self._remote is not None:
            return bool(self._remote.solutions(self._remote_text(text, bindings)))
        return bool(self._run(text, bindings))

    def construct(self, text: str, bindings: Mapping[str, Node] | None = None) -> Graph:
        graph = Graph()
        if self._remote is not None:
            triples = self._remote.triples(self._remote_text(text, bindings))
        else:
            triples = self._run(text, bindings)
        for triple in triples:
            graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
        return graph

    def protocol_query(
        self,
        text: str,
        select_format: str,
        graph_format: str,
        default_graph_uris: Iterable[str] = (),
        named_graph_uris: Iterable[str] = (),
        row_cap: int | None = None,
        deadline: float | None = None,
        base_iri: str | None = None,
        form: str | None = None,
        ask_format: str = "json",
    ) -> Answer:
        """Run any query for the SPARQL Protocol; return its :class:`Answer` (kind, body, truncated).

        kind is "select", "ask" or "graph"; the body is in ``select_format`` for SELECT, ``ask_format``
        (json or xml) for ASK and ``graph_format`` for CONSTRUCT/DESCRIBE, written by the engine's writers. Iteration stops at ``row_cap`` rows (the answer then
        says it was truncated) and raises QueryTimeout past ``deadline`` (a time.monotonic() value).
        The dataset is the union of the record graphs, unless the protocol names graphs or the query
        its own (FROM, FROM NAMED). ``form``: the query's kind when it was parsed already (public
        queries are parsed in a worker process, see catalogue.store.public).
        Public queries go through :class:`catalogue.store.public.PublicQueries`, which runs them
        in worker processes under the endpoint's limits; this runs in the calling process.
        """
        self._guard(text)
        if mentions_service(text):
            raise ForbiddenOperation(
                "Federated queries (SERVICE) are refused: this endpoint never fetches other URLs on a "
                "client's behalf. Query the other endpoint yourself and combine the results."
            )
        if base_iri is not None and not is_iri(base_iri):
            raise ValueError(f"Not a usable base IRI: {base_iri!r}")
        defaults, named = list(default_graph_uris), list(named_graph_uris)
        if self._remote is not None:
            return self._remote_protocol_query(text, select_format, graph_format, defaults, named, row_cap, deadline,
                                               base_iri, form, ask_format)
        options: dict[str, object] = {}
        if defaults:
            options["default_graph"] = [ox.NamedNode(u) for u in defaults]
        if named:
            options["named_graphs"] = [ox.NamedNode(u) for u in named]
        if base_iri:
            options["base_iri"] = base_iri
        try:
            result = self._store.query(text, use_default_graph_as_union=not defaults and not names_dataset(text),
                                       **options)
        except SyntaxError as error:
            raise bad_query(error, text) from error
        return answer(result, select_format, graph_format, row_cap, deadline, ask_format)

    def _remote_protocol_query(self, text, select_format, graph_format, default_graph_uris, named_graph_uris,
                               row_cap, deadline, base_iri, form, ask_format) -> Answer:
        """The protocol query on the remote server. Unless ``form`` says it was parsed already, the
        text is parsed here first, by the same parser as the embedded store (on an empty store), so
        both backends answer a syntax error with the same 400 and only portable SPARQL 1.1 reaches
        the server."""
        if form is None:
            try:  # parses; an empty dataset answers at once
                form = _query_form(_EMPTY.query(text, use_default_graph_as_union=True))
            except SyntaxError as error:
                raise bad_query(error, text) from error
        params = [("default-graph-uri", u) for u in default_graph_uris] + [("named-graph-uri", u) for u in named_graph_uris]
        if base_iri:  # relative IRIs resolve as they do here; the base is a setting, checked as an IRI above
            text = f"BASE {URIRef(base_iri).n3()} {text}"
        timeout = max(0.05, deadline - time.monotonic()) if deadline is not None else None
        cap = row_cap if row_cap is not None else float("inf")
        remote = self._remote
        if form in ("ask", "select"):  # the server's results, read and written by the engine
            return answer(remote.results(text, timeout, params), select_format, graph_format, row_cap, None,
                          ask_format)
        triples = remote.triples(text, timeout, params)
        truncated = len(triples) > cap
        kept = triples[: int(min(cap, len(triples)))]
        return Answer("graph", ox.serialize(kept, format=GRAPH_FORMATS[graph_format]) or b"", truncated)

    def _triples(self, name: str) -> list:
        if self._remote is not None:
            return self._remote.graph_triples(name)
        return [quad.triple for quad in self._store.quads_for_pattern(None, None, None, ox.NamedNode(name))]

    def graph(self, name: str, light: bool = False) -> Graph:
        """The triples of one named graph as an rdflib Graph (empty if it does not exist).

        ``light``: a read-only :class:`~catalogue.record_graph.RecordGraph`, faster to build and
        to look up, for graphs that are only read and serialised (record pages), not changed,
        handed to pySHACL or merged."""
        return graph_of(self._triples(name), light)

    def read(self, name: str, light: bool = False) -> tuple[Graph, str | None]:
        """One read of a named graph: the graph (see :meth:`graph`) and its :meth:`graph_digest`."""
        triples = self._triples(name)
        return graph_of(triples, light), digest(triples)

    def graph_digest(self, name: str) -> str | None:
        """A hash of one graph's triples (sorted N-Triples), the same on every backend; None when
        the graph is empty or missing. Cheaper than building an rdflib Graph: the loader compares it to
        skip records that did not change."""
        return digest(self._triples(name))

    @staticmethod
    def digest_of(graph: Graph) -> str | None:
        """The :meth:`graph_digest` the store would give after storing ``graph``."""
        return digest([ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in graph])

    def has_graph(self, name: str) -> bool:
        if self._remote is not None:
            return self._remote.has_graph(name)
        return self._store.contains_named_graph(ox.NamedNode(name))

    def graph_names(self) -> list[str]:
        """The catalogue's graphs (internal ones, ``urn:symbios:…``, such as a replica's position, left out)."""
        if self._remote is not None:
            return self._remote.graph_names()
        return sorted(g.value for g in self._store.named_graphs()
                      if isinstance(g, ox.NamedNode) and not g.value.startswith(INTERNAL))

    def _quads(self) -> Iterator[ox.Quad]:
        if self._remote is not None:
            return self._remote.quads_of(self._remote.graph_names())
        return (q for q in self._store
                if not (isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(INTERNAL)))

    def dataset(self) -> Dataset:
        """The whole store as an rdflib Dataset (for export)."""
        dataset = Dataset()
        for quad in self._quads():
            graph_name = quad.graph_name
            context = dataset.graph(URIRef(graph_name.value)) if isinstance(graph_name, ox.NamedNode) else dataset.default_graph
            context.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
        return dataset

    def __len__(self) -> int:
        if self._remote is not None:
            return self._remote.count_quads()
        internal = sum(sum(1 for _ in self._store.quads_for_pattern(None, None, None, g))
                       for g in self._store.named_graphs() if isinstance(g, ox.NamedNode) and g.value.startswith(INTERNAL))
        return len(self._store) - internal

    # -- writing ------------------------------------------------------------------

    def replace_graphs(self, graphs: Mapping[str, Graph], drop: Iterable[str] = ()) -> None:
        """Replace each named graph by the given triples, and drop others, in ONE transaction.

        Either every graph is replaced or, on any error, the store is left exactly as it was.
        On Virtuoso, whose updates are not transactions, each graph is replaced on its own,
        staged and switched (see catalogue.store.remote): never half a graph.
        """
        for name in [*drop, *graphs]:
            if not is_iri(name):
                raise ValueError(f"Not a usable graph name: {name!r}")
        self.generation += 1
        if self._remote is not None:
            self._remote.replace(graphs, drop)
            return
        update = replace_update(graphs, drop)
        if update:
            self._update(update)

    def _update(self, text: str) -> None:
        """One SPARQL Update on the embedded store; a disk that refuses it is a 503, not a 500.

        Once a write has failed (a full disk), RocksDB refuses every later write, even after space
        is freed, until the store is opened again: so the next write first reopens it (issue 19)."""
        if self._write_failed:
            self._reopen()
        try:
            self._store.update(text)
        except OSError as error:
            self._write_failed = True
            raise StoreUnavailable(
                f"The store could not write (disk full?): {error}. Nothing was changed; free space where "
                f"the store lives ({self.location or 'memory'}) and try again: no restart is needed.",
                retry_after=30,
            ) from error

    def _reopen(self) -> None:
        """Open the embedded store afresh after a failed write. The failed instance is dropped first
        (it holds the directory's lock); if the store cannot be opened for writing yet, a read-only
        instance serves the reads (no writer is left in this process) and the write is a 503 again."""
        if self.location is None:
            self._write_failed = False
            return
        self._store = _Reopening(self.location)  # for the milliseconds in between: a 503, not a crash
        gc.collect()  # a cycle (an exception's traceback) may still hold the failed instance
        try:
            self._store = ox.Store(self.location)
        except OSError as error:
            try:
                self._store = ox.Store.read_only(self.location)
            except (OSError, RuntimeError):
                pass
            raise StoreUnavailable(
                f"The store could not write (disk full?): it cannot be opened for writing yet ({error}). "
                f"Free space where the store lives ({self.location}) and try again.", retry_after=30,
            ) from error
        self._write_failed = False

    def bulk_load_records(self, records: Iterable[tuple[str, str]], prefixes: str = "") -> None:
        """Fast, non-transactional load of many (graph name, Turtle text) records (benchmarks, dumps).

        The records are written as one TriG document (a GRAPH block per record) and bulk-loaded
        by Oxigraph's own parser. On a remote server each record is one Graph Store PUT.
        """
        self.generation += 1
        if self._remote is not None:
            for name, text in records:
                if not is_iri(name):
                    raise ValueError(f"Not a usable graph name: {name!r}")
                self._remote.load_graph_text(name, (prefixes + text).encode("utf-8"), "text/turtle")
            return
        with tempfile.NamedTemporaryFile("w", suffix=".trig", encoding="utf-8", delete=False) as out:
            out.write(prefixes)
            for name, text in records:
                if not is_iri(name):
                    raise ValueError(f"Not a usable graph name: {name!r}")
                out.write(f"GRAPH <{name}> {{\n{text}\n}}\n")
            path = out.name
        try:
            self._store.bulk_load(path=path, format=ox.RdfFormat.TRIG)
        finally:
            Path(path).unlink(missing_ok=True)

    def serialize_graphs(self, fmt: str, prefixes: Mapping[str, str] | None = None) -> Iterator[bytes]:
        """The store's named graphs serialised one at a time (a dump streamed in pieces).

        ``fmt``: ``nq`` and ``trig`` keep each graph's name; ``nt`` and ``ttl`` give the union of the
        graphs, each triple once (#22 item 6): a triple several graphs hold is written with the first
        of them. Only those triples are remembered on the way (one query finds them), so the dump
        still streams graph by graph. Every piece is complete on its own, so the concatenation is a
        valid document.
        """
        formats = {"nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
                   "nt": ox.RdfFormat.N_TRIPLES, "ttl": ox.RdfFormat.TURTLE}
        keeps_graphs = fmt in ("nq", "trig")
        shared = set() if keeps_graphs else self._shared_triples()
        written: set[ox.Triple] = set()
        for quads in self._graphs_of_quads():
            if keeps_graphs:
                items = quads
            else:
                items = []
                for quad in quads:
                    triple = quad.triple
                    if isinstance(quad.graph_name, ox.DefaultGraph):
                        shared.add(triple)  # the embedded store's default graph, if it holds anything
                    if triple in shared:
                        if triple in written:
                            continue
                        written.add(triple)
                    items.append(triple)
                if not items:
                    continue
            if fmt in ("trig", "ttl"):
                yield ox.serialize(items, format=formats[fmt], prefixes=dict(prefixes or {})) + b"\n"
            else:
                yield ox.serialize(items, format=formats[fmt])

    def _shared_triples(self) -> set[ox.Triple]:
        """The triples that more than one named graph holds."""
        if self._remote is not None:
            rows = self._remote.solutions(SHARED_TRIPLES)[1]
            return {ox.Triple(row["s"], row["p"], row["o"]) for row in rows}
        return {ox.Triple(row["s"], row["p"], row["o"]) for row in self._store.query(SHARED_TRIPLES)}

    def _graphs_of_quads(self) -> Iterator[list[ox.Quad]]:
        """The quads of the store, one graph at a time (the default graph first)."""
        if self._remote is not None:
            current, name = [], None
            for quad in self._remote.quads_of(self._remote.graph_names()):
                if quad.graph_name != name and current:
                    yield current
                    current = []
                name = quad.graph_name
                current.append(quad)
            if current:
                yield current
            return
        for name in [ox.DefaultGraph(), *(ox.NamedNode(n) for n in self.graph_names())]:
            quads = list(self._store.quads_for_pattern(None, None, None, name))
            if quads:
                yield quads

    def dump_quads(self, output) -> None:
        """Write every quad of the store as N-Quads to a binary file object (backups)."""
        for quads in self._graphs_of_quads():
            output.write(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))

    def replace_with_dump(self, body: bytes, fmt: str, drop: Iterable[str] = ()) -> None:
        """Drop the graphs in ``drop`` (a new replica: all of them), then bulk-load the named graphs
        of a TriG (``fmt`` "trig") or N-Quads ("nq") dump; its default-graph triples are left out.
        The dump is parsed before anything is dropped: one that does not parse raises SyntaxError
        and leaves the store as it was."""
        formats = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS}
        with tempfile.NamedTemporaryFile(suffix=".nq") as file:
            ox.serialize((q for q in ox.parse(body, format=formats[fmt]) if isinstance(q.graph_name, ox.NamedNode)),
                         file, format=ox.RdfFormat.N_QUADS)
            file.flush()
            self.replace_graphs({}, drop=drop)
            self.load_quads(file.name)

    def load_quads(self, path: str | Path) -> None:
        """Bulk-load an N-Quads file, keeping its graphs (restoring a backup into an empty store)."""
        self.generation += 1
        if self._remote is not None:
            graphs: dict[str, Graph] = {}
            for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
                if not isinstance(quad.graph_name, ox.NamedNode):
                    raise ValueError("A remote store keeps every triple in a named graph; the file has default-graph triples.")
                graph = graphs.setdefault(quad.graph_name.value, Graph())
                graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
            self.replace_graphs(graphs)
            return
        self._store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
        self._store.flush()

    def bulk_load_file(self, path: str | Path, graph: str) -> None:
        """Fast, non-transactional load of a large file into one graph (benchmarks, dumps)."""
        self.generation += 1
        if self._remote is not None:
            types = {".ttl": "text/turtle", ".nt": "application/n-triples", ".rdf": "application/rdf+xml"}
            self._remote.load_graph_text(graph, Path(path).read_bytes(), types.get(Path(path).suffix, "text/turtle"))
            return
        self._store.bulk_load(path=str(path), format=ox.RdfFormat.from_extension(Path(path).suffix[1:]),
                              to_graph=ox.NamedNode(graph))
