"""Shared fixtures: a small catalogue loaded into an in-memory store, and a client over it."""

from __future__ import annotations

import functools
import io
import tempfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from catalogue.accounts import Accounts
from catalogue.database import Database
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


@pytest.fixture
def loaded_store(fixture_settings) -> Store:
    store = new_store()
    load_catalogue(store, fixture_settings)
    return store


@pytest.fixture
def client(fixture_settings, loaded_store) -> TestClient:
    return TestClient(create_app(fixture_settings, store=loaded_store))


@pytest.fixture(scope="session")
def real_settings() -> Settings:
    return Settings(**store_settings(), data_dir=PROJECT_ROOT / "data")


@functools.cache
def _real_quads() -> bytes:
    """The curated catalogue as N-Quads, read and validated once for the whole session."""
    store = Store.open(None)
    load_catalogue(store, Settings(store=":memory:", data_dir=PROJECT_ROOT / "data"))
    out = io.BytesIO()
    store.dump_quads(out)
    return out.getvalue()


def fill_from_quads(quads: bytes):
    def fill(store: Store) -> None:
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


@pytest.fixture
def real_client(real_settings, real_store) -> TestClient:
    """The app over the curated catalogue in data/."""
    return TestClient(create_app(real_settings, store=real_store))


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
    store = new_store()
    load_catalogue(store, curation_settings)
    return store


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
