"""The remote backend against real engines: Oxigraph server (started here) and Virtuoso.

Virtuoso's quirks, each measured (../shared/notes/engines.md), are coded around in
catalogue/remote_store.py; each has a test here. The Virtuoso tests need a running server named
by SYMBIOS_TEST_VIRTUOSO (`.ci/run` starts a throw-away one); in CI they never skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, Literal, URIRef

from catalogue.errors import ResultTooLarge, StoreUnavailable
from catalogue.store.remote import STAGING, Endpoints
from catalogue.settings import Settings
from catalogue.store import Store

from .servers import free_port

VIRTUOSO = os.environ.get("SYMBIOS_TEST_VIRTUOSO", "")
RECORD = "https://w3id.org/symbios/id/initiative/quirk-test"
P = URIRef("https://w3id.org/symbios/def#note")


def record(version: str, size: int = 20) -> Graph:
    graph = Graph()
    for n in range(size):
        graph.add((URIRef(f"{RECORD}#n{n}"), P, Literal(f"{version} {n}")))
    return graph


def versions_seen(store: Store) -> set[str]:
    rows = store.select("SELECT ?v WHERE { ?s <https://w3id.org/symbios/def#note> ?v }").rows
    return {str(row["v"]).split()[0] for row in rows}


# -- Oxigraph server -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(binary).exists():
        pytest.fail("The `oxigraph` server (PyPI oxigraph, in the test extra) is not installed: run `make install`.")
    port = free_port()
    process = subprocess.Popen([binary, "serve", "--location", str(tmp_path_factory.mktemp("oxigraph")),
                                "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            httpx.get(f"{url}/query", params={"query": "ASK {}"}, timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    yield f"sparql+{url}/query"
    process.terminate()
    process.wait(timeout=10)


def test_oxigraph_server_is_recognised_with_its_endpoints(oxigraph_server):
    store = Store.open(oxigraph_server)
    assert store.is_remote and store._remote.engine == "oxigraph"
    assert store._remote.endpoints.update.endswith("/update")
    assert store._remote.endpoints.graph_store.endswith("/store")


def test_oxigraph_server_reads_the_union_of_the_record_graphs(oxigraph_server):
    store = Store.open(oxigraph_server)
    store.replace_graphs({RECORD: record("v1")})
    assert versions_seen(store) == {"v1"}  # the server was not started with --union-default-graph
    assert store.graph_names() == [RECORD] and len(store) == 20


def test_oxigraph_server_gets_a_multi_graph_replace_as_one_update_request_which_it_applies_atomically(oxigraph_server):
    store = Store.open(oxigraph_server)
    sent: list[httpx.Request] = []
    store._remote._client.event_hooks["request"].append(sent.append)
    other = "https://w3id.org/symbios/id/initiative/other"
    store.replace_graphs({RECORD: record("v2"), other: record("v2", 3)})
    assert [r.url.path for r in sent if r.method == "POST"] == ["/update"]
    assert set(store.graph_names()) == {RECORD, other}
    store.replace_graphs({}, drop=[other])


def test_a_server_that_is_down_gets_a_clear_error_naming_the_setting():
    store = Store.remote(Endpoints.parse(f"sparql+http://127.0.0.1:{free_port()}/query", engine="oxigraph"))
    with pytest.raises(StoreUnavailable, match="SYMBIOS_STORE"):
        store.select("SELECT * WHERE { ?s ?p ?o }")


def test_a_location_without_a_host_is_refused():
    with pytest.raises(ValueError, match="names no host"):
        Endpoints.parse("sparql+http:///sparql")


# -- Virtuoso --------------------------------------------------------------------------------

def needs_virtuoso():
    if not VIRTUOSO:
        if os.environ.get("CI"):
            raise RuntimeError("SYMBIOS_TEST_VIRTUOSO is not set in CI: .ci/run starts Virtuoso and sets it.")
        pytest.skip("needs a Virtuoso named by SYMBIOS_TEST_VIRTUOSO (`.ci/virtuoso start DIR`)")


@pytest.fixture
def virtuoso() -> Store:
    needs_virtuoso()
    store = Store.from_settings(Settings(store=VIRTUOSO, store_user="dba", store_password="dba"))
    store.replace_graphs({}, drop=[RECORD])
    yield store
    store.replace_graphs({}, drop=[RECORD])


@pytest.fixture
def virtuoso_requests(virtuoso):
    seen: list[httpx.Request] = []
    virtuoso._remote._client.event_hooks["request"].append(seen.append)
    return seen


def test_virtuoso_is_recognised_and_gets_its_auth_endpoints(virtuoso):
    assert virtuoso._remote.engine == "virtuoso"
    assert virtuoso._remote.endpoints.update.endswith("/sparql-auth")
    assert virtuoso._remote.endpoints.graph_store.endswith("/sparql-graph-crud-auth")


def test_a_long_query_goes_as_a_form_post_never_as_a_sparql_query_body(virtuoso, virtuoso_requests):
    long_query = "SELECT ?s WHERE { ?s ?p ?o " + " ".join(f"FILTER(?s != <urn:x:{n}>)" for n in range(200)) + " } LIMIT 1"
    virtuoso.select(long_query)  # a direct application/sparql-query POST would hang here
    sent = [r for r in virtuoso_requests if r.url.path.endswith("/sparql")]
    assert sent and all(r.headers.get("content-type") != "application/sparql-query" for r in sent)
    assert any(r.method == "POST" and r.headers["content-type"].startswith("application/x-www-form-urlencoded") for r in sent)


def test_updates_are_sent_with_digest_auth_and_basic_gets_a_clear_error(virtuoso, virtuoso_requests):
    virtuoso.replace_graphs({RECORD: record("v1")})
    assert versions_seen(virtuoso) == {"v1"}
    assert any(r.headers.get("authorization", "").startswith("Digest ") for r in virtuoso_requests)
    basic = Store.from_settings(Settings(store=VIRTUOSO, store_user="dba", store_password="dba", store_auth="basic"))
    with pytest.raises(StoreUnavailable, match="SYMBIOS_STORE_AUTH"):
        basic.replace_graphs({RECORD: record("v2")})
    assert versions_seen(virtuoso) == {"v1"}


def test_a_record_of_5000_triples_is_written_whole_through_the_graph_store(virtuoso):
    big = record("big", 5000)
    update = Endpoints.parse(VIRTUOSO).update
    body = big.serialize(format="nt")
    raw = httpx.post(update, data={"update": f"INSERT DATA {{ GRAPH <{RECORD}> {{ {body} }} }}"},
                     auth=httpx.DigestAuth("dba", "dba"), timeout=60)
    assert raw.status_code >= 400  # the quirk: one large INSERT DATA fails
    virtuoso.replace_graphs({RECORD: big})
    assert len(virtuoso.graph(RECORD)) == 5000


def test_a_missing_graph_is_missing_although_virtuoso_answers_head_with_501(virtuoso):
    head = httpx.head(Endpoints.parse(VIRTUOSO).graph_store, params={"graph-uri": RECORD},
                      auth=httpx.DigestAuth("dba", "dba"))
    assert head.status_code == 501  # the quirk
    assert virtuoso.has_graph(RECORD) is False
    virtuoso.replace_graphs({RECORD: record("v1")})
    assert virtuoso.has_graph(RECORD) is True


def test_a_failed_upload_leaves_the_previous_version_readable(virtuoso):
    virtuoso.replace_graphs({RECORD: record("v1")})
    broken = Store.from_settings(Settings(store=VIRTUOSO, store_user="dba", store_password="dba",
                                          store_graph_store=Endpoints.parse(VIRTUOSO).graph_store + "-missing"))
    with pytest.raises(StoreUnavailable):
        broken.replace_graphs({RECORD: record("v2")})
    assert versions_seen(virtuoso) == {"v1"} and len(virtuoso.graph(RECORD)) == 20


def test_a_timed_out_upload_leaves_the_previous_version_readable(virtuoso):
    virtuoso.replace_graphs({RECORD: record("v1")})
    hasty = Store.from_settings(Settings(store=VIRTUOSO, store_user="dba", store_password="dba"))
    hasty._remote._client.timeout = httpx.Timeout(0.000001)
    with pytest.raises(StoreUnavailable):
        hasty.replace_graphs({RECORD: record("v2", 3000)})
    assert versions_seen(virtuoso) == {"v1"}


def test_a_version_being_uploaded_is_invisible_to_readers(virtuoso):
    virtuoso.replace_graphs({RECORD: record("v1")})
    virtuoso._remote._put_graph(STAGING[0], record("staged").serialize(format="nt", encoding="utf-8"))
    try:
        assert versions_seen(virtuoso) == {"v1"}
        assert STAGING[0] not in virtuoso.graph_names()
    finally:
        virtuoso._remote._send_update(f"DROP SILENT GRAPH <{STAGING[0]}>")


def test_readers_see_either_the_old_or_the_new_record_while_it_is_replaced(virtuoso):
    virtuoso.replace_graphs({RECORD: record("v0", 200)})
    mixed, reads, stop = [], [0], threading.Event()
    reader = Store.from_settings(Settings(store=VIRTUOSO))

    def read():
        while not stop.is_set():
            seen = versions_seen(reader)
            reads[0] += 1
            if len(seen) != 1:
                mixed.append(seen)

    thread = threading.Thread(target=read)
    thread.start()
    try:
        for n in range(1, 15):
            virtuoso.replace_graphs({RECORD: record(f"v{n}", 200)})
    finally:
        stop.set()
        thread.join()
    assert reads[0] > 10 and not mixed, mixed


def test_a_result_cut_at_virtuosos_http_cap_of_2_to_the_20_rows_is_an_error_not_an_answer(virtuoso):
    numbers = " ".join(str(n) for n in range(1025))
    query = f"SELECT ?a ?b WHERE {{ VALUES ?a {{ {numbers} }} VALUES ?b {{ {numbers[:-5]} }} }}"  # 1025 x 1024 rows
    with pytest.raises(ResultTooLarge, match="1048576 rows"):
        virtuoso.select(query)


def test_a_virtuoso_that_cuts_results_at_10000_rows_is_refused(tmp_path):
    needs_virtuoso()
    from catalogue.store import remote as remote_store

    directory, port, isql = tmp_path / "cut", free_port(), free_port()
    root = Path(__file__).resolve().parent.parent
    subprocess.run([str(root / ".ci" / "virtuoso"), "start", str(directory), str(port), str(isql)], check=True,
                   capture_output=True)
    try:
        ini = directory / "virtuoso.ini"
        subprocess.run([str(root / ".ci" / "virtuoso"), "stop", str(directory)], capture_output=True)
        ini.write_text(ini.read_text().replace("ResultSetMaxRows           = 10000000", "ResultSetMaxRows           = 10000"))
        time.sleep(1)
        subprocess.run(["virtuoso-t", "-c", str(ini), "+wait"], cwd=directory, check=True, capture_output=True)
        remote_store._CHECKED.discard(f"http://127.0.0.1:{port}/sparql")
        with pytest.raises(StoreUnavailable, match="ResultSetMaxRows"):
            Store.open(f"sparql+http://127.0.0.1:{port}/sparql")
    finally:
        subprocess.run([str(root / ".ci" / "virtuoso"), "stop", str(directory)], capture_output=True)


def test_a_query_with_a_repeated_property_path_goes_without_the_exclusion_pragmas():
    """Virtuoso 7.2.5 answers ``?type skos:broader* ?resource`` with no rows once a graph is
    excluded (the competency questions found nothing on it)."""
    from catalogue.store.remote import _REPEATED_PATH

    assert _REPEATED_PATH.search("?type skos:broader* ?resource")
    assert _REPEATED_PATH.search("?a (sym:x|sym:y)+ ?b")
    assert _REPEATED_PATH.search("?a <http://x/p>? ?b")
    assert not _REPEATED_PATH.search("SELECT * WHERE { ?s ?p ?o } # COUNT(*)")
    assert not _REPEATED_PATH.search("SELECT (?a * ?b AS ?c) WHERE { ?x ?y ?a }")
