"""The process a public SPARQL query runs in (see :mod:`catalogue.store.public`).

A worker is a separate process (``python -m catalogue.store.sandbox FD MEMORY NICENESS``) that reads
jobs from the socket ``FD``. Whatever a
query does to it — overflow the parser's stack, loop, eat memory — ends at most this process:
the server kills it at the time limit and starts another. It is sandboxed when it starts:

- it can open no network socket (a seccomp filter refuses ``socket(AF_INET | AF_INET6)``), so the
  engine cannot call another server even if a SERVICE pattern reached it;
- its address space is capped (``RLIMIT_AS``) and it runs at a lower CPU priority (``nice``), so a
  runaway query (at the lowest priority, nice 19) costs the pages a small share of the CPU, never the
  memory of the machine.

It reads a snapshot of the embedded store (a checkpoint directory opened read-only, or an
N-Quads file for an in-memory store), the one its job names; a remote store's queries are
only parsed here, and run on the server.
"""

from __future__ import annotations

import errno
import os
import resource
import socket
import sys
import traceback

import pyoxigraph as ox

from ..errors import BadQuery, ForbiddenOperation, StoreUnavailable, SymbiosError
from .protocol import answer, query_form
from .text import bad_query

SANDBOXED = "sandboxed"


def sandbox(memory_bytes: int, niceness: int) -> str:
    """Lock this process down; return SANDBOXED, or why the network could not be closed."""
    if niceness:
        os.nice(niceness)
    if memory_bytes:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    try:
        import pyseccomp as seccomp

        rules = seccomp.SyscallFilter(seccomp.ALLOW)
        for family in (socket.AF_INET, socket.AF_INET6):
            rules.add_rule(seccomp.ERRNO(errno.EACCES), "socket", seccomp.Arg(0, seccomp.EQ, family))
        rules.load()
    except Exception as error:  # no libseccomp (not Linux): SERVICE is still refused by the text check
        return f"network not closed: {error}"
    return SANDBOXED


def _open(snapshot: tuple[int, str, str]) -> ox.Store:
    _, kind, path = snapshot
    if kind == "directory":  # else "nquads"
        return ox.Store.read_only(path)
    store = ox.Store()
    store.bulk_load(path=path, format=ox.RdfFormat.N_QUADS)
    return store


def _options(job: dict) -> dict:
    options: dict[str, object] = {}
    defaults = [ox.NamedNode(u) for u in job.get("default_graphs", ())]
    named = [ox.NamedNode(u) for u in job.get("named_graphs", ())]
    if defaults:
        options["default_graph"] = defaults
    if named:
        options["named_graphs"] = named
    if job.get("base_iri"):
        options["base_iri"] = job["base_iri"]
    options["use_default_graph_as_union"] = bool(job.get("union")) and not defaults
    return options


def run(job: dict, stores: dict) -> tuple:
    """One job: ("parsed", form) for a parse, ("answer", kind, body, truncated) for a query."""
    text = job["text"]
    try:
        if job["op"] == "parse":
            empty = stores.setdefault("empty", ox.Store())
            return ("parsed", query_form(empty.query(text, **_options(job))))
        snapshot = tuple(job["snapshot"])
        if stores.get("snapshot") != snapshot:
            stores.pop("store", None)
            stores["store"] = _open(snapshot)
            stores["snapshot"] = snapshot
        result = stores["store"].query(text, **_options(job))
        return ("answer", *answer(result, job["select_format"], job["graph_format"], job.get("row_cap"),
                                  ask_format=job.get("ask_format", "json")))
    except SyntaxError as error:
        raise bad_query(error, text) from error
    except PermissionError as error:  # the sandbox refused a socket: the query tried to reach a server
        raise ForbiddenOperation("The query tried to call another server (SERVICE), which this endpoint never does. "
                                 "Query the other endpoint yourself and combine the results.") from error
    except OSError as error:
        raise StoreUnavailable(f"The store could not be read for this query ({error}). Try again in a moment.",
                               retry_after=2) from error
    except MemoryError as error:
        raise BadQuery("The query needed more memory than a public query may use (SYMBIOS_QUERY_MEMORY_MB). "
                       "Narrow it down or add a LIMIT.") from error


def serve(conn, memory_bytes: int, niceness: int) -> None:
    """The worker's loop: a job in, one reply out, until the pipe closes."""
    conn.send(("ready", sandbox(memory_bytes, niceness)))
    stores: dict = {}
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = run(job, stores)
        except SymbiosError as error:
            reply = ("error", type(error).__name__, error.message, dict(error.details))
        except Exception as error:  # the engine's own errors (evaluation, I/O): a message, not a crash
            traceback.print_exc(file=sys.stderr)
            reply = ("error", "BadQuery", f"The query engine could not evaluate the query: {error}. "
                                          "Check the query, or narrow it down.", {})
        conn.send(reply)


if __name__ == "__main__":
    from multiprocessing.connection import Connection

    serve(Connection(int(sys.argv[1])), int(sys.argv[2]), int(sys.argv[3]))
