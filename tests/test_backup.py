"""symbios backup / restore: one file round-trips records, versions and tokens into an empty store."""

from __future__ import annotations

import zipfile

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import SKOS
from click.testing import CliRunner
from rdflib.compare import isomorphic

from catalogue.accounts import Accounts
from catalogue.backup import backup, restore
from cli import main
from catalogue.curation import Curation
from catalogue.database import Database
from catalogue.errors import BadRequest, Conflict
from catalogue.loading import load_catalogue, validator_for
from catalogue.settings import Settings
from catalogue.source_texts import SourceTexts
from catalogue.store import Store

from .conftest import FIXTURES


def same_catalogue(a: Store, b: Store) -> bool:
    """The same named graphs, each isomorphic (blank nodes get new labels in every store)."""
    return a.graph_names() == b.graph_names() and len(a) == len(b) and all(
        isomorphic(a.graph(name), b.graph(name)) for name in a.graph_names()
    )


@pytest.fixture
def curated(tmp_path):
    """A store on disk with the fixture catalogue, one published edit and a token."""
    settings = Settings(store=str(tmp_path / "a" / "store"), data_dir=FIXTURES / "catalogue")
    store = Store.open(settings.store_location)
    load_catalogue(store, settings)
    database = Database(settings.curation_location)
    token = Accounts(database).create("kept", "reviewer")
    curation = Curation(store, database, lambda: validator_for(settings),
                        texts=SourceTexts(None, FIXTURES / "catalogue" / "sources" / "texts"))
    current = curation.current("initiative", "test-park")
    graph = current.graph()
    graph.add((URIRef("https://w3id.org/symbios/id/initiative/test-park"), SKOS.altLabel, Literal("Testparken", lang="sv")))
    draft = curation.save("initiative", "test-park", graph, "kept", "another name", current.etag)  # a change: since #20 a save that changes nothing stores no version
    curation.transition("initiative", "test-park", "publish", "kept", "publish", draft.etag)
    return settings, store, database, token


def test_a_backup_restored_into_an_empty_store_gives_the_identical_catalogue(curated, tmp_path):
    settings, store, database, token = curated
    manifest = backup(store, database, tmp_path / "backup.zip")
    assert manifest["versions"] == 3 and manifest["tokens"] == 1
    target = Store.open(tmp_path / "b" / "store")
    restore(tmp_path / "backup.zip", target, tmp_path / "b" / "curation.sqlite")
    assert same_catalogue(target, store)
    restored = Database(tmp_path / "b" / "curation.sqlite")
    assert Accounts(restored).authenticate(token).name == "kept"
    history = Curation(target, restored, lambda: None).history("initiative", "test-park")
    assert [(v.number, v.state) for v in history] == [(1, "published"), (2, "draft"), (3, "published")]


def test_restore_refuses_a_store_that_is_not_empty(curated, tmp_path):
    settings, store, database, _ = curated
    backup(store, database, tmp_path / "backup.zip")
    with pytest.raises(Conflict) as caught:
        restore(tmp_path / "backup.zip", store, tmp_path / "other.sqlite")
    assert "not empty" in caught.value.message


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    (tmp_path / "x.zip").write_bytes(b"not a zip")
    with pytest.raises(BadRequest):
        restore(tmp_path / "x.zip", Store.open(None), tmp_path / "c.sqlite")
    with zipfile.ZipFile(tmp_path / "y.zip", "w") as archive:
        archive.writestr("manifest.json", "{}")
    with pytest.raises(BadRequest) as caught:
        restore(tmp_path / "y.zip", Store.open(None), tmp_path / "c.sqlite")
    assert "lacks" in caught.value.message


def test_the_backup_and_restore_commands_round_trip(tmp_path, monkeypatch):
    runner = CliRunner()
    monkeypatch.setenv("SYMBIOS_DATA", str(FIXTURES / "catalogue"))
    monkeypatch.setenv("SYMBIOS_STORE", str(tmp_path / "a" / "store"))
    assert runner.invoke(main, ["load"]).exit_code == 0
    made = runner.invoke(main, ["backup", str(tmp_path / "b.zip")])
    assert made.exit_code == 0, made.output
    assert "quads" in made.output
    monkeypatch.setenv("SYMBIOS_STORE", str(tmp_path / "new" / "store"))
    done = runner.invoke(main, ["restore", str(tmp_path / "b.zip")])
    assert done.exit_code == 0, done.output
    again = runner.invoke(main, ["restore", str(tmp_path / "b.zip")])
    assert again.exit_code == 2 and "not empty" in again.output


# -- issue 19, item 12: an online backup while the server holds the store ---------------------------

def test_a_backup_while_the_server_holds_the_store_goes_through_the_server_and_restores_identically(curated, tmp_path,
                                                                                                    monkeypatch):
    from api.app import create_app

    from .servers import running

    settings, store, database, token = curated
    admin = Accounts(database).create("ops", "admin")
    runner = CliRunner()
    monkeypatch.setenv("SYMBIOS_STORE", settings.store)
    monkeypatch.setenv("SYMBIOS_TOKEN", admin)
    with running(create_app(settings, store=store)) as url:
        held = runner.invoke(main, ["backup", str(tmp_path / "direct.zip")])
        assert held.exit_code == 2
        assert "in use by another process" in held.output and "--server" in held.output
        made = runner.invoke(main, ["backup", str(tmp_path / "online.zip"), "--server", url])
        assert made.exit_code == 0, made.output
        assert "quads" in made.output
        monkeypatch.setenv("SYMBIOS_TOKEN", token)  # a reviewer's
        refused = runner.invoke(main, ["backup", str(tmp_path / "refused.zip"), "--server", url])
        assert refused.exit_code == 2 and "403" in refused.output
    target = Store.open(tmp_path / "b" / "store")
    manifest = restore(tmp_path / "online.zip", target, tmp_path / "b" / "curation.sqlite")
    assert manifest["versions"] == 3 and manifest["tokens"] == 2
    assert same_catalogue(target, store)
    restored = Database(tmp_path / "b" / "curation.sqlite")
    history = Curation(target, restored, lambda: None).history("initiative", "test-park")
    assert [(v.number, v.state) for v in history] == [(1, "published"), (2, "draft"), (3, "published")]
    assert not (tmp_path / "refused.zip").exists()


def test_the_backup_endpoint_is_for_admins_and_its_file_restores_the_catalogue(http, tokens, curation_store, tmp_path):
    assert http.get("/api/backup").status_code == 401
    for role in ("curator", "reviewer"):
        assert http.get("/api/backup", headers=tokens[role]).status_code == 403
    response = http.get("/api/backup", headers=tokens["admin"])
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    (tmp_path / "b.zip").write_bytes(response.content)
    target = Store.open(None)
    restore(tmp_path / "b.zip", target, tmp_path / "restored.sqlite")
    assert same_catalogue(target, curation_store)
    assert Database(tmp_path / "restored.sqlite").counts()["tokens"] == 3
