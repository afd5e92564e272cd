"""Public SPARQL queries, each in a worker process that can be killed.

Anyone may send ``/sparql`` a query, so a query is treated as hostile work: its text is checked
first (size, nesting, SERVICE: :func:`catalogue.store.text.check_public`), then it runs in one of
a few sandboxed worker processes (:mod:`catalogue.store.sandbox`):

- a query that overflows the engine's stack or aborts it ends only its worker, and gets a 400;
- at the time limit the worker is killed, so the query stops using CPU and memory at once, and a
  fresh worker takes its place;
- at most ``query_workers`` queries run at once; one that finds them all busy for longer than
  ``query_queue_wait`` gets a 503 with Retry-After.

Workers read the embedded store through snapshots (:class:`Snapshots`): a checkpoint of the
on-disk store (hard links, cheap) or an N-Quads dump of an in-memory one, taken when a query
comes after the store changed. On a remote store the worker only parses the query (so the
parser's crash is contained too) and the query runs on the server, with the time limit passed
to it.
"""

from __future__ import annotations

import logging
import socket
import subprocess
import sys
import shutil
import tempfile
import threading
import time
import weakref
from multiprocessing.connection import Connection
from pathlib import Path

from .. import errors
from ..errors import BadQuery, Overloaded, QueryTimeout
from ..iris import checked_iri
from .protocol import Answer
from .sandbox import SANDBOXED
from .text import check_public, names_dataset

log = logging.getLogger("symbios")


class _TimedOut(Exception):
    pass


class _Died(Exception):
    pass


class Worker:
    """One sandboxed process (``python -m catalogue.store.sandbox``) and the socket pair to it. A plain
    subprocess rather than multiprocessing's spawn, which would import the server's main module again."""

    def __init__(self, memory_bytes: int, niceness: int) -> None:
        ours, theirs = socket.socketpair()
        with theirs:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "catalogue.store.sandbox", str(theirs.fileno()), str(memory_bytes), str(niceness)],
                pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL)
        self.conn = Connection(ours.detach())
        self.sandbox: str | None = None

    @property
    def pid(self) -> int:
        return self.process.pid

    def ready(self, timeout: float = 60.0) -> None:
        """Wait until the process has started and sandboxed itself."""
        if self.sandbox is None:
            self.sandbox = self._receive(timeout)[1]
            if self.sandbox != SANDBOXED:
                log.warning("A public query worker runs without its network sandbox (%s); SERVICE is still "
                            "refused by the query check.", self.sandbox)

    def call(self, job: dict, timeout: float) -> tuple:
        self.conn.send(job)
        return self._receive(timeout)

    def _receive(self, timeout: float) -> tuple:
        try:
            if not self.conn.poll(max(0.0, timeout)):
                self.kill()
                raise _TimedOut()
            return self.conn.recv()
        except (EOFError, OSError):
            try:
                code = self.process.wait(2)
            except subprocess.TimeoutExpired:
                code = None
            self.kill()
            raise _Died(code) from None

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(5)
        self.conn.close()


class Snapshots:
    """What the workers read of the embedded store: one snapshot per state of the store, taken when
    a query comes after a change, removed when no running query uses it any more."""

    def __init__(self, store) -> None:
        self._store = store
        if store.location:
            location = Path(store.location)
            self._dir = location.with_name(location.name + ".query-snapshots")
            shutil.rmtree(self._dir, ignore_errors=True)  # left by a server that was killed
            self._dir.mkdir(parents=True)
        else:
            self._dir = Path(tempfile.mkdtemp(prefix="symbios-query-"))
        self._cleanup = weakref.finalize(self, shutil.rmtree, self._dir, True)  # also when never closed
        self._lock = threading.Lock()
        self._current: tuple | None = None
        self._users: dict[tuple, int] = {}
        self._serial = 0

    def acquire(self) -> tuple:
        """The snapshot of the store as it is now: (generation, kind, path)."""
        with self._lock:
            generation = self._store.generation
            if self._current is None or self._current[0] != generation:
                self._serial += 1
                self._dir.mkdir(parents=True, exist_ok=True)
                path = self._dir / str(self._serial)
                kind = self._store.snapshot(path)
                previous, self._current = self._current, (generation, kind, str(path))
                self._users[self._current] = 0
                if previous is not None and self._users.get(previous) == 0:
                    self._remove(previous)
            self._users[self._current] += 1
            return self._current

    def release(self, snapshot: tuple) -> None:
        with self._lock:
            if snapshot not in self._users:  # removed by close() while the query ran
                return
            self._users[snapshot] -= 1
            if snapshot != self._current and self._users[snapshot] == 0:
                self._remove(snapshot)

    def _remove(self, snapshot: tuple) -> None:
        del self._users[snapshot]
        path = Path(snapshot[2])
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)

    def close(self) -> None:
        """Remove every snapshot; a later query takes a new one (an app may be started again)."""
        with self._lock:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._current, self._users = None, {}


class PublicQueries:
    """Answers the public endpoint's queries under its limits (see the module's docstring)."""

    def __init__(self, store, settings) -> None:
        self._store = store
        self._settings = settings
        self._slots = threading.BoundedSemaphore(max(1, settings.query_workers))
        self._lock = threading.Lock()
        self._idle: list[Worker] = []
        self._snapshots = None if store.is_remote else Snapshots(store)

    def answer(self, text: str, select_format: str, graph_format: str, default_graphs: list[str] = (),
               named_graphs: list[str] = (), base_iri: str | None = None, ask_format: str = "json") -> Answer:
        """The query's answer, or the error that says which limit it ran into (formats: see
        :func:`catalogue.store.protocol.answer`)."""
        settings = self._settings
        check_public(text, settings.query_max_bytes, settings.query_max_depth)
        for name, iris in (("default-graph-uri", default_graphs), ("named-graph-uri", named_graphs)):
            for iri in iris:
                checked_iri(iri, name)
        if not self._slots.acquire(timeout=settings.query_queue_wait):
            raise Overloaded(
                f"{settings.query_workers} public queries are running already, the most this endpoint runs at once "
                "(SYMBIOS_QUERY_WORKERS). Try again in a few seconds.", retry_after=max(1, round(settings.query_timeout / 2)),
                limit=settings.query_workers)
        try:
            job = {"text": text, "select_format": select_format, "graph_format": graph_format, "ask_format": ask_format,
                   "default_graphs": list(default_graphs), "named_graphs": list(named_graphs), "base_iri": base_iri,
                   "union": not names_dataset(text), "row_cap": settings.row_cap}
            if self._snapshots is None:
                return self._on_server(job)
            snapshot = self._snapshots.acquire()
            try:
                reply = self._call(dict(job, op="run", snapshot=snapshot))
            finally:
                self._snapshots.release(snapshot)
            return Answer(*reply[1:])
        finally:
            self._slots.release()

    def _on_server(self, job: dict) -> Answer:
        """A remote store's query: parsed by a worker, then run on the server within what is left of the time."""
        started = time.monotonic()
        form = self._call(dict(job, op="parse"))[1]
        deadline = started + self._settings.query_timeout
        try:
            return self._store.protocol_query(job["text"], job["select_format"], job["graph_format"],
                                              job["default_graphs"], job["named_graphs"], job["row_cap"], deadline,
                                              job["base_iri"], form=form, ask_format=job["ask_format"])
        except QueryTimeout:
            raise self._timed_out() from None

    def _timed_out(self) -> QueryTimeout:
        limit = self._settings.query_timeout
        return QueryTimeout(f"The query ran longer than the limit of {limit:g} s (SYMBIOS_QUERY_TIMEOUT) and was "
                            "stopped. Narrow it down or add a LIMIT; other requests are not affected.", limit=limit)

    def _call(self, job: dict) -> tuple:
        limit = self._settings.query_timeout
        worker = self._take()
        try:
            reply = worker.call(job, limit)
        except _TimedOut:
            self._replace()
            raise self._timed_out() from None
        except _Died as died:
            self._replace()
            raise BadQuery(f"The query stopped the query engine (exit {died.args[0]}): it needs more stack or memory "
                           "than a public query may have, e.g. through very deep nesting or very long chains of "
                           "operators or UNIONs. Simplify it or split it into several queries.") from None
        self._give(worker)
        if reply[0] == "error":
            _, name, message, details = reply
            raise getattr(errors, name, errors.StoreUnavailable)(message, **details)
        return reply

    def _new(self) -> Worker:
        return Worker(self._settings.query_memory_mb * 1024 * 1024, 19)  # the lowest CPU priority

    def _take(self) -> Worker:
        with self._lock:
            worker = self._idle.pop() if self._idle else None
        worker = worker or self._new()
        worker.ready()
        return worker

    def _give(self, worker: Worker) -> None:
        with self._lock:
            self._idle.append(worker)

    def _replace(self) -> None:
        """Start a worker in place of one that was killed, so the next query need not wait for it."""
        with self._lock:
            if len(self._idle) < self._settings.query_workers:
                self._idle.append(self._new())

    def worker_pids(self) -> list[int]:
        """The processes of the idle workers (diagnostics and tests)."""
        with self._lock:
            return [worker.pid for worker in self._idle]

    def close(self) -> None:
        """Stop the idle workers and remove the snapshots (at the app's shutdown). The pool stays
        usable: a later query starts a worker and takes a snapshot again."""
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.kill()
        if self._snapshots is not None:
            self._snapshots.close()
