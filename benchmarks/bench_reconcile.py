"""The reconciliation service (#22) at size: build after a publish, batches, suggest, data extension.

Loads the synthetic catalogue of bench_store.py (initiatives "Initiativ N", with their places and
resource types) into an on-disk store, starts the app and serves it on loopback, then measures
with an HTTP client, in one run per size:

- the first /reconcile request, which builds the service's entities (once per catalogue version),
  and the memory that adds (RSS before and after);
- a batch of 10 reconciliation queries (initiative names with a typo, half of them with a
  municipality constraint), p50/p95;
- entity suggestions for a prefix, and a data extension of 10 initiatives, p50/p95;

and prints how each grows from the smallest size (ratios).

    python benchmarks/bench_reconcile.py --sizes 1000,10000
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import httpx  # noqa: E402

from bench_api import measure, serve  # noqa: E402
from bench_store import PREFIXES, records  # noqa: E402
from catalogue.records import vocabulary_sources  # noqa: E402
from catalogue.settings import Settings  # noqa: E402
from catalogue.store import Store  # noqa: E402

INITIATIVE = "https://w3id.org/symbios/def#Initiative"


def rss_mb() -> float:
    """Resident memory now (Linux /proc), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(size: int, work: Path, n: int) -> dict[str, float]:
    from api.app import create_app

    print(f"\n== {size:,} initiatives ==".replace(",", " "), flush=True)
    settings = Settings(store=str(work / f"store-{size}"))
    store = Store.open(settings.store)
    store.bulk_load_records(records(size), PREFIXES)
    for source in vocabulary_sources(settings.ontology_dir):
        for path in source.paths:
            store.bulk_load_file(path, source.graph)
    app = create_app(settings, store=store)
    base, server = serve(app)
    client = httpx.Client(base_url=base, timeout=300)
    rng = random.Random(5)
    before = rss_mb()
    start = time.perf_counter()
    client.get("/reconcile", params={"queries": json.dumps({"q0": {"query": "Initiativ 1"}})}).raise_for_status()
    build = time.perf_counter() - start
    grown = rss_mb() - before
    results = {"first request (build) s": build, "memory of the service MB": grown}
    print(f"first request after a publish (builds the entities): {build:.2f} s, +{grown:.0f} MB RSS", flush=True)

    def batch():
        queries = {}
        for k in range(10):
            name = f"Initiatve {rng.randrange(size)}"  # a typo, as spreadsheets have
            query = {"query": name, "type": INITIATIVE, "limit": 3}
            if k % 2:
                query["properties"] = [{"pid": "municipality", "v": f"kommun-{rng.randrange(290)}"}]
            queries[f"q{k}"] = query
        client.post("/reconcile", data={"queries": json.dumps(queries)}).raise_for_status()

    for name, function in (
        ("batch of 10", batch),
        ("suggest", lambda: client.get("/reconcile/suggest/entity",
                                       params={"prefix": f"Initiativ {rng.randrange(size)}"}).raise_for_status()),
        ("extend 10", lambda: client.get("/reconcile", params={"extend": json.dumps({
            "ids": [f"https://w3id.org/symbios/id/initiative/init-{rng.randrange(size)}" for _ in range(10)],
            "properties": [{"id": "municipality"}, {"id": "resource"}]})}).raise_for_status()),
    ):
        p50, p95 = measure(function, n)
        results[f"{name} p95 ms"] = p95
        print(f"{name}: p50 {p50:.1f} ms, p95 {p95:.1f} ms", flush=True)
    server.should_exit = True
    store.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--requests", type=int, default=30)
    arguments = parser.parse_args()
    sizes = [int(s) for s in arguments.sizes.split(",")]
    with tempfile.TemporaryDirectory() as folder:
        found = {size: run(size, Path(folder), arguments.requests) for size in sizes}
    smallest = sizes[0]
    print(f"\n== growth from {smallest} ==")
    for size in sizes[1:]:
        for key, value in found[size].items():
            print(f"{size}: {key} {value:.1f} ({value / max(found[smallest][key], 1e-9):.1f}x {smallest}'s)")


if __name__ == "__main__":
    main()
