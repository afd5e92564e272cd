"""A write never freezes the server, and never makes it fetch anything (issue 19, items 5 and 8).

Parsing and validation run in the app's write threads under limits; a busy curation database is
a 503 with Retry-After; reads answer meanwhile. Real HTTP where timing matters: uvicorn on
loopback (tests/servers.py)."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from urllib.parse import quote

import httpx
import pytest
from rdflib import Graph

from api.app import create_app
from catalogue.errors import WriteTimeout
from catalogue.loading import validator_for
from catalogue.rdf_input import CONTEXT_IRI, Budget

from .servers import running
from .test_rdf_input import BILLION_LAUGHS, HUB, recording_server, remote_bodies, turtle_list
from .writing import TURTLE, new_record

JSONLD = {"Content-Type": "application/ld+json"}
C = "https://w3id.org/symbios/concept/"


def record_node() -> dict:
    """The record of tests/writing.py's new_record as a JSON-LD node (prefixes of /context.jsonld)."""
    return {
        "@id": HUB, "@type": "sym:Initiative",
        "skos:prefLabel": {"@value": "Nya hubben", "@language": "sv"},
        "dcterms:description": {"@value": "En ny resurshubb.", "@language": "sv"},
        "sym:kind": {"@id": C + "initiative-kinds/resource-hub"}, "sym:status": {"@id": C + "initiative-status/planned"},
        "sym:startYear": 2025, "sym:place": {"@id": "place:testby-kommun"}, "dcterms:source": {"@id": "src:test-source"},
        "sym:evidence": [  # every fact with its quote, word for word from the fixture source's text
            {"@id": HUB + "#ev-plan", "@type": "sym:Evidence", "dcterms:source": {"@id": "src:test-source"},
             "sym:locator": "Avsnitt 2", "sym:quote": {"@value": "Den nya resurshubben i Testby planeras och ska starta 2025.",
                                                       "@language": "sv"},
             "sym:supportsProperty": [{"@id": "sym:status"}, {"@id": "sym:startYear"}, {"@id": "sym:place"}]},
            {"@id": HUB + "#ev-kind", "@type": "sym:Evidence", "dcterms:source": {"@id": "src:test-source"},
             "sym:locator": "Avsnitt 2", "sym:quote": {"@value": "Hubben är en resurshubb för företagen i kommunen.", "@language": "sv"},
             "sym:supportsProperty": {"@id": "sym:kind"}},
        ],
    }


INLINE = {"sym": "https://w3id.org/symbios/def#", "skos": "http://www.w3.org/2004/02/skos/core#",
          "dcterms": "http://purl.org/dc/terms/", "place": "https://w3id.org/symbios/id/place/",
          "src": "https://w3id.org/symbios/id/source/"}


def reads_while(thread: threading.Thread, url: str, path: str) -> list[float]:
    """Seconds each anonymous GET of ``path`` took while ``thread`` (a write) ran."""
    durations = []
    with httpx.Client(base_url=url, timeout=5) as reader:
        while thread.is_alive() and len(durations) < 30:
            started = time.monotonic()
            assert reader.get(path).status_code == 200
            durations.append(time.monotonic() - started)
            time.sleep(0.05)
    return durations


def in_background(send) -> tuple[threading.Thread, dict]:
    result: dict = {}

    def run():
        started = time.monotonic()
        result["response"] = send()
        result["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    time.sleep(0.2)  # let the write reach the server first
    return thread, result


def test_reads_answer_at_once_while_a_huge_turtle_body_is_worked_on_and_the_work_stops_at_its_limit_issue_19(
        curation_settings, curation_store, tokens):
    settings = curation_settings.with_(max_body_triples=1_000_000, write_timeout=3.0)  # let the parse run long
    body = turtle_list(150_000)  # 892 kB, 300 000 triples
    with running(create_app(settings, store=curation_store)) as url, httpx.Client(base_url=url, timeout=60) as writer:
        thread, result = in_background(lambda: writer.post("/api/initiatives", content=body,
                                                           headers={**TURTLE, **tokens["curator"]}))
        durations = reads_while(thread, url, "/context.jsonld")
        thread.join(60)
    assert durations, "the write ended before any read was sent"
    assert max(durations) < 2.0
    response = result["response"]
    assert response.status_code == 503
    assert "SYMBIOS_WRITE_TIMEOUT" in response.json()["error"]
    assert result["seconds"] < 3.0 + 5.0  # stopped at its limit, not after the whole body


def test_a_validation_past_the_write_time_stops_naming_the_setting_issue_19(curation_settings):
    validator = validator_for(curation_settings)
    record = Graph().parse(data=new_record(), format="turtle")
    assert validator.validate(record, Budget()).conforms  # within its time, as before
    with pytest.raises(WriteTimeout) as stopped:
        validator.validate(record, Budget(seconds=0))  # pySHACL stops at its first look at the data
    assert "SYMBIOS_WRITE_TIMEOUT" in stopped.value.message


def test_a_body_beyond_the_triple_limit_is_413_naming_the_setting_at_once_issue_19(http, tokens):
    started = time.monotonic()
    response = http.post("/api/initiatives", content=turtle_list(150_000), headers={**TURTLE, **tokens["curator"]})
    assert response.status_code == 413
    assert "SYMBIOS_MAX_BODY_TRIPLES" in response.json()["error"]
    assert time.monotonic() - started < 2.0


def test_an_entity_expansion_is_refused_at_once_and_reads_answer_meanwhile_issue_19(curation_app, tokens):
    with running(curation_app) as url, httpx.Client(base_url=url, timeout=60) as writer:
        thread, result = in_background(lambda: writer.put(
            f"/graph-store?graph={quote(HUB, safe='')}", content=BILLION_LAUGHS,
            headers={"Content-Type": "application/rdf+xml", **tokens["reviewer"]}))
        durations = reads_while(thread, url, "/api/initiatives")
        thread.join(60)
    assert max(durations, default=0) < 2.0
    response = result["response"]
    assert response.status_code == 422
    assert "DOCTYPE" in response.json()["error"]
    assert result["seconds"] < 2.0


def test_a_busy_curation_database_is_a_503_with_retry_after_and_reads_answer_meanwhile_issue_19(
        curation_settings, curation_store, tokens):
    settings = curation_settings.with_(db_busy_timeout=0.5)
    with running(create_app(settings, store=curation_store)) as url, httpx.Client(base_url=url, timeout=60) as writer:
        create = lambda: writer.post("/api/initiatives", content=new_record(), headers={**TURTLE, **tokens["curator"]})
        other_process = sqlite3.connect(settings.curation_location, isolation_level=None)
        other_process.execute("BEGIN EXCLUSIVE")  # another process holds the write lock
        try:
            thread, result = in_background(create)
            durations = reads_while(thread, url, "/api/initiatives")
            thread.join(60)
        finally:
            other_process.execute("ROLLBACK")
            other_process.close()
        assert max(durations, default=0) < 2.0
        busy = result["response"]
        assert busy.status_code == 503, busy.text
        assert busy.headers["retry-after"] == "1"
        body = busy.json()
        assert body["ok"] is False and body["status"] == 503 and "SYMBIOS_DB_BUSY_TIMEOUT" in body["error"]
        assert result["seconds"] < 10  # the busy timeout, not a 30 s freeze
        assert create().status_code == 201  # once the lock is gone, the same write goes through


# -- item 8: JSON-LD contexts are never fetched; named graphs are refused ------------------------

@pytest.mark.parametrize("where", list(remote_bodies("http://x/")))
def test_a_jsonld_write_naming_a_remote_context_is_422_and_nothing_is_fetched_issue_19(http, tokens, where):
    with recording_server() as (url, hits):
        api = http.post("/api/initiatives", content=remote_bodies(url)[where], headers={**JSONLD, **tokens["curator"]})
        gsp = http.put(f"/graph-store?graph={quote(HUB, safe='')}", content=remote_bodies(url)[where],
                       headers={**JSONLD, **tokens["reviewer"]})
    assert hits == []
    for response in (api, gsp):
        assert response.status_code == 422
        assert url in response.json()["error"]


@pytest.mark.parametrize("path", ["file:///etc/passwd", "file:///no/such/file.jsonld"])
def test_a_jsonld_write_naming_a_file_context_is_422_naming_only_what_was_sent_issue_19(http, tokens, path):
    response = http.post("/api/initiatives", content=json.dumps({"@context": path, **record_node()}),
                         headers={**JSONLD, **tokens["curator"]})
    assert response.status_code == 422
    assert path in response.json()["error"] and "root:" not in response.text


def test_a_jsonld_record_with_the_projects_context_by_its_iri_is_created(http, tokens):
    response = http.post("/api/initiatives", content=json.dumps({"@context": CONTEXT_IRI, **record_node()}),
                         headers={**JSONLD, **tokens["curator"]})
    assert response.status_code == 201, response.text


def test_a_jsonld_record_with_an_extra_named_graph_is_refused_not_half_stored_issue_19(http, tokens):
    extra = {"@id": "https://example.org/elsewhere", "@graph": [{"@id": f"{HUB}#note", "skos:prefLabel": "x"}]}
    body = json.dumps({"@context": INLINE, "@graph": [record_node(), extra]})
    response = http.post("/api/initiatives", content=body, headers={**JSONLD, **tokens["curator"]})
    assert response.status_code == 422
    assert "<https://example.org/elsewhere>" in response.json()["error"]
    assert http.get("/api/initiatives/new-hub/draft", headers=tokens["curator"]).status_code == 404
