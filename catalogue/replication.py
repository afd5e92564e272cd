"""Read replicas: keep a local store in step with a primary by following its change feed (LDES).

A replica starts from the primary's catalogue dump and then applies every member of the feed
(``/feed?page=N``) in order: a published version replaces the record's graph, a withdrawal
drops it. How far it has come (the number of feed members applied) is kept in the replica's
own store, in an internal graph written **in the same transaction** as the record it belongs
to, so a replica killed at any moment resumes where it stopped and applies each version once.

A replica given its curation database also notes there when it changed each record, which its
record pages give as Last-Modified. It is the time the replica applied the change, not when the
primary published it: a client that read the old version from this replica after the publication
but before the replica caught up must not be told by If-Modified-Since that it is current. The
time is written before the record, so a replica killed in between shows a time newer than the
content (one needless download), never an older one.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

import httpx
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from .database import Database, now
from .errors import StoreUnavailable
from .namespaces import SYM
from .store import Store

log = logging.getLogger("symbios.replication")

STATE_GRAPH = "urn:symbios:replica"
DUMP_MEDIA_TYPES = {"nq": "application/n-quads", "trig": "application/trig"}
_STATE = URIRef(STATE_GRAPH)
_POSITION = URIRef("urn:symbios:replica#position")
_PRIMARY = URIRef("urn:symbios:replica#primary")


@dataclass
class Progress:
    applied: int = 0
    position: int = 0
    bootstrapped: bool = False


def _state_graph(position: int, feed_url: str) -> Graph:
    graph = Graph()
    graph.add((_STATE, _POSITION, Literal(position, datatype=XSD.integer)))
    graph.add((_STATE, _PRIMARY, URIRef(feed_url)))
    return graph


def record_of_member(page: Graph, member: URIRef) -> tuple[str, Graph | None]:
    """(record IRI, its graph) for one feed member; the graph is None for a withdrawal.

    The member carries the record's triples with the record IRI (and its fragments) rewritten to
    the version IRI; the version's own metadata triples are left out, and blank nodes reachable
    from the record come along.
    """
    record = page.value(member, DCTERMS.isVersionOf)
    if record is None:
        raise StoreUnavailable(f"The feed member {member} names no record (dcterms:isVersionOf).")
    if (member, RDF.type, SYM.Withdrawal) in page:
        return str(record), None
    version, target = str(member), str(record)

    def back(term):
        if isinstance(term, URIRef) and (str(term) == version or str(term).startswith(version + "#")):
            return URIRef(target + str(term)[len(version):])
        return term

    metadata = {(member, RDF.type, SYM.RecordVersion), (member, DCTERMS.isVersionOf, record)}
    metadata |= {(member, p, o) for p in (PROV.generatedAtTime, DCTERMS.creator, RDFS.comment)
                 for o in page.objects(member, p)}
    graph = Graph()
    todo = [s for s in set(page.subjects()) if isinstance(s, URIRef)
            and (str(s) == version or str(s).startswith(version + "#"))]
    seen = set(todo)
    while todo:
        subject = todo.pop()
        for s, p, o in page.triples((subject, None, None)):
            if (s, p, o) in metadata:
                continue
            graph.add((back(s), p, back(o)))
            if isinstance(o, BNode) and o not in seen:
                seen.add(o)
                todo.append(o)
    return target, graph


class Replica:
    """Follows ``feed_url`` (the primary's /feed) into ``store``."""

    def __init__(self, store: Store, feed_url: str, client: httpx.Client | None = None,
                 on_change: Callable[[list[str] | None], None] | None = None, database: Database | None = None) -> None:
        self.store = store
        self.database = database  # notes when each record changed here (Last-Modified), if given
        self.feed_url = feed_url.rstrip("/")
        self.client = client or httpx.Client(timeout=60, headers={"User-Agent": "Symbios replica"})
        self.on_change = on_change or (lambda records=None: None)

    # -- state ----------------------------------------------------------------------------

    def position(self) -> int | None:
        """Feed members applied so far, or None before the first bootstrap."""
        rows = self.store.select(
            "SELECT ?n WHERE { GRAPH ?g { ?state ?p ?n } }",
            {"g": _STATE, "state": _STATE, "p": _POSITION},
        ).rows
        return int(rows[0]["n"]) if rows else None

    # -- HTTP ------------------------------------------------------------------------------

    def _get(self, url: str, accept: str, missing_ok: bool = False) -> httpx.Response | None:
        try:
            response = self.client.get(url, headers={"Accept": accept})
        except httpx.HTTPError as error:
            raise StoreUnavailable(f"The primary did not answer at {url} ({error}); will try again.") from error
        if missing_ok and response.status_code == 404:
            return None
        if response.status_code != 200:
            raise StoreUnavailable(f"The primary answered {response.status_code} for {url}.")
        return response

    def _page_json(self, number: int, missing_ok: bool = False) -> dict | None:
        """Page ``number`` of the feed as JSON; None for a page after the last when ``missing_ok``."""
        response = self._get(f"{self.feed_url}?page={number}", "application/json", missing_ok)
        return None if response is None else response.json()

    # -- work ------------------------------------------------------------------------------

    def bootstrap(self) -> int:
        """Load the primary's dump, replacing everything, and start at the feed's current end."""
        total = self._page_json(1)["total"]  # read before the dump: later members are re-applied, never missed
        description = Graph().parse(data=self._get(self.feed_url, "text/turtle").text, format="turtle")
        dump = description.value(URIRef(self.feed_url), DCTERMS.source)
        if dump is None:
            raise StoreUnavailable(f"The feed at {self.feed_url} names no dump (dcterms:source) to start from.")
        fmt = "nq" if str(dump).endswith(".nq") else "trig"
        body = self._get(str(dump), DUMP_MEDIA_TYPES[fmt]).content
        # Empty the store, bulk-load the dump, and only then record the position: a replica
        # killed before that starts from the dump again (the dump replaces everything).
        started = now()
        self.store.replace_with_dump(body, fmt, drop=[*self.store.graph_names(), STATE_GRAPH])
        if self.database is not None:  # before the position: a replica killed here starts from the dump again
            self.database.replace_loaded(self.store.graph_names(), started)
        self.store.replace_graphs({STATE_GRAPH: _state_graph(total, self.feed_url)})
        log.info("Replica started from %s at feed position %d", dump, total)
        self.started_from = str(dump)
        self.on_change(None)  # everything replaced
        return total

    def step(self) -> Progress:
        """Apply every feed member not applied yet; return what was done."""
        progress = Progress()
        position = self.position()
        if position is None:
            position = self.bootstrap()
            progress.bootstrapped = True
        size, applied = 0, []
        while True:
            size = size or self._page_json(1)["page_size"]
            number = position // size + 1
            listing = self._page_json(number, missing_ok=True)  # after a full last page: 404, nothing new yet
            items = listing["items"][position - (number - 1) * size:] if listing is not None else []
            if not items:
                break
            page = Graph().parse(data=self._get(f"{self.feed_url}?page={number}", "application/n-triples").text,
                                 format="nt")
            for item in items:
                record, graph = record_of_member(page, URIRef(item["member"]))
                position += 1
                state = {STATE_GRAPH: _state_graph(position, self.feed_url)}
                if self.database is not None:
                    changed, dropped = ([], [record]) if graph is None else ([record], [])
                    self.database.mark_loaded(changed, dropped, now())
                if graph is None:
                    self.store.replace_graphs(state, drop=[record])
                else:
                    self.store.replace_graphs({record: graph, **state})
                progress.applied += 1
                applied.append(str(record))
                log.info("Applied %s version %s (%s)", record, item["version"], item["state"])
        progress.position = position
        if progress.applied:
            self.on_change(list(dict.fromkeys(applied)))
        return progress

    def follow(self, interval: float, stop: threading.Event, say: Callable[[str], None] = log.info) -> None:
        """Poll the feed every ``interval`` seconds until ``stop`` is set; survive a primary that is down."""
        while not stop.is_set():
            try:
                done = self.step()
                if done.bootstrapped:
                    say(f"started from the primary's dump {self.started_from}")
                if done.applied or done.bootstrapped:
                    say(f"at feed position {done.position} ({done.applied} versions applied)")
            except StoreUnavailable as error:
                say(str(error))
            stop.wait(interval)


def start_following(store: Store, feed_url: str, interval: float, on_change: Callable[[list[str] | None], None],
                    database: Database | None = None) -> threading.Event:
    """Follow the feed in a background thread (for `symbios serve --read-only --follow`); set the event to stop."""
    stop = threading.Event()
    replica = Replica(store, feed_url, on_change=on_change, database=database)
    say = lambda message: print(f"symbios replica: {message}", flush=True)  # noqa: E731 - next to uvicorn's log
    threading.Thread(target=replica.follow, args=(interval, stop, say), daemon=True, name="symbios-replica").start()
    return stop

