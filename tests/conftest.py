"""Shared fixtures: a small catalogue loaded into an in-memory store, and a client over it."""

from __future__ import annotations

import functools
import io
import tempfile
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from catalogue.accounts import Accounts
from catalogue.database import Database, now
from catalogue.loading import load_catalogue
from catalogue.settings import PROJECT_ROOT, Settings
from catalogue.store import Store

from .backends import REMOTE, SHARED, claim, new_store, store_settings

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = PROJECT_ROOT.parent / "shared" / "seeds"


@pytest.fixture
def fixture_settings(tmp_path) -> Settings:
    return Settings(**store_settings(), data_dir=FIXTURES / "catalogue")


@pytest.fixture
def empty_store() -> Store:
    return new_store()


@functools.cache
def catalogue_quads(data_dir: Path) -> bytes:
    """The catalogue in ``data_dir`` (with the ontology) as N-Quads, read and validated once for the whole session."""
    store = Store.open(None)
    load_catalogue(store, Settings(store=":memory:", data_dir=data_dir))
    out = io.BytesIO()
    store.dump_quads(out)
    return out.getvalue()


def _fixture_quads() -> bytes:
    return catalogue_quads(FIXTURES / "catalogue")


def fixture_catalogue_store(settings: Settings) -> Store:
    """A fresh store on the backend under test holding the fixture catalogue: what `symbios load` of
    tests/fixtures/catalogue stores and notes in ``settings``' curation database (when it has one),
    read and validated once per session rather than once per test."""
    store = new_store()
    fill_from_quads(_fixture_quads())(store)
    if settings.curation_location is not None:
        records = [name for name in store.graph_names() if name.startswith("https://w3id.org/symbios/id/")]
        Database(settings.curation_location).mark_loaded(records, [], now())
    return store


@pytest.fixture
def loaded_store(fixture_settings) -> Store:
    return fixture_catalogue_store(fixture_settings)


@pytest.fixture
def client(fixture_settings, loaded_store) -> TestClient:
    return TestClient(create_app(fixture_settings, store=loaded_store))


@pytest.fixture(scope="session")
def real_settings() -> Settings:
    return Settings(**store_settings(), data_dir=PROJECT_ROOT / "data")


def _real_quads() -> bytes:
    return catalogue_quads(PROJECT_ROOT / "data")


def fill_from_quads(quads: bytes):
    """A filler that puts the N-Quads ``quads`` into an empty store. On a server each graph goes in
    with one Graph Store PUT (the store's bulk path), not staged and switched as a write is: the
    store was just emptied, so there is nothing to keep whole, and it halves the requests."""
    def fill(store: Store) -> None:
        if REMOTE:
            by_graph: dict[str, list] = {}
            for quad in ox.parse(quads, format=ox.RdfFormat.N_QUADS):
                by_graph.setdefault(quad.graph_name.value, []).append(ox.Triple(quad.subject, quad.predicate, quad.object))
            store.bulk_load_records((name, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8"))
                                    for name, triples in by_graph.items())
            return
        with tempfile.NamedTemporaryFile(suffix=".nq") as file:
            file.write(quads)
            file.flush()
            store.load_quads(file.name)
    return fill


def _fill_real(store: Store) -> None:
    fill_from_quads(_real_quads())(store)


SHARED[(None, "real_store")] = ("real", _fill_real)


@pytest.fixture(scope="session")
def real_store(real_settings) -> Store:
    """The curated catalogue in data/, loaded once for the whole session (on a server, put back
    before each test that uses it when a test in between emptied the server)."""
    if REMOTE:
        return claim("real", _fill_real)
    store = Store.open(None)
    load_catalogue(store, real_settings)
    return store


@pytest.fixture(scope="session")
def real_app(real_settings, real_store):
    """The app over the curated catalogue in data/, built once: building its indexes costs about a
    second embedded and several on a server, and the tests that read the catalogue do not change it."""
    return create_app(real_settings, store=real_store)


@pytest.fixture
def real_client(real_app) -> TestClient:
    """A client of the app over the curated catalogue in data/ (fresh cookies for each test)."""
    return TestClient(real_app)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """On a server, give a test the content its longer-lived fixtures expect before they run."""
    if REMOTE:
        for (module, name), (key, fill) in SHARED.items():
            here = item.module.__name__
            if name in item.fixturenames and (module is None or here == module or here.startswith(module + ".")):
                claim(key, fill)


# -- curation: an app over a fresh store with its own curation database and tokens --------------

@pytest.fixture
def curation_settings(tmp_path) -> Settings:
    return Settings(**store_settings(), data_dir=FIXTURES / "catalogue", curation_db=str(tmp_path / "curation.sqlite"))


@pytest.fixture
def curation_store(curation_settings) -> Store:
    return fixture_catalogue_store(curation_settings)


@pytest.fixture
def curation_app(curation_settings, curation_store):
    return create_app(curation_settings, store=curation_store)


@pytest.fixture
def tokens(curation_settings) -> dict[str, dict[str, str]]:
    accounts = Accounts(Database(curation_settings.curation_location))
    return {role: {"Authorization": f"Bearer {accounts.create(f'test-{role}', role)}"}
            for role in ("curator", "reviewer", "admin")}


@pytest.fixture
def http(curation_app) -> TestClient:
    return TestClient(curation_app)
