"""Shared fixtures: a small catalogue loaded into an in-memory store, and a client over it."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from catalogue.accounts import Accounts
from catalogue.database import Database
from catalogue.loading import load_catalogue
from catalogue.settings import PROJECT_ROOT, Settings
from catalogue.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = PROJECT_ROOT.parent / "shared" / "seeds"


@pytest.fixture
def fixture_settings(tmp_path) -> Settings:
    return Settings(store=":memory:", data_dir=FIXTURES / "catalogue")


@pytest.fixture
def empty_store() -> Store:
    return Store.open(None)


@pytest.fixture
def loaded_store(fixture_settings) -> Store:
    store = Store.open(None)
    load_catalogue(store, fixture_settings)
    return store


@pytest.fixture
def client(fixture_settings, loaded_store) -> TestClient:
    return TestClient(create_app(fixture_settings, store=loaded_store))


@pytest.fixture(scope="session")
def real_settings() -> Settings:
    return Settings(store=":memory:", data_dir=PROJECT_ROOT / "data")


@pytest.fixture(scope="session")
def real_store(real_settings) -> Store:
    """The curated catalogue in data/, loaded once for the whole session."""
    store = Store.open(None)
    load_catalogue(store, real_settings)
    return store


# -- curation: an app over a fresh store with its own curation database and tokens --------------

@pytest.fixture
def curation_settings(tmp_path) -> Settings:
    return Settings(store=":memory:", data_dir=FIXTURES / "catalogue", curation_db=str(tmp_path / "curation.sqlite"))


@pytest.fixture
def curation_store(curation_settings) -> Store:
    store = Store.open(None)
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
