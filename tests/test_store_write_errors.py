"""A store that cannot write (a full disk) answers 503, and the next write works once the cause is
gone, without a restart (issue 19, item 12). Embedded store: the remote backend's write errors are
HTTP answers of its server, mapped in catalogue/remote_store.py."""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef

from api.app import create_app
from catalogue.accounts import Accounts
from catalogue.database import Database
from catalogue.errors import StoreUnavailable
from catalogue.loading import load_catalogue
from catalogue.settings import Settings
from catalogue.store import Store

from .backends import REMOTE
from .conftest import FIXTURES
from .writing import TURTLE, new_record

pytestmark = pytest.mark.skipif(REMOTE, reason="an OSError on write is the embedded store's; a server answers HTTP")
HUB = "https://w3id.org/symbios/id/initiative/new-hub"


class FailingOnce:
    """The pyoxigraph store, except that its next update fails as on a full disk."""

    def __init__(self, store) -> None:
        self._store, self.failed = store, False

    def update(self, text: str) -> None:
        if not self.failed:
            self.failed = True
            raise OSError(28, "No space left on device")
        self._store.update(text)

    def __getattr__(self, name):
        return getattr(self._store, name)


def refusal(write) -> tuple[int, str]:
    """(status, message) of the StoreUnavailable that ``write`` raises; the exception is not kept
    (its traceback would hold the failed store open)."""
    try:
        write()
    except StoreUnavailable as error:
        return error.status, error.message
    raise AssertionError("the write did not fail")


def graph_of(text: str) -> Graph:
    return Graph().add((URIRef("urn:s"), URIRef("urn:p"), Literal(text)))


def test_a_failed_write_is_a_503_that_changes_nothing_and_the_next_write_works(tmp_path):
    store = Store.open(tmp_path / "store")
    store.replace_graphs({"urn:g": graph_of("before")})
    store._store = FailingOnce(store._store)
    status, message = refusal(lambda: store.replace_graphs({"urn:g": graph_of("after")}))
    assert status == 503 and "could not write (disk full?)" in message
    assert set(store.graph("urn:g").objects()) == {Literal("before")}
    store.replace_graphs({"urn:g": graph_of("after")})
    assert set(store.graph("urn:g").objects()) == {Literal("after")}


@pytest.fixture
def disk_app(tmp_path):
    """An app over a store on disk, and a curator's and a reviewer's token headers."""
    settings = Settings(store=str(tmp_path / "store"), data_dir=FIXTURES / "catalogue",
                        curation_db=str(tmp_path / "curation.sqlite"))
    store = Store.open(settings.store_location)
    load_catalogue(store, settings)
    accounts = Accounts(Database(settings.curation_location))
    curator, reviewer = (accounts.create(f"test-{role}", role) for role in ("curator", "reviewer"))
    return (TestClient(create_app(settings, store=store)), store,
            {"Authorization": f"Bearer {curator}"}, {"Authorization": f"Bearer {reviewer}"})


def test_publish_when_the_store_cannot_write_is_a_503_in_the_error_shape_and_then_works_issue_19(disk_app):
    client, store, curator, reviewer = disk_app
    draft = client.put(f"/graph-store?graph={HUB}", content=new_record(), headers={**TURTLE, **curator})
    assert draft.status_code == 201  # a draft lives in the curation database, not in the store
    etag = client.get("/api/initiatives/new-hub/history", headers=curator).json()["versions"][-1]["etag"]
    store._store = FailingOnce(store._store)
    failed = client.post("/api/initiatives/new-hub/publish", headers={**reviewer, "If-Match": etag})
    assert failed.status_code == 503
    assert failed.json()["ok"] is False and "could not write (disk full?)" in failed.json()["error"]
    assert client.get("/api/initiatives/new-hub").status_code == 404
    again = client.post("/api/initiatives/new-hub/publish", headers={**reviewer, "If-Match": etag})
    assert again.status_code == 200, again.text
    assert client.get("/api/initiatives/new-hub").json()["label"] == "Nya hubben"


@pytest.fixture
def small_disk(tmp_path):
    """A 24 MB tmpfs (needs root and mount; skipped where the test cannot mount one)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(mount)],
                                           capture_output=True).returncode != 0:
        pytest.skip("mounting a small tmpfs needs root and a mount the container allows")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path) -> Path:
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as out:
        try:
            while True:
                out.write(b"\0" * 65536)
        except OSError:
            pass
    return filler


def test_after_a_real_full_disk_publish_works_again_once_space_is_freed_without_a_restart(small_disk):
    store = Store.open(small_disk / "store")
    store.replace_graphs({"urn:g": graph_of("before")})
    filler = fill(small_disk)
    big = Graph()
    for i in range(20000):
        big.add((URIRef(f"urn:s{i}"), URIRef("urn:p"), Literal("y" * 200 + uuid.uuid4().hex)))
    assert refusal(lambda: store.replace_graphs({"urn:big": big}))[0] == 503
    # still full: still a 503, and reads go on
    assert refusal(lambda: store.replace_graphs({"urn:g": graph_of("while full")}))[0] == 503
    assert set(store.graph("urn:g").objects()) == {Literal("before")}
    filler.unlink()
    store.replace_graphs({"urn:g": graph_of("after")})
    assert set(store.graph("urn:g").objects()) == {Literal("after")}
    store.close()
