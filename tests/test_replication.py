"""Read replicas follow the primary's change feed into their own store and converge to it."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from catalogue.replication import Replica, record_of_member
from catalogue.store import Store

from .test_feed import HUB, publish_three_versions
from .writing import TURTLE, new_record


def catalogue_of(store: Store) -> Graph:
    out = io.BytesIO()
    store.dump_quads(out)
    return graphs_and_triples(out.getvalue())


def graphs_and_triples(nquads: bytes) -> Graph:
    """N-Quads as one graph of their (s, p, o) plus a triple naming each graph's subjects, so that
    isomorphism also compares which graph holds what."""
    dataset = Dataset()
    dataset.parse(data=nquads, format="nquads")
    merged = Graph()
    for context in dataset.graphs():
        for s, p, o in context:
            merged.add((s, p, o))
            merged.add((context.identifier, URIRef("urn:test:holds"), s))
    return merged


@pytest.fixture
def primary(http):
    return http  # the curation app over the fixture catalogue, as a TestClient (an httpx client)


def replica_of(primary: TestClient, store: Store | None = None) -> Replica:
    return Replica(store if store is not None else Store.open(None), "http://testserver/feed", client=primary)


def test_a_new_replica_starts_from_the_dump_and_equals_the_primary(primary, curation_store):
    replica = replica_of(primary)
    done = replica.step()
    assert done.bootstrapped and done.position == 0
    assert isomorphic(catalogue_of(replica.store), catalogue_of(curation_store))


def test_published_edits_and_withdrawals_reach_the_replica_each_once(primary, tokens, curation_store):
    replica = replica_of(primary)
    replica.step()
    etag = publish_three_versions(primary, tokens)
    done = replica.step()
    assert done.applied == 3 and done.position == 3
    assert isomorphic(catalogue_of(replica.store), catalogue_of(curation_store))
    primary.delete("/api/initiatives/new-hub", headers={**tokens["curator"], "If-Match": etag})
    assert replica.step().applied == 1
    assert not replica.store.has_graph(HUB)
    assert isomorphic(catalogue_of(replica.store), catalogue_of(curation_store))
    assert replica.step().applied == 0  # nothing applied twice


def test_a_restarted_replica_resumes_where_it_stopped(primary, tokens, curation_store):
    store = Store.open(None)
    replica_of(primary, store).step()
    etag = publish_three_versions(primary, tokens)
    again = replica_of(primary, store)  # a new process over the same store
    assert again.position() == 0
    assert again.step().applied == 3
    etag = primary.put("/api/initiatives/new-hub", content=new_record("Version fyra"),
                       headers={**TURTLE, **tokens["curator"], "If-Match": etag}).headers["etag"]
    primary.post("/api/initiatives/new-hub/publish", headers={**tokens["reviewer"], "If-Match": etag})
    third = replica_of(primary, store)
    assert third.step().applied == 1 and third.position() == 4
    assert isomorphic(catalogue_of(store), catalogue_of(curation_store))


def test_a_replica_at_the_end_of_a_full_last_page_waits_for_the_next_one(curation_app, tokens, curation_store):
    """#22 item 2: the page after the last is a 404 now; for a replica it means nothing new yet."""
    curation_app.state.settings = curation_app.state.settings.with_(feed_page_size=3)
    primary = TestClient(curation_app)
    replica = replica_of(primary)
    replica.step()
    etag = publish_three_versions(primary, tokens)
    assert replica.step().applied == 3
    assert primary.get("/feed.json?page=2").status_code == 404
    assert replica.step().applied == 0
    primary.delete("/api/initiatives/new-hub", headers={**tokens["curator"], "If-Match": etag})
    assert replica.step().applied == 1 and replica.position() == 4
    assert isomorphic(catalogue_of(replica.store), catalogue_of(curation_store))


def test_the_replica_position_is_not_part_of_the_catalogue(primary):
    replica = replica_of(primary)
    replica.step()
    assert replica.position() == 0
    assert not [g for g in replica.store.graph_names() if g.startswith("urn:symbios:")]


def test_a_member_becomes_the_record_graph_again(primary, tokens, curation_store):
    publish_three_versions(primary, tokens)
    page = Graph().parse(data=primary.get("/feed?page=1", headers={"Accept": "text/turtle"}).text, format="turtle")
    record, graph = record_of_member(page, URIRef(f"{HUB}/version/6"))
    assert record == HUB
    assert isomorphic(graph, curation_store.graph(HUB))


def test_a_read_only_server_refuses_writes_with_403_but_answers_queries(curation_settings, curation_store, tokens):
    from api.app import create_app

    app = create_app(curation_settings.with_(read_only=True), store=curation_store)
    client = TestClient(app)
    refused = client.post("/api/initiatives", content=new_record(), headers={**TURTLE, **tokens["curator"]})
    assert refused.status_code == 403 and "read-only" in refused.json()["error"]
    assert client.put("/graph-store?graph=urn:x", content="", headers=tokens["admin"]).status_code == 403
    assert client.post("/sparql", data={"query": "ASK {}"}, headers={"Accept": "application/sparql-results+json"}).status_code == 200
    assert client.get("/api/initiatives").status_code == 200


def test_symbios_replicate_once_catches_up_and_a_second_run_resumes(curation_app, tokens, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from cli import main

    from .servers import running

    monkeypatch.setenv("SYMBIOS_STORE", str(tmp_path / "replica"))
    with running(curation_app) as url:
        first = CliRunner().invoke(main, ["replicate", "--from", f"{url}/feed", "--once"])
        assert first.exit_code == 0, first.output
        assert "after starting from the primary's dump" in first.output
        publish_three_versions(TestClient(curation_app), tokens)
        second = CliRunner().invoke(main, ["replicate", "--from", f"{url}/feed", "--once"])
        assert second.exit_code == 0, second.output
        assert "Replica at feed position 3: 3 versions applied." in second.output


def test_symbios_replicate_from_a_primary_that_is_down_exits_2_saying_so(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from cli import main

    from .servers import free_port

    monkeypatch.setenv("SYMBIOS_STORE", str(tmp_path / "replica"))
    result = CliRunner().invoke(main, ["replicate", "--from", f"http://127.0.0.1:{free_port()}/feed", "--once"])
    assert result.exit_code == 2  # could not run (#25: it was 1 for every error)
    assert "did not answer" in result.output


def test_a_replica_notes_when_it_changed_each_record_and_serves_it_as_last_modified(primary, tokens, curation_settings, tmp_path):
    from datetime import datetime
    from email.utils import parsedate_to_datetime

    from api.app import create_app
    from catalogue.database import Database, now

    database = Database(tmp_path / "replica.sqlite")
    store = Store.open(None)
    started = now()
    replica = Replica(store, "http://testserver/feed", client=primary, database=database)
    replica.step()
    records = store.graph_names()
    assert records and all(database.modified_at(r) >= started for r in records)  # every record of the dump
    assert database.modified_at(HUB) is None
    etag = publish_three_versions(primary, tokens)
    before_step = now()
    replica.step()
    assert database.modified_at(HUB) >= before_step  # when the replica applied it, not when the primary published

    pages = TestClient(create_app(curation_settings.with_(read_only=True, curation_db=str(database.path)), store=store))
    page = pages.get("/id/initiative/new-hub.json")
    assert page.status_code == 200
    assert parsedate_to_datetime(page.headers["last-modified"]) >= datetime.fromisoformat(before_step)
    assert pages.get("/id/initiative/new-hub.json", headers={"If-Modified-Since": page.headers["last-modified"]}).status_code == 304

    primary.delete("/api/initiatives/new-hub", headers={**tokens["curator"], "If-Match": etag})
    replica.step()
    assert database.modified_at(HUB) is None  # withdrawn: no record, no time
