"""Which store the tests run on: the embedded Oxigraph (default) or a remote SPARQL server.

`SYMBIOS_TEST_STORE=sparql+http://127.0.0.1:8890/sparql` (with `SYMBIOS_STORE_USER`,
`SYMBIOS_STORE_PASSWORD`, … for writes) runs the same tests against a running server; `.ci/run`
does this with a throw-away Virtuoso. A server holds one dataset, so every test gets it
emptied first (:func:`new_store`), and fixtures that live longer than one test (the curated
catalogue, a module's server) put their content back when a test needs it (:func:`claim`).
"""

from __future__ import annotations

import os
from collections.abc import Callable

from catalogue.settings import Settings
from catalogue.store import Store

TEST_STORE = os.environ.get("SYMBIOS_TEST_STORE", "")
REMOTE = TEST_STORE.startswith(("sparql+http://", "sparql+https://"))
NAME = "remote" if REMOTE else "embedded"

_owner: object = None
#: Fixtures that outlive a test and whose content a server must hold:
#: (test module name or None for all, fixture name) -> (content key, fill).
SHARED: dict[tuple[str | None, str], tuple[str, Callable[[Store], None]]] = {}


def store_settings() -> dict:
    """Settings fields naming the store under test (for Settings(**…) and for servers)."""
    if not REMOTE:
        return {"store": ":memory:"}
    env = os.environ
    return {"store": TEST_STORE, "store_user": env.get("SYMBIOS_STORE_USER", ""),
            "store_password": env.get("SYMBIOS_STORE_PASSWORD", ""), "store_auth": env.get("SYMBIOS_STORE_AUTH", ""),
            "store_update": env.get("SYMBIOS_STORE_UPDATE", ""), "store_graph_store": env.get("SYMBIOS_STORE_GRAPH_STORE", "")}


def _remote() -> Store:
    return Store.from_settings(Settings(**store_settings()))


def _clear(store: Store) -> None:
    names = store.graph_names()
    if names:
        store.replace_graphs({}, drop=names)


def new_store() -> Store:
    """A fresh, empty store on the backend under test."""
    global _owner
    if not REMOTE:
        return Store.open(None)
    store = _remote()
    _clear(store)
    _owner = object()
    return store


def claim(key: str, fill: Callable[[Store], None]) -> Store:
    """The store holding the content named ``key``; on a server, refilled if a test replaced it."""
    global _owner
    if not REMOTE:
        raise RuntimeError("claim() is for a remote backend; embedded fixtures keep their own store")
    store = _remote()
    if _owner != key:
        _clear(store)
        fill(store)
        _owner = key
    return store


def release() -> None:
    """Forget who owns the server's content (after a test wrote to a shared fixture)."""
    global _owner
    _owner = None
