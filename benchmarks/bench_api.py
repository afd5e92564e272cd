"""Read-side benchmark over HTTP (#4): the JSON API, record pages and /sparql.

Loads the synthetic catalogue of bench_store.py into an on-disk store, serves it with uvicorn
on a loopback port, and measures with an HTTP client (the standard library's ``http.client`` on a
keep-alive connection, the leanest real client, so that the figures are the server's cost; httpx
adds 0.3 to 0.8 ms of its own per request on this machine):

- filtered ``/api/initiatives`` (resource + status) p50/p95 against the same question asked of the
  store in SPARQL (the raw store query: the #4 overhead target), and against the same search
  in-process;
- record pages (``/id/initiative/…`` as JSON and HTML) p50/p95 against the page's question asked
  of the store in SPARQL (the target), the in-process view, and the record's quads alone;
- the floor: a request that does no store work (``/context.jsonld``) through the same stack;
- the same SPARQL queries against Symbios' ``/sparql`` and against a peer endpoint built on
  rdflib (``rdflib-endpoint``, PyPI) serving the same data, as a ratio.

    python benchmarks/bench_api.py --sizes 10000,100000
    python benchmarks/bench_api.py --sizes 10000 --no-peer
"""

from __future__ import annotations

import argparse
import gc
import http.client
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import httpx  # noqa: E402
import uvicorn  # noqa: E402

from bench_store import PREFIXES, record, records  # noqa: E402
from catalogue.listing import search_initiatives  # noqa: E402
from catalogue.records import vocabulary_sources  # noqa: E402
from catalogue.settings import Settings  # noqa: E402
from catalogue.store import Store  # noqa: E402

QUERIES = {
    "place + year + barrier": """PREFIX sym: <https://w3id.org/symbios/def#>
        SELECT ?i WHERE { ?i sym:place <https://w3id.org/symbios/id/place/kommun-7> ; sym:startYear ?y ;
          sym:hasBarrier/sym:factorType <https://w3id.org/symbios/concept/barrier-types/regulation> . FILTER(?y < 2000) }""",
    "one record's exchanges": """PREFIX sym: <https://w3id.org/symbios/def#>
        SELECT ?x ?type WHERE { <https://w3id.org/symbios/id/initiative/init-42> sym:hasExchange ?x . ?x sym:resourceType ?type }""",
}


#: The listing's question (resource waste-heat or narrower, status active, first 20 by Swedish name,
#: and the total) asked of the store in SPARQL: what the route would cost without its indexes. The
#: facet counts, which the route also returns, are left out, so this is a lower bound.
LISTING_SPARQL = (
    """PREFIX sym: <https://w3id.org/symbios/def#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    SELECT DISTINCT ?i ?label WHERE {
      <https://w3id.org/symbios/concept/resource-types/waste-heat> ^skos:broader* ?t .
      ?i sym:hasExchange/sym:resourceType ?t ; sym:status <https://w3id.org/symbios/concept/initiative-status/active> ;
         skos:prefLabel ?label . FILTER(LANG(?label) = "sv") } ORDER BY ?label LIMIT 20""",
    """PREFIX sym: <https://w3id.org/symbios/def#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    SELECT (COUNT(DISTINCT ?i) AS ?total) WHERE {
      <https://w3id.org/symbios/concept/resource-types/waste-heat> ^skos:broader* ?t .
      ?i sym:hasExchange/sym:resourceType ?t ; sym:status <https://w3id.org/symbios/concept/initiative-status/active> }""",
)

#: The record page's question asked of the store in SPARQL: the record's triples and the names (sv
#: and en, as the page falls back from one to the other) of everything it refers to, which the page
#: shows by name. Run as /sparql runs it (CONSTRUCT, N-Triples), on the record named in {record}.
RECORD_SPARQL = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX dcterms: <http://purl.org/dc/terms/>
    CONSTRUCT { ?s ?p ?o . ?o ?naming ?name } WHERE {
      GRAPH <{record}> { ?s ?p ?o }
      OPTIONAL { FILTER(isIRI(?o)) VALUES ?naming { skos:prefLabel rdfs:label dcterms:title }
                 ?o ?naming ?name FILTER(LANG(?name) IN ("sv", "en")) } }"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(app) -> tuple[str, uvicorn.Server]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


class Client:
    """GET over one keep-alive HTTP/1.1 connection (``http.client``); raises on any status but 200."""

    def __init__(self, base: str) -> None:
        address = urlsplit(base)
        self.connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)

    def get(self, path: str, params: dict | None = None, headers: dict | None = None) -> bytes:
        target = path + ("?" + urlencode(params) if params else "")
        try:
            self.connection.request("GET", target, headers=headers or {})
            response = self.connection.getresponse()
        except (http.client.RemoteDisconnected, ConnectionError):  # the server closed an idle connection
            self.connection.close()
            self.connection.request("GET", target, headers=headers or {})
            response = self.connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"GET {target} answered {response.status}: {body[:200]!r}")
        return body


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return ordered[len(ordered) // 2] * 1000, ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000


def measure(function, n: int) -> tuple[float, float]:
    function()
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return percentiles(samples)


def symbios_serve(store: str, work: Path) -> tuple[str, subprocess.Popen, float]:
    """`symbios serve` over ``store`` as its own process, as deployed: the client below does not share
    its interpreter (nor its GIL) with the server."""
    port = free_port()
    environment = {**os.environ, "SYMBIOS_STORE": store, "SYMBIOS_CURATION_DB": str(work / "curation.sqlite")}
    start = time.perf_counter()
    process = subprocess.Popen([str(Path(sys.executable).parent / "symbios"), "serve", "--port", str(port)],
                               env=environment, stdout=open(work / "serve.log", "w"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"symbios serve stopped; see {work / 'serve.log'}")
        try:
            if httpx.get(f"{base}/api/initiatives?limit=1", timeout=5).status_code == 200:  # ready once indexed
                return base, process, time.perf_counter() - start
        except httpx.HTTPError:
            time.sleep(0.5)


def in_process(store: Store, sample, n: int) -> tuple:
    """p50/p95 of the listing (facets included), the record view, the record's quads alone, and the
    listing's and the record page's questions in SPARQL."""
    from catalogue.service import Catalogue
    from catalogue.views import initiative_view

    catalogue = Catalogue(store)
    listing = measure(lambda: search_initiatives(catalogue, {"resource": ["waste-heat"], "status": ["active"]}, None,
                                                 None, None, None, "sv", 20, 0), n)
    page = sample()
    view = measure(lambda: initiative_view(store, catalogue.labels, next(page), "sv"), n)
    page = sample()
    raw = measure(lambda: store.graph_digest(f"https://w3id.org/symbios/id/initiative/{next(page)}"), n)
    assert len(store.select(LISTING_SPARQL[0]).rows) == 20
    sparql_listing = measure(lambda: [store.select(text) for text in LISTING_SPARQL], max(5, n // 20))
    page = sample()
    record_query = lambda: store.protocol_query(  # noqa: E731
        RECORD_SPARQL.replace("{record}", f"https://w3id.org/symbios/id/initiative/{next(page)}"), "json", "ntriples")
    sparql_record = measure(record_query, n)
    return listing, view, raw, sparql_listing, sparql_record


def overhead(ratio: float) -> str:
    """The #4 target: API time over the time of the raw store query answering the same question."""
    return f"[target < 1.5x: {'OK' if ratio < 1.5 else 'OVER'}]"


def run(size: int, peer: bool, work: Path, n: int) -> None:
    print(f"\n== {size:,} initiatives ==".replace(",", " "), flush=True)
    settings = Settings(store=str(work / f"store-{size}"))
    store = Store.open(settings.store)
    start = time.perf_counter()
    store.bulk_load_records(records(size), PREFIXES)
    for source in vocabulary_sources(settings.ontology_dir):
        for path in source.paths:
            store.bulk_load_file(path, source.graph)
    print(f"loaded {len(store):,} quads in {time.perf_counter() - start:.1f} s".replace(",", " "), flush=True)
    rng = random.Random(7)

    def sample():  # a fresh random draw for each figure, so no figure reads records another one warmed up
        return iter([f"init-{rng.randrange(size)}" for _ in range(n + 1)])

    # In-process first, on the same store and the same code the routes call; then the store is
    # closed (and the in-process indexes freed) and served by `symbios serve` in its own process.
    local_listing, local_view, raw_read, sparql_listing, sparql_record = in_process(store, sample, n)
    store.close()
    gc.collect()

    base, server, started = symbios_serve(settings.store, work)
    print(f"symbios serve ready (labels, facet, concept, similarity and text indexes) in {started:.1f} s", flush=True)
    client = Client(base)
    try:
        floor = measure(lambda: client.get("/context.jsonld"), n)
        print(f"HTTP floor (/context.jsonld, no store work): p50 {floor[0]:.2f} ms, p95 {floor[1]:.2f} ms", flush=True)
        over_http = measure(lambda: client.get("/api/initiatives", params={"resource": "waste-heat", "status": "active", "limit": 20}), n)
        print(f"filtered /api/initiatives: p50 {over_http[0]:.1f} ms, p95 {over_http[1]:.1f} ms [target p95 < 100 ms: "
              f"{'OK' if over_http[1] < 100 else 'OVER'}]; the same question asked of the store in SPARQL "
              f"{sparql_listing[0]:.1f} ms -> {over_http[0] / sparql_listing[0]:.3f}x {overhead(over_http[0] / sparql_listing[0])}; "
              f"over its function in-process ({local_listing[0]:.1f} ms) {over_http[0] / max(local_listing[0], 0.001):.2f}x",
              flush=True)
        page = sample()
        over_http = measure(lambda: client.get(f"/id/initiative/{next(page)}.json"), n)
        print(f"record page (JSON): p50 {over_http[0]:.1f} ms, p95 {over_http[1]:.1f} ms [target p95 < 30 ms: "
              f"{'OK' if over_http[1] < 30 else 'OVER'}]; the page's question asked of the store in SPARQL "
              f"{sparql_record[0]:.2f} ms -> {over_http[0] / sparql_record[0]:.2f}x {overhead(over_http[0] / sparql_record[0])}; "
              f"over its function in-process ({local_view[0]:.1f} ms) {over_http[0] / max(local_view[0], 0.001):.2f}x; "
              f"over the record's quads alone ({raw_read[0]:.2f} ms) {over_http[0] / raw_read[0]:.2f}x", flush=True)
        page = sample()
        html = measure(lambda: client.get(f"/id/initiative/{next(page)}", headers={"accept": "text/html"}), n)
        print(f"record page (HTML): p50 {html[0]:.1f} ms, p95 {html[1]:.1f} ms", flush=True)
        sparql(client, peer, size, n)
    finally:
        server.terminate()
        server.wait(30)


def sparql(client: Client, peer: bool, size: int, n: int) -> None:
    peer_base = None
    if peer:
        from rdflib import Graph
        from rdflib_endpoint import SparqlEndpoint

        # One graph: the queries name no graph, and a Dataset of 100 000 named graphs on rdflib's
        # memory store outgrew this machine's 24 GB (the process was killed).
        start = time.perf_counter()
        graph = Graph()
        rng_records = random.Random(size)
        for index in range(size):
            graph.parse(data=PREFIXES + record(index, rng_records), format="turtle")
        print(f"peer (rdflib-endpoint) loaded in {time.perf_counter() - start:.1f} s", flush=True)
        peer_base, peer_server = serve(SparqlEndpoint(graph=graph, path="/sparql"))
    for name, text in QUERIES.items():
        ours = measure(lambda: client.get("/sparql", params={"query": text}, headers={"accept": "application/sparql-results+json"}), max(5, n // 10))
        line = f"/sparql '{name}': Symbios p50 {ours[0]:.1f} ms"
        if peer_base:
            theirs = measure(lambda: httpx.get(f"{peer_base}/sparql", params={"query": text}, headers={"accept": "application/sparql-results+json"}, timeout=600).raise_for_status(), 3)
            line += f", rdflib-endpoint p50 {theirs[0]:.1f} ms -> {theirs[0] / ours[0]:.0f}x"
        print(line, flush=True)
    if peer_base:
        peer_server.should_exit = True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000", help="comma-separated catalogue sizes")
    parser.add_argument("--requests", type=int, default=200, help="requests per measurement")
    parser.add_argument("--no-peer", action="store_true", help="skip the rdflib-endpoint peer")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="symbios-bench-api-") as folder:
        for size in (int(s) for s in args.sizes.split(",")):
            run(size, not args.no_peer, Path(folder), args.requests)
    # Leave without the interpreter's teardown: freeing the peer's rdflib graph of 10 million
    # triples one object at a time took over ten minutes after the 100k run had printed everything.
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
