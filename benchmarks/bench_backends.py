"""Backends compared (#8): the same API requests on the embedded store, on Virtuoso and on
Oxigraph server, and read throughput with one, two and three replicas behind a round-robin.

Each backend gets the synthetic catalogue of bench_store.py (plus the ontology and schemes),
bulk-loaded by its own loader; then `symbios serve` runs over it as a separate process and this
script measures over HTTP: latency p50/p95 of each request alone, and throughput (requests per
second) of a mix sent by concurrent clients. Replicas are `symbios serve --follow` processes fed
by an embedded primary's change feed. Ratios are against the embedded store in the same run.

    python benchmarks/bench_backends.py --sizes 10000
    python benchmarks/bench_backends.py --sizes 10000,100000 --clients 8 --seconds 10
    python benchmarks/bench_backends.py --sizes 10000 --backends embedded,oxigraph --no-replicas
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import httpx  # noqa: E402
import pyoxigraph as ox  # noqa: E402

from bench_api import QUERIES  # noqa: E402
from bench_store import PREFIXES, records  # noqa: E402
from catalogue.records import vocabulary_sources  # noqa: E402
from catalogue.settings import Settings  # noqa: E402

BIN = Path(sys.executable).parent
SPARQL = QUERIES  # the same SPARQL as bench_api.py
JSON_RESULTS = {"accept": "application/sparql-results+json"}


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_nquads(size: int, path: Path) -> int:
    """The synthetic catalogue and the vocabulary as one N-Quads file; returns the quad count."""
    count = 0
    with open(path, "wb") as out:
        for name, text in records(size):
            quads = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(name))
                     for t in ox.parse((PREFIXES + text).encode(), format=ox.RdfFormat.TURTLE)]
            out.write(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
            count += len(quads)
        for source in vocabulary_sources(Settings().ontology_dir):
            for file in source.paths:
                quads = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(source.graph))
                         for t in ox.parse(path=str(file), format=ox.RdfFormat.TURTLE)]
                out.write(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
                count += len(quads)
    return count


# -- backends: each loads the N-Quads file and returns (SYMBIOS_* environment, stop function) --


def embedded(work: Path, nquads: Path) -> tuple[dict, callable]:
    location = work / "embedded"
    store = ox.Store(str(location))
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    return {"SYMBIOS_STORE": str(location)}, lambda: None


def oxigraph(work: Path, nquads: Path) -> tuple[dict, callable]:
    location, port = work / "oxigraph", free_port()
    subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(location), "--file", str(nquads)],
                   check=True, capture_output=True)
    process = subprocess.Popen([str(BIN / "oxigraph"), "serve", "--location", str(location), "--bind",
                                f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D")
    return {"SYMBIOS_STORE": f"sparql+http://127.0.0.1:{port}/query"}, lambda: (process.terminate(), process.wait())


def virtuoso(work: Path, nquads: Path) -> tuple[dict, callable]:
    if not shutil.which("virtuoso-t"):
        raise RuntimeError("virtuoso-t is not installed (apt-get install virtuoso-opensource)")
    directory, port, isql = work / "virtuoso", free_port(), free_port()
    subprocess.run([str(ROOT / ".ci" / "virtuoso"), "start", str(directory), str(port), str(isql)], check=True,
                   capture_output=True)
    shutil.copy(nquads, directory / "catalogue.nq")  # Virtuoso's bulk loader reads from its own folder
    subprocess.run(["isql-vt", f"127.0.0.1:{isql}", "dba", "dba",
                    f"exec=ld_dir('{directory}', 'catalogue.nq', 'urn:symbios:unused'); rdf_loader_run(); checkpoint;"],
                   check=True, capture_output=True)
    stop = lambda: subprocess.run([str(ROOT / ".ci" / "virtuoso"), "stop", str(directory)], capture_output=True)  # noqa: E731
    return ({"SYMBIOS_STORE": f"sparql+http://127.0.0.1:{port}/sparql", "SYMBIOS_STORE_USER": "dba",
             "SYMBIOS_STORE_PASSWORD": "dba"}, stop)


BACKENDS = {"embedded": embedded, "virtuoso": virtuoso, "oxigraph": oxigraph}


# -- serving and measuring ---------------------------------------------------------------------


def wait_for(url: str, timeout: float = 1800) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=5).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


def serve(env: dict, work: Path, name: str, *arguments: str) -> tuple[str, subprocess.Popen, float]:
    port = free_port()
    folder = work / f"serve-{name}"
    folder.mkdir(exist_ok=True)
    environment = {**os.environ, "SYMBIOS_CURATION_DB": str(folder / "curation.sqlite"), **env}
    start = time.perf_counter()
    process = subprocess.Popen([str(BIN / "symbios"), "serve", "--port", str(port), *arguments], env=environment,
                               stdout=open(folder / "log", "w"), stderr=subprocess.STDOUT)
    wait_for(f"http://127.0.0.1:{port}/api/initiatives?limit=1")  # served from the indexes: ready when built
    return f"http://127.0.0.1:{port}", process, time.perf_counter() - start


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return ordered[len(ordered) // 2] * 1000, ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000


def requests_for(size: int) -> dict:
    rng = random.Random(3)
    return {
        "filtered /api/initiatives": lambda c: c.get("/api/initiatives", params={"resource": "waste-heat", "status": "active", "limit": 20}),
        "record page (JSON)": lambda c: c.get(f"/id/initiative/init-{rng.randrange(size)}.json"),
        "record page (HTML)": lambda c: c.get(f"/id/initiative/init-{rng.randrange(size)}", headers={"accept": "text/html"}),
        **{f"/sparql {name}": (lambda text: lambda c: c.get("/sparql", params={"query": text}, headers=JSON_RESULTS))(text)
           for name, text in SPARQL.items()},
    }


def answers(base: str) -> dict:
    """What the catalogue says at this size, to check every backend answers alike before timing
    it: the totals and facet counts of the unfiltered and the filtered listing."""
    found = {}
    with httpx.Client(base_url=base, timeout=600) as client:
        for label, params in (("all", {}), ("filtered", {"resource": "waste-heat", "status": "active"})):
            body = client.get("/api/initiatives", params={**params, "limit": 1}).raise_for_status().json()
            found[f"{label} total"] = body["total"]
            found[f"{label} facets"] = body["facets"]
    return found


def latency(base: str, request, n: int) -> tuple[float, float]:
    with httpx.Client(base_url=base, timeout=120) as client:
        request(client).raise_for_status()
        samples = []
        for _ in range(n):
            start = time.perf_counter()
            request(client).raise_for_status()
            samples.append(time.perf_counter() - start)
    return percentiles(samples)


def throughput(bases: list[str], size: int, clients: int, seconds: float) -> float:
    """Requests per second of a read mix (record pages and a SPARQL lookup) from concurrent
    clients, each sending to the servers in turn (round-robin)."""
    done, errors, stop = [0] * clients, [0], threading.Event()

    def client(number: int) -> None:
        rng = random.Random(number)
        sessions = [httpx.Client(base_url=b, timeout=120) for b in bases]
        turn = number
        while not stop.is_set():
            http = sessions[turn % len(sessions)]
            turn += 1
            if rng.random() < 0.7:
                response = http.get(f"/id/initiative/init-{rng.randrange(size)}.json")
            else:
                response = http.get("/sparql", params={"query": SPARQL["one record's exchanges"]}, headers=JSON_RESULTS)
            if response.status_code == 200:
                done[number] += 1
            else:
                errors[0] += 1
        for session in sessions:
            session.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    if errors[0]:
        print(f"  ({errors[0]} requests failed)")
    return sum(done) / seconds


def run(size: int, names: list[str], work: Path, n: int, clients: int, seconds: float, replicas: bool) -> None:
    print(f"\n== {size:,} initiatives ==".replace(",", " "), flush=True)
    nquads = work / "catalogue.nq"
    start = time.perf_counter()
    quads = write_nquads(size, nquads)
    print(f"synthetic catalogue: {quads:,} quads written in {time.perf_counter() - start:.1f} s".replace(",", " "), flush=True)
    table: dict[str, dict[str, float]] = {}
    expected: dict[str, dict] = {}
    for name in names:
        start = time.perf_counter()
        try:
            env, stop = BACKENDS[name](work, nquads)
        except (RuntimeError, subprocess.CalledProcessError) as error:
            print(f"{name}: skipped ({error})", flush=True)
            continue
        print(f"{name}: bulk-loaded in {time.perf_counter() - start:.1f} s", flush=True)
        try:
            base, process, started = serve(env, work, name)
            print(f"{name}: app start {started:.1f} s", flush=True)
            row = table.setdefault(name, {})
            found = answers(base)
            print(f"  total {found['all total']}, filtered {found['filtered total']}", flush=True)
            if "embedded" in expected and found != expected["embedded"]:
                differing = [key for key in found if found[key] != expected["embedded"].get(key)]
                print(f"  ANSWERS DIFFER from the embedded store's: {', '.join(differing)}", flush=True)
            expected[name] = found
            for label, request in requests_for(size).items():
                p50, p95 = latency(base, request, n)
                row[label] = p50
                print(f"  {label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms", flush=True)
            row["throughput"] = throughput([base], size, clients, seconds)
            print(f"  throughput, {clients} concurrent clients: {row['throughput']:.0f} req/s", flush=True)
            process.terminate()
            process.wait()
        finally:
            stop()
    if "embedded" in table:
        print("\nratios against the embedded store (latency p50: >1 is slower; throughput: <1 is less):")
        for name, row in table.items():
            if name != "embedded":
                parts = [f"{label} {row[label] / max(table['embedded'][label], 0.001):.2f}x" for label in row]
                print(f"  {name}: " + "; ".join(parts))
    if replicas:
        replica_throughput(size, work, nquads, clients, seconds)


def replica_throughput(size: int, work: Path, nquads: Path, clients: int, seconds: float) -> None:
    (work / "primary").mkdir()
    env, _ = embedded(work / "primary", nquads)
    primary, primary_process, _ = serve(env, work, "primary")
    started, processes, rates = [], [], []
    try:
        for n in (1, 2, 3):
            folder = work / f"replica-{n}"
            folder.mkdir()
            start = time.perf_counter()
            base, process, _ = serve({"SYMBIOS_STORE": str(folder / "store")}, work, f"replica-{n}",
                                     "--follow", f"{primary}/feed")
            wait_for_count(base, primary)
            print(f"replica {n} caught up from the primary's dump in {time.perf_counter() - start:.1f} s", flush=True)
            started.append(base)
            processes.append(process)
            rate = throughput(started, size, clients, seconds)
            rates.append(rate)
            print(f"  {n} replica(s) behind round-robin, {clients} clients: {rate:.0f} req/s"
                  f" ({rate / rates[0]:.2f}x one replica)", flush=True)
    finally:
        for process in [*processes, primary_process]:
            process.terminate()
            process.wait()


def wait_for_count(replica: str, primary: str, timeout: float = 1800) -> None:
    def total(base: str) -> int:
        return httpx.get(f"{base}/api/initiatives", params={"limit": 1}, timeout=60).json()["total"]

    want = total(primary)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if total(replica) == want:
            return
        time.sleep(0.5)
    raise RuntimeError(f"the replica at {replica} did not catch up within {timeout:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000", help="comma-separated catalogue sizes")
    parser.add_argument("--backends", default="embedded,virtuoso,oxigraph")
    parser.add_argument("--requests", type=int, default=100, help="requests per latency measurement")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients for throughput")
    parser.add_argument("--seconds", type=float, default=10, help="length of each throughput run")
    parser.add_argument("--no-replicas", action="store_true", help="skip the replica throughput runs")
    args = parser.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix="symbios-bench-backends-") as folder:
            run(size, args.backends.split(","), Path(folder), args.requests, args.clients, args.seconds,
                not args.no_replicas)


if __name__ == "__main__":
    main()
