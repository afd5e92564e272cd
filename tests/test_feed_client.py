"""The change feed read by a standard LDES client (npm ``ldes-client``, unmodified, run by node) on loopback.

The client follows the LDES/TREE member extraction rules; whatever it emits for a member must be the
whole published record (#22 item 1), in the order of publication even within one second, and a client
that saves its state and runs again later must see every member once (#22 item 2).

`make test` installs the client (tests/clients/ldes, from its package-lock.json); without node or the
client these tests fail rather than skip, so CI cannot pass without having run them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic, to_isomorphic
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from api.app import create_app
from catalogue.accounts import Accounts
from catalogue.database import Database, now
from catalogue.settings import PROJECT_ROOT, Settings

from .backends import REMOTE, new_store, release, store_settings
from .conftest import FIXTURES, catalogue_quads, fill_from_quads
from .servers import running
from .writing import TURTLE, new_record

CLIENT = Path(__file__).parent / "clients" / "ldes"
SYM = "https://w3id.org/symbios/def#"
ASH2SALT = "https://w3id.org/symbios/id/initiative/ash2salt"
HUB = "https://w3id.org/symbios/id/initiative/new-hub"
METADATA = (DCTERMS.isVersionOf, PROV.generatedAtTime, DCTERMS.creator, RDFS.comment)


def harvest(feed_url: str, state: Path | None = None) -> list[dict]:
    """Every member the client emits, in its order: dicts with id, timestamp, isVersionOf and nquads."""
    node = shutil.which("node")
    assert node, "Node.js is needed to run the LDES client (tests/clients/ldes); install it, then `make test`."
    assert (CLIENT / "node_modules" / "ldes-client").is_dir(), (
        "The LDES client is not installed: `make test` installs it (npm ci --prefix tests/clients/ldes).")
    command = [node, "harvest.mjs", feed_url, *([str(state)] if state is not None else [])]
    run = subprocess.run(command, cwd=CLIENT, capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, f"the LDES client failed:\n{run.stderr[-3000:]}"
    return [json.loads(line) for line in run.stdout.splitlines() if line.strip()]


def triples_of(member: dict) -> Graph:
    """The member's quads as the client emitted them, as one graph (whatever graph each quad was in)."""
    dataset = Dataset()
    dataset.parse(data=member["nquads"], format="nquads")
    graph = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def as_version(record_graph: Graph, record: str, member: str) -> Graph:
    """The record's triples with the record IRI (and its fragments) rewritten to the version IRI."""
    def rewrite(term):
        if isinstance(term, URIRef) and (str(term) == record or str(term).startswith(record + "#")):
            return URIRef(member + str(term)[len(record):])
        return term
    graph = Graph()
    for s, p, o in record_graph:
        graph.add((rewrite(s), p, rewrite(o)))
    return graph


def content_of(member: dict) -> Graph:
    """The member without the version's own metadata: what must equal the published record."""
    graph, node = triples_of(member), URIRef(member["id"])
    for predicate in METADATA:
        graph.remove((node, predicate, None))
    graph.remove((node, RDF.type, URIRef(SYM + "RecordVersion")))
    return graph


class Harness:
    """An app with a curation database served by uvicorn on loopback, and the tokens to write to it."""

    def __init__(self, url: str, settings: Settings) -> None:
        accounts = Accounts(Database(settings.curation_location))
        self.url = url
        self.http = httpx.Client(base_url=url, timeout=60)
        self.curator = {"Authorization": f"Bearer {accounts.create('test-curator', 'curator')}"}
        self.reviewer = {"Authorization": f"Bearer {accounts.create('test-reviewer', 'reviewer')}"}
        self.published: list[tuple[str, int, str]] = []  # (record, version, state) in order

    @property
    def feed(self) -> str:
        return f"{self.url}/feed"

    def draft(self, slug: str) -> httpx.Response:
        return self.http.get(f"/api/initiatives/{slug}/draft", headers=self.curator)

    def publish(self, slug: str, turtle: str, message: str) -> None:
        current = self.draft(slug)
        etag = current.headers["etag"] if current.status_code == 200 else None
        if etag is None:
            written = self.http.post(f"/api/initiatives?message={message}", content=turtle, headers={**TURTLE, **self.curator})
        else:
            written = self.http.put(f"/api/initiatives/{slug}?message={message}", content=turtle,
                                    headers={**TURTLE, **self.curator, "If-Match": etag})
        assert written.status_code in (200, 201), written.text
        done = self.http.post(f"/api/initiatives/{slug}/publish",
                              headers={**self.reviewer, "If-Match": written.headers["etag"]})
        assert done.status_code == 200, done.text
        self.published.append((done.json()["record"], done.json()["version"], "published"))

    def withdraw(self, slug: str) -> None:
        gone = self.http.delete(f"/api/initiatives/{slug}", headers={**self.curator, "If-Match": self.draft(slug).headers["etag"]})
        assert gone.status_code == 200, gone.text
        self.published.append((gone.json()["record"], gone.json()["version"], "withdrawn"))

    def version_graph(self, record: str, number: int) -> Graph:
        slug = record.rsplit("/", 1)[1]
        response = self.http.get(f"/api/initiatives/{slug}/versions/{number}", headers=self.curator)
        assert response.status_code == 200, response.text
        return Graph().parse(data=response.text, format="turtle")

    def expected_ids(self) -> list[str]:
        return [f"{record}/version/{number}" for record, number, _ in self.published]


def _serve(tmp_path, data_dir: Path, **overrides):
    settings = Settings(**store_settings(), data_dir=data_dir, curation_db=str(tmp_path / "curation.sqlite"), **overrides)
    store = new_store()
    fill_from_quads(catalogue_quads(data_dir))(store)
    records = [name for name in store.graph_names() if name.startswith("https://w3id.org/symbios/id/")]
    Database(settings.curation_location).mark_loaded(records, [], now())
    return settings, store


@pytest.fixture
def curated(tmp_path):
    """The curated catalogue (data/) behind a real server, with curation."""
    settings, store = _serve(tmp_path, PROJECT_ROOT / "data")
    try:
        with running(create_app(settings, store=store)) as url:
            yield Harness(url, settings)
    finally:
        if REMOTE:
            release()  # this test wrote to the server's dataset


@pytest.fixture
def small_pages(tmp_path):
    """The fixture catalogue behind a real server, with curation and feed pages of two members."""
    settings, store = _serve(tmp_path, FIXTURES / "catalogue", feed_page_size=2)
    with running(create_app(settings, store=store)) as url:
        yield Harness(url, settings)


def with_alt_label(turtle: str, label: str) -> str:
    """A record's Turtle with one more alternative name (a change the evidence rule lets through)."""
    graph = Graph().parse(data=turtle, format="turtle")
    graph.add((URIRef(ASH2SALT), SKOS.altLabel, Literal(label, lang="sv")))
    return graph.serialize(format="turtle")


def test_the_ldes_client_gets_every_member_whole_including_withdrawals(curated):
    original = curated.draft("ash2salt").text
    curated.publish("ash2salt", with_alt_label(original, "Aska till salt"), "Ett+till+namn")
    curated.publish("ash2salt", with_alt_label(original, "Ash to salt"), "Ett+annat+namn")
    curated.withdraw("ash2salt")
    members = harvest(curated.feed)
    assert [m["id"] for m in members] == curated.expected_ids()
    for member, (record, number, state) in zip(members, curated.published):
        assert member["isVersionOf"] == record
        if state == "withdrawn":
            assert (URIRef(member["id"]), RDF.type, URIRef(SYM + "Withdrawal")) in triples_of(member)
            assert len(content_of(member)) == 1  # only its type: a withdrawal carries no record
            continue
        published = as_version(curated.version_graph(record, number), record, member["id"])
        received = content_of(member)
        assert len(published) > 100
        assert isomorphic(received, published), (
            f"{member['id']}: the client got {len(received)} of the record's {len(published)} triples; missing e.g. "
            f"{sorted(to_isomorphic(published) - to_isomorphic(received))[:3]}")


def test_versions_published_in_the_same_second_come_out_of_the_client_in_order(small_pages, monkeypatch):
    monkeypatch.setattr("catalogue.curation.now", lambda: "2026-12-03T10:00:00+00:00")  # one second for every write
    for label in ("Ett", "Två", "Tre", "Fyra", "Fem"):
        small_pages.publish("new-hub", new_record(label), label)
    members = harvest(small_pages.feed)
    assert [m["id"] for m in members] == small_pages.expected_ids()
    stamps = [m["timestamp"] for m in members]
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)


def test_a_client_that_resumes_from_its_saved_state_sees_every_member_once_in_order(small_pages, tmp_path):
    state = tmp_path / "client-state"
    small_pages.publish("new-hub", new_record("Ett"), "Ett")
    small_pages.publish("new-hub", new_record("Två"), "Två")  # page 1 is full, and nothing links onward yet
    first = harvest(small_pages.feed, state)
    small_pages.publish("new-hub", new_record("Tre"), "Tre")
    small_pages.publish("new-hub", new_record("Fyra"), "Fyra")
    small_pages.publish("new-hub", new_record("Fem"), "Fem")
    second = harvest(small_pages.feed, state)
    assert [m["id"] for m in first + second] == small_pages.expected_ids()
